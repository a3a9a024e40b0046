package importer

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/sitefs"
	"github.com/gongkai-dev/gongkai/internal/zipcheck"
)

// Docx imports a Word .docx, read from its XML directly: every paragraph of
// word/document.xml becomes a line (a line break inside a paragraph starts a
// new one), every table row a line of cells separated by " | " (so that a
// metadata table reads like the "键 | 值 |" layout of web pages). The title
// in the document's properties is used when the text has none.
func Docx(name string, src []byte) (*Result, error) {
	a, err := zipcheck.New(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, fmt.Errorf("不是有效的 .docx 文件: %w", err)
	}
	docPart, corePart := a.Find("word/document.xml"), a.Find("docProps/core.xml")
	if docPart == nil {
		return nil, fmt.Errorf("不是 Word 文档：缺少 word/document.xml")
	}
	var core []byte
	if corePart != nil {
		if rc, err := zipcheck.OpenPart(corePart, maxCoreXML); err == nil {
			core, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	rc, err := zipcheck.OpenPart(docPart, MaxDocumentXML)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	paras, numbered, err := docxParagraphs(rc)
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

// Limits on a .docx (docs/security.md): its body is read as a stream from
// the archive, after the archive's directory said how large it is.
const (
	// MaxDocx is the largest .docx file.
	MaxDocx = 32 << 20
	// MaxDocumentXML is the most word/document.xml may inflate to: a
	// 200-page document has a few MB.
	MaxDocumentXML = 16 << 20
	// MaxParagraphs is the number of paragraphs and table rows, empty ones
	// included, a document may have.
	MaxParagraphs = 100_000
	// MaxText is the text a document may hold: twice what a Markdown
	// document may be (sitefs.MaxMarkdown), which the result must fit.
	MaxText = 2 * sitefs.MaxMarkdown
	// maxCoreXML is the limit of docProps/core.xml (the title).
	maxCoreXML = 1 << 20
)

const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// docxParagraphs returns the text of the body's paragraphs and table rows,
// and the numbers of the paragraphs that use automatic numbering. It
// refuses more than MaxParagraphs paragraphs or MaxText of text.
func docxParagraphs(doc io.Reader) (paras []string, numbered []int, err error) {
	d := zipcheck.NewDecoder(doc)
	size, n := 0, 0 // text kept, in bytes; paragraphs and rows
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
				if size += len(text); size > MaxText {
					return nil, nil, fmt.Errorf("正文超过 %s", sitefs.Size(MaxText))
				}
				if n++; n > MaxParagraphs {
					return nil, nil, fmt.Errorf("段落和表格行超过 %d 个", MaxParagraphs)
				}
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
				if n++; n > MaxParagraphs {
					return nil, nil, fmt.Errorf("段落和表格行超过 %d 个", MaxParagraphs)
				}
				if tblDepth == 1 {
					paras = append(paras, strings.Join(row, " | ")+" |")
				}
			case "tbl":
				tblDepth--
			}
		case xml.CharData:
			if inPara > 0 && skip == 0 && cur.Len() <= MaxText {
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
