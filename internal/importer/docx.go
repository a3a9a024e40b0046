package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Docx imports a Word .docx, read from its XML directly: every paragraph of
// word/document.xml becomes a line (a line break inside a paragraph starts a
// new one), every table row a line of cells separated by " | " (so that a
// metadata table reads like the "键 | 值 |" layout of web pages). The title
// in the document's properties is used when the text has none.
func Docx(name string, src []byte) (*Result, error) {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, fmt.Errorf("不是有效的 .docx 文件（zip）: %w", err)
	}
	var doc, core []byte
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			doc, err = readZip(f)
		case "docProps/core.xml":
			core, _ = readZip(f)
		}
		if err != nil {
			return nil, err
		}
	}
	if doc == nil {
		return nil, fmt.Errorf("不是 Word 文档：缺少 word/document.xml")
	}
	paras, numbered, err := docxParagraphs(doc)
	if err != nil {
		return nil, fmt.Errorf("word/document.xml: %w", err)
	}
	var lines []srcLine
	for i, p := range paras {
		for _, l := range strings.Split(p, "\n") {
			lines = append(lines, srcLine{n: i + 1, text: l})
		}
	}
	res := convert(name, lines, coreTitle(core))
	for _, n := range numbered {
		res.Notes = append(res.Notes, Note{Kind: Unrecognised, Line: n, Msg: "段落使用 Word 自动编号，编号未能转换，请核对标题层级"})
	}
	return res, nil
}

// maxPart bounds what is read from one part of the archive.
const maxPart = 64 << 20

func readZip(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxPart+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	if len(b) > maxPart {
		return nil, fmt.Errorf("%s 过大", f.Name)
	}
	return b, nil
}

const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// docxParagraphs returns the text of the body's paragraphs and table rows,
// and the numbers of the paragraphs that use automatic numbering.
func docxParagraphs(doc []byte) (paras []string, numbered []int, err error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	var (
		cur      strings.Builder // the current paragraph
		inPara   int
		tblDepth int
		row      []string // cells of the current table row
		cell     strings.Builder
		inCell   bool
		skip     int // inside deleted text, field instructions
		hasNum   bool
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "del", "instrText", "delText":
				skip++
			case "p":
				inPara++
				cur.Reset()
				hasNum = false
			case "numPr":
				hasNum = true
			case "tab":
				if skip == 0 {
					cur.WriteString("\t")
				}
			case "br", "cr":
				if skip == 0 {
					cur.WriteString("\n")
				}
			case "tbl":
				tblDepth++
			case "tr":
				if tblDepth == 1 {
					row = row[:0]
				}
			case "tc":
				if tblDepth == 1 {
					inCell = true
					cell.Reset()
				}
			}
		case xml.EndElement:
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "del", "instrText", "delText":
				skip--
			case "p":
				inPara--
				text := cur.String()
				if inCell {
					if cell.Len() > 0 && text != "" {
						cell.WriteString(" ")
					}
					cell.WriteString(strings.ReplaceAll(text, "\n", " "))
				} else {
					paras = append(paras, text)
					if hasNum && strings.TrimSpace(text) != "" {
						numbered = append(numbered, len(paras))
					}
				}
			case "tc":
				if tblDepth == 1 {
					row = append(row, strings.TrimSpace(cell.String()))
					inCell = false
				}
			case "tr":
				if tblDepth == 1 {
					paras = append(paras, strings.Join(row, " | ")+" |")
				}
			case "tbl":
				tblDepth--
			}
		case xml.CharData:
			if inPara > 0 && skip == 0 {
				cur.Write(t)
			}
		}
	}
	return paras, numbered, nil
}

// coreTitle returns dc:title of docProps/core.xml, or "".
func coreTitle(core []byte) string {
	if core == nil {
		return ""
	}
	var v struct {
		Title string `xml:"http://purl.org/dc/elements/1.1/ title"`
	}
	if xml.Unmarshal(core, &v) != nil {
		return ""
	}
	return strings.TrimSpace(v.Title)
}
