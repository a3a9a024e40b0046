package data

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// chineseCSV uses characters beyond GB2312 (镕, 堃) and a full-width space.
var chineseCSV = csvLines(
	"学校标识码,学校名称,学段,城乡分类代码,在校生数,教学仪器设备值（万元）,乡镇,办学类型",
	"2150000001,示例县第一小学,小学,111,１，２３４,35.6,城关街道,小学",
	"2150000002,朱镕基希望小学,小学,220,\u3000120\u3000,—,柳河乡,小学",
	"2150000003,堃山九年一贯制学校,初中,210,300,１２．５,石门乡,九年一贯制",
)

func encode(t *testing.T, enc encoding.Encoding, s string) string {
	t.Helper()
	b, err := enc.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGB18030LoadsLikeUTF8(t *testing.T) {
	utf8DS, dl := load(t, map[string]string{"data/2024/schools.csv": chineseCSV})
	noDiagnostics(t, dl)
	in := onlyCounty(t, utf8DS)
	if in.Parts[1].SchoolName != "朱镕基希望小学" || in.Parts[0].Students != 1234 || in.Parts[2].EquipmentValue.Value != 125000 {
		t.Fatalf("UTF-8 twin misread: %+v", in.Parts)
	}
	for _, tc := range []struct {
		name string
		enc  encoding.Encoding
	}{{"GB18030", simplifiedchinese.GB18030}, {"GBK", simplifiedchinese.GBK}} {
		t.Run(tc.name, func(t *testing.T) {
			b := encode(t, tc.enc, chineseCSV)
			if b == chineseCSV {
				t.Fatal("encoding did not change the bytes")
			}
			ds, dl := load(t, map[string]string{"data/2024/schools.csv": b})
			noDiagnostics(t, dl)
			if !reflect.DeepEqual(ds, utf8DS) {
				t.Errorf("%s file reads differently:\n%+v\n%+v", tc.name, ds.Years[0].Counties[0].Parts, in.Parts)
			}
		})
	}
}

func TestBOMLoadsLikeUTF8(t *testing.T) {
	a, dla := load(t, map[string]string{"data/2024/schools.csv": chineseCSV})
	b, dlb := load(t, map[string]string{"data/2024/schools.csv": "\uFEFF" + chineseCSV})
	noDiagnostics(t, dla)
	noDiagnostics(t, dlb)
	if !reflect.DeepEqual(a, b) {
		t.Error("BOM file reads differently")
	}
	// The header as written in messages carries no BOM.
	_, dl := load(t, map[string]string{"data/2024/schools.csv": "\uFEFF" + csvLines("在校学生数,学校标识码,学校名称,学段,城乡分类代码,在校生数", "1,1,a,小学,111,100")})
	wantDiag(t, dl.Warnings(), `data/2024/schools.csv:1: 在校学生数: 未知列, 已忽略; 是否想写 在校生数 (students)?`)
}

func TestUndecodableFile(t *testing.T) {
	// Lines 1 and 2 are fine; line 3 has bytes that are neither UTF-8 nor
	// GB18030 (0xFF is never a GB18030 byte).
	b := "学校标识码,学校名称,学段,城乡分类代码,在校生数\r\n1,a,小学,111,100\r\n2,\xff\xfe\xff,小学,111,100\r\n"
	ds, dl := load(t, map[string]string{"data/2024/schools.csv": b})
	wantDiag(t, dl.Errors(), `data/2024/schools.csv:3: 文件编码无法识别: 既不是 UTF-8 也不是 GB18030/GBK; 请在 Excel 中另存为 "CSV UTF-8(逗号分隔)"`)
	if len(dl.All()) != 1 {
		t.Errorf("diagnostics: %q", texts(dl.All()))
	}
	// Never mojibake: nothing is read from it.
	if in := onlyCounty(t, ds); len(in.Parts) != 0 {
		t.Errorf("parts read from an undecodable file: %+v", in.Parts)
	}

	u16 := "\xff\xfe" + strings.Repeat("a\x00", 10)
	_, dl = load(t, map[string]string{"data/2024/schools.csv": u16})
	wantDiag(t, dl.Errors(), `data/2024/schools.csv:1: 文件是 UTF-16 编码(Excel 的 "Unicode 文本"); 请在 Excel 中另存为 "CSV UTF-8(逗号分隔)"`)
}

func TestDecodeText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		enc  encodingName
	}{
		{"abc", "abc", encUTF8},
		{"\uFEFF你好", "你好", encUTF8BOM},
		{"\xc4\xe3\xba\xc3", "你好", encGB18030},     // 你好 in GBK/GB18030
		{"\x81\x30\x81\x30", "\u0080", encGB18030}, // a four-byte GB18030 sequence
		{"\x84\x31\xa4\x37", "\uFFFD", encGB18030}, // U+FFFD written in GB18030 is not an error
		{"\x80", "€", encGBK},                      // CP936's euro sign
		{"\x84\x31\x95\x33ab", "ab", encGB18030},   // GB18030 byte-order mark
	} {
		got, enc, _, msg := decodeText([]byte(tc.in))
		if msg != "" || string(got) != tc.want || enc != tc.enc {
			t.Errorf("decodeText(%q) = %q, %s, %q; want %q, %s", tc.in, got, enc, msg, tc.want, tc.enc)
		}
	}
	for _, bad := range []string{"\xff", "a\n\n\x81", "\xc4"} {
		if _, _, line, msg := decodeText([]byte(bad)); msg == "" || line < 1 {
			t.Errorf("decodeText(%q) accepted (line %d)", bad, line)
		}
	}
}
