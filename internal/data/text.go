package data

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// encodingName names the encoding a file was found in.
type encodingName string

const (
	encUTF8    encodingName = "UTF-8"
	encUTF8BOM encodingName = "UTF-8 (BOM)"
	encGB18030 encodingName = "GB18030"
	encGBK     encodingName = "GBK"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// decodeText returns the text of a file as UTF-8 without a byte-order mark.
// Valid UTF-8 is taken as it is; anything else must decode as GB18030 (or
// GBK, as Excel saves CSV on Chinese Windows) and re-encode to the very same
// bytes, so that a file in another encoding is refused rather than turned
// into mojibake. On failure it returns the 1-based line of the first byte
// that is not UTF-8, and a message.
func decodeText(b []byte) (text []byte, enc encodingName, badLine int, msg string) {
	if utf8.Valid(b) {
		if bytes.HasPrefix(b, bom) {
			return b[len(bom):], encUTF8BOM, 0, ""
		}
		return b, encUTF8, 0, ""
	}
	for _, e := range []struct {
		enc  encoding.Encoding
		name encodingName
	}{{simplifiedchinese.GB18030, encGB18030}, {simplifiedchinese.GBK, encGBK}} {
		if t, ok := roundTrip(e.enc, b); ok {
			t = bytes.TrimPrefix(t, bom) // a GB18030 byte-order mark decodes to U+FEFF
			return t, e.name, 0, ""
		}
	}
	// Place the error at the first byte that is not UTF-8.
	i := 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		i += size
	}
	line := 1 + bytes.Count(b[:i], []byte{'\n'})
	msg = "文件编码无法识别: 既不是 UTF-8 也不是 GB18030/GBK; 请在 Excel 中另存为 \"CSV UTF-8(逗号分隔)\""
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		msg = "文件是 UTF-16 编码(Excel 的 \"Unicode 文本\"); 请在 Excel 中另存为 \"CSV UTF-8(逗号分隔)\""
		line = 1
	}
	return nil, "", line, msg
}

// roundTrip decodes b with enc and accepts the result only when encoding it
// again gives b back: the decoders of x/text replace invalid bytes with
// U+FFFD rather than fail.
func roundTrip(enc encoding.Encoding, b []byte) ([]byte, bool) {
	t, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return nil, false
	}
	back, err := enc.NewEncoder().Bytes(t)
	if err != nil || !bytes.Equal(back, b) {
		return nil, false
	}
	return t, true
}
