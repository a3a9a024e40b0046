package synth

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"strings"
)

// Crafted archives: workbooks and Word documents made to cost an importer
// as much as possible (a few MB that inflate to gigabytes, millions of
// empty paragraphs, a cell at the far corner of a sheet, …), and the
// largest honest ones within gongkai's limits. The tests check that each is
// read or refused; scripts/bench.sh measures the time and memory of
// gongkai import and import-data on them (docs/security.md).

// Archive is one crafted file.
type Archive struct {
	Name string // file name, with .xlsx or .docx
	What string // what it tries
	Make func() []byte
}

// Archives returns the crafted files; scale (1 for the real thing, less
// for quick tests) shrinks the ones whose size is their point.
func Archives(scale float64) []Archive {
	mib := func(n float64) int { return int(n * scale * (1 << 20)) }
	return []Archive{
		{"inflated-sheet.xlsx", "a sheet of 512 MiB of spaces, some 500 KB packed",
			func() []byte { return XLSX(sheet(repeat(" ", mib(512)), ""), "") }},
		{"far-cell.xlsx", "one value in the last cell of a sheet, XFD1048576",
			func() []byte {
				return XLSX(sheet(schoolRows(3)+`<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`, ""), "")
			}},
		{"wide-rows.xlsx", "60,000 rows of one value in column IV, 15 million cells when padded",
			func() []byte {
				return XLSX(sheet(rowsFunc(60000, func(r int) string { return fmt.Sprintf(`<c r="IV%d"><v>1</v></c>`, r) }), ""), "")
			}},
		{"merges.xlsx", "10,000 merged ranges of 10,000 rows × 1,000 columns over a small table",
			func() []byte {
				var m strings.Builder
				m.WriteString(`<mergeCells count="10000">`)
				for i := 0; i < 10000; i++ {
					fmt.Fprintf(&m, `<mergeCell ref="A%d:ALL%d"/>`, i%5+1, i%5+10001)
				}
				m.WriteString(`</mergeCells>`)
				return XLSX(sheet(schoolRows(3), m.String()), "")
			}},
		{"shared-strings.xlsx", "15.5 MiB of shared strings, and a sheet of 15.5 MiB using them",
			func() []byte {
				n := mib(15.5) / 24
				var sst, rows strings.Builder
				for i := 0; i < n; i++ {
					fmt.Fprintf(&sst, "<si><t>s%07d</t></si>", i)
				}
				for i := 0; i < n && rows.Len() < mib(15.5)-100; i++ {
					fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>`, i+1, i+1, i)
				}
				return XLSX(sheet(rows.String(), ""), sst.String())
			}},
		{"long-cell.xlsx", "a school's name of 15 MiB",
			func() []byte {
				return XLSX(sheet(headerRow()+`<row r="2">`+inline("A2", "1")+inline("B2", repeat("长", mib(15)/3))+`</row>`, ""), "")
			}},
		{"deep.xlsx", "a sheet of elements nested a million deep",
			func() []byte { return XLSX(sheet(repeat("<a>", 1000000), ""), "") }},
		{"attributes.xlsx", "a row with 16 MiB of attributes",
			func() []byte {
				var b strings.Builder
				b.WriteString(`<row r="1"`)
				for i := 0; b.Len() < mib(15.5); i++ {
					fmt.Fprintf(&b, ` a%d="1"`, i)
				}
				b.WriteString(`/>`)
				return XLSX(sheet(b.String(), ""), "")
			}},
		{"entries.xlsx", "a workbook of 20,000 parts",
			func() []byte { return zipOf(xlsxParts(sheet(schoolRows(3), ""), ""), 20000) }},
		{"largest-sheet.xlsx", "school rows up to the limit of a sheet (16 MiB)",
			func() []byte { return XLSX(sheet(schoolRowsUpTo(mib(15.5)), ""), "") }},
		{"empty-paragraphs.docx", "63 MiB of empty paragraphs, some 100 KB packed",
			func() []byte { return DOCX(repeat("<w:p/>", mib(63)/6)) }},
		{"empty-paragraphs-16.docx", "16 MiB of empty paragraphs, within the size of a part",
			func() []byte { return DOCX(repeat("<w:p/>", mib(15.5)/6)) }},
		{"long-paragraph.docx", "one paragraph of 15 MiB of text",
			func() []byte { return DOCX("<w:p><w:r><w:t>" + repeat("正文", mib(15)/6) + "</w:t></w:r></w:p>") }},
		{"deep.docx", "a body of elements nested a million deep",
			func() []byte { return DOCX(repeat("<w:tbl>", 1000000)) }},
		{"largest-text.docx", "paragraphs of text up to the limit of a document (2 MiB)",
			func() []byte {
				p := "<w:p><w:r><w:t>各学校要按照规定做好义务教育招生入学工作，确保适龄儿童按时入学。</w:t></w:r></w:p>"
				return DOCX("<w:p><w:r><w:t>关于做好招生入学工作的通知</w:t></w:r></w:p>" + repeat(p, mib(1.95)/100))
			}},
	}
}

func repeat(s string, n int) string { return strings.Repeat(s, max(n, 0)) }

const spreadsheetNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

// sheet is a worksheet part with the rows given and, after them, merged
// ranges.
func sheet(rows, merges string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="` + spreadsheetNS + `"><sheetData>` + rows + `</sheetData>` + merges + `</worksheet>`
}

func rowsFunc(n int, cells func(r int) string) string {
	var b strings.Builder
	for r := 1; r <= n; r++ {
		fmt.Fprintf(&b, `<row r="%d">%s</row>`, r, cells(r))
	}
	return b.String()
}

var schoolHeader = []string{"学校标识码", "学校名称", "学段", "城乡分类代码", "在校生数"}

func inline(ref, s string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
}

func schoolRow(r, id int) string {
	return fmt.Sprintf(`<row r="%d">%s%s%s<c r="D%d"><v>111</v></c><c r="E%d"><v>%d</v></c></row>`, r,
		inline(fmt.Sprintf("A%d", r), fmt.Sprint(2150000000+id)), inline(fmt.Sprintf("B%d", r), fmt.Sprintf("第%d小学", id)),
		inline(fmt.Sprintf("C%d", r), "小学"), r, r, 100+id%900)
}

func headerRow() string {
	var b strings.Builder
	b.WriteString(`<row r="1">`)
	for i, h := range schoolHeader {
		b.WriteString(inline(fmt.Sprintf("%c1", 'A'+i), h))
	}
	b.WriteString(`</row>`)
	return b.String()
}

// schoolRows is a header and n schools.
func schoolRows(n int) string {
	var b strings.Builder
	b.WriteString(headerRow())
	for i := 1; i <= n; i++ {
		b.WriteString(schoolRow(i+1, i))
	}
	return b.String()
}

// schoolRowsUpTo is a header and as many schools as fit in size bytes.
func schoolRowsUpTo(size int) string {
	var b strings.Builder
	b.WriteString(headerRow())
	for i := 1; b.Len() < size-300; i++ {
		b.WriteString(schoolRow(i+1, i))
	}
	return b.String()
}

// XLSX is a workbook of one sheet, "Sheet1", with the sheet part given and
// the shared strings (<si> elements) when not "".
func XLSX(sheetXML, sst string) []byte { return zipOf(xlsxParts(sheetXML, sst), 0) }

func xlsxParts(sheetXML, sst string) [][2]string {
	types := `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
	rels := `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
	parts := [][2]string{}
	if sst != "" {
		types += `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
		rels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
		parts = append(parts, [2]string{"xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<sst xmlns="` + spreadsheetNS + `">` + sst + `</sst>`})
	}
	return append([][2]string{
		{"[Content_Types].xml", contentTypes(types)},
		{"_rels/.rels", relationships(`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>`)},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<workbook xmlns="` + spreadsheetNS + `" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", relationships(rels)},
		{"xl/worksheets/sheet1.xml", sheetXML},
	}, parts...)
}

// DOCX is a Word document whose body is the XML given (w: elements).
func DOCX(body string) []byte {
	return zipOf([][2]string{
		{"[Content_Types].xml", contentTypes(`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`)},
		{"_rels/.rels", relationships(`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>`)},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`},
	}, 0)
}

func contentTypes(overrides string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		overrides + `</Types>`
}

func relationships(rels string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`
}

// zipOf packs the parts, plus padding empty entries.
func zipOf(parts [][2]string, padding int) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	w.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) { return flate.NewWriter(out, flate.BestSpeed) })
	for _, p := range parts {
		f, err := w.Create(p[0])
		if err == nil {
			_, err = io.WriteString(f, p[1])
		}
		if err != nil {
			panic(err) // writing to memory
		}
	}
	for i := 0; i < padding; i++ {
		if _, err := w.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("xl/pad/%d.xml", i), Method: zip.Store}); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
