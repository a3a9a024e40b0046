package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
)

// MaxRows is the number of data rows a CSV file may have: twenty times a
// province's school parts, far below what would exhaust the memory.
const MaxRows = 100_000

// MaxCellBytes is the most bytes a cell of a CSV file may hold: a school's
// name is a few dozen, a note a few hundred. Names are repeated on many
// pages, so one cell of millions of characters would cost gigabytes.
const MaxCellBytes = 1024

// maxLineBytes is the most bytes a line may hold: a row of far more
// columns than the files have, each cell at its limit. A longer line is
// refused before the CSV reader, which would hold it several times over.
const maxLineBytes = 64 * MaxCellBytes

// table is a CSV file read and its header matched; cell values are not yet
// parsed.
type table struct {
	file  string
	names *names           // the copies of the cells a school part keeps
	field [nColumns]int    // field index of each column; -1 when absent
	head  [nColumns]string // header as written
	scale [nColumns]int    // decimal shift of the header's unit
	// bad marks a column present but unusable (an unknown unit): its cells are
	// not read, and it is not reported missing.
	bad  [nColumns]bool
	rows []record
	// records counts the non-empty records after the header, including
	// those refused for their number of fields.
	records int
	// headerOK is false when the first row is not a header at all.
	headerOK bool
}

// record is one non-empty CSV record with the line it starts on.
type record struct {
	line   int
	fields []string
}

// has reports whether column c can be read.
func (t *table) has(c int) bool { return t.field[c] >= 0 && !t.bad[c] }

// cell returns the raw cell of column c in r, and whether the column is there.
func (t *table) cell(r record, c int) (string, bool) {
	if !t.has(c) {
		return "", false
	}
	return r.fields[t.field[c]], true
}

// openCSV decodes b (decodeText) and returns a reader of its records, which
// may have any number of fields; nil, with the error in dl, when b is in
// an encoding that cannot be read.
func openCSV(b []byte, file string, dl *diag.List) *csv.Reader {
	text, _, badLine, msg := decodeText(b)
	if msg != "" {
		dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: badLine, Msg: msg})
		return nil
	}
	if line, n := longestLine(text); n > maxLineBytes {
		dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: line,
			Msg: fmt.Sprintf("本行过长（%s），一行最多 %s，一个单元格最多 %d 字节（约 %d 个汉字）；请检查是否把别的内容粘贴进了单元格",
				sitefs.Size(int64(n)), sitefs.Size(maxLineBytes), MaxCellBytes, MaxCellBytes/3)})
		return nil
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	return r
}

// trimHeader trims a header as written for messages: surrounding spaces,
// including U+3000, and a stray byte-order mark.
func trimHeader(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B'
	})
}

// readTable decodes b, reads it as CSV and matches its header to the columns
// that a file of kind fk accepts. Problems go to dl; it returns nil when the
// file cannot be read at all.
func readTable(b []byte, file string, fk fileKind, dl *diag.List) *table {
	r := openCSV(b, file, dl)
	if r == nil {
		return nil
	}

	t := &table{file: file}
	for i := range t.field {
		t.field[i] = -1
	}

	// The header: the first record that is not empty.
	var header []string
	headerLine := 1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: 1, Msg: "文件为空; 第一行应为表头"})
			return nil
		}
		if err != nil {
			dl.Add(csvError(file, err))
			return nil
		}
		line, _ := r.FieldPos(0)
		if emptyRecord(rec) {
			continue
		}
		header, headerLine = rec, line
		break
	}
	if tooLong(file, headerLine, nil, header, dl) {
		return nil
	}

	// Trailing empty headers are Excel's empty columns.
	width := len(header)
	for width > 0 && trimHeader(header[width-1]) == "" {
		width--
	}
	known := 0
	var unknown []int
	var unnamed []int
	for i := 0; i < width; i++ {
		h := trimHeader(header[i])
		if h == "" {
			unnamed = append(unnamed, i)
			continue
		}
		m := matchHeader(h)
		if m.col < 0 || !fk.accepts(m.col) {
			unknown = append(unknown, i)
			continue
		}
		known++
		c := m.col
		if t.field[c] >= 0 {
			dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: headerLine,
				Column: h, Canonical: columns[c].canonical,
				Msg: fmt.Sprintf("与第 %d 列 %s 重复; 同一列只能出现一次", t.field[c]+1, t.head[c])})
			continue
		}
		t.field[c], t.head[c], t.scale[c] = i, h, m.scale
		if m.badUnit != "" {
			t.bad[c] = true
			dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: headerLine,
				Column: h, Canonical: columns[c].canonical, Msg: m.badUnit})
		}
	}
	if known == 0 {
		msg := "第一行不是表头: 没有一个已知的列名; 表头须在第一行, 如 " + exampleHeader(fk)
		if sep := otherSeparator(header, fk); sep != "" {
			msg = "第一行不是表头: 各列用" + sep + "分隔, 不是逗号; 请在 Excel 中另存为 \"CSV UTF-8(逗号分隔)\""
		}
		dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: headerLine, Msg: msg})
		return nil
	}
	t.headerOK = true
	for _, i := range unknown {
		h := trimHeader(header[i])
		msg := "未知列, 已忽略"
		if m := matchHeader(h); m.col >= 0 {
			// A column of the other file.
			if fk == sharedFile {
				msg = "该列不属于 shared_facilities.csv, 已忽略; 此文件只填 学校标识码、高中在校生数 和共用的 教学及辅助用房面积、体育运动场馆面积、教学仪器设备值、网络多媒体教室数"
			} else {
				msg = "该列只属于 shared_facilities.csv, 在 schools.csv 中已忽略"
			}
		} else if c, ok := suggestColumn(h, fk); ok {
			msg = fmt.Sprintf("未知列, 已忽略; 是否想写 %s (%s)?", columns[c].zh(), columns[c].canonical)
		}
		dl.Add(diag.Diagnostic{Severity: diag.Warning, File: file, Line: headerLine, Column: h, Msg: msg})
	}
	for c := 0; c < int(nColumns); c++ {
		if fk.accepts(c) && fk.required(c) && t.field[c] < 0 {
			col := &columns[c]
			dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: headerLine,
				Column: col.zh(), Canonical: col.canonical,
				Msg: "缺少必填列; 列名可写作 " + strings.Join(append([]string{col.canonical}, col.aliases...), "、")})
		}
	}

	// The records.
	unnamedWarned := make(map[int]bool)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			dl.Add(csvError(file, err))
			continue
		}
		if emptyRecord(rec) {
			continue // Excel's empty rows
		}
		t.records++
		line, _ := r.FieldPos(0)
		if t.records > MaxRows {
			// Stop reading: a million rows is a mistake (a whole
			// province's export, a file of another kind), and reading them
			// all would take gigabytes.
			dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: line,
				Msg: fmt.Sprintf("行数过多: 超过 %d 行, 已停止读取; 每个年度的文件只应包含本站点的学校", MaxRows)})
			return nil
		}
		n := len(rec)
		extra := false
		for _, f := range rec[min(width, n):] {
			if strings.TrimSpace(f) != "" {
				extra = true
				break
			}
		}
		if tooLong(file, line, header, rec, dl) {
			continue
		}
		if n < width || extra {
			got := n // up to the last field that is not empty
			for got > width && strings.TrimSpace(rec[got-1]) == "" {
				got--
			}
			dl.Add(diag.Diagnostic{Severity: diag.Error, File: file, Line: line,
				Msg: fmt.Sprintf("本行有 %d 个字段, 表头有 %d 列; 请检查是否漏填或多出了逗号", got, width)})
			continue
		}
		for _, i := range unnamed {
			if !unnamedWarned[i] && strings.TrimSpace(rec[i]) != "" {
				unnamedWarned[i] = true
				dl.Add(diag.Diagnostic{Severity: diag.Warning, File: file, Line: line,
					Msg: fmt.Sprintf("第 %d 列没有列名, 其数据已忽略", i+1)})
			}
		}
		t.rows = append(t.rows, record{line: line, fields: rec})
	}
	if t.records == 0 {
		dl.Add(diag.Diagnostic{Severity: diag.Warning, File: file, Line: headerLine, Msg: "只有表头, 没有数据行"})
	}
	return t
}

// longestLine returns the 1-based number and the length of the longest
// line of text.
func longestLine(text []byte) (line, n int) {
	for i := 1; len(text) > 0; i++ {
		end := bytes.IndexByte(text, '\n')
		if end < 0 {
			end = len(text)
		}
		if end > n {
			line, n = i, end
		}
		text = text[min(end+1, len(text)):]
	}
	return line, n
}

// tooLong reports the cells of rec over MaxCellBytes, named by the
// header's column, and whether there were any.
func tooLong(file string, line int, header, rec []string, dl *diag.List) bool {
	found := false
	for i, f := range rec {
		if len(f) <= MaxCellBytes {
			continue
		}
		d := diag.Diagnostic{Severity: diag.Error, File: file, Line: line,
			Msg: fmt.Sprintf("第 %d 列的单元格过长（%s），上限为 %d 字节（约 %d 个汉字）；请检查是否把别的内容粘贴进了单元格", i+1, sitefs.Size(int64(len(f))), MaxCellBytes, MaxCellBytes/3)}
		if i < len(header) && len(header[i]) <= MaxCellBytes {
			d.Column = trimHeader(header[i])
		}
		dl.Add(d)
		found = true
	}
	return found
}

func exampleHeader(fk fileKind) string {
	if fk == sharedFile {
		return "学校标识码, 教学及辅助用房面积, 体育运动场馆面积, 教学仪器设备值, 网络多媒体教室数"
	}
	return "学校标识码, 学校名称, 学段, 城乡分类代码, 在校生数"
}

// emptyRecord reports whether every field of rec is blank.
func emptyRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimFunc(f, unicode.IsSpace) != "" {
			return false
		}
	}
	return true
}

// csvError turns an encoding/csv error into a diagnostic at its line.
func csvError(file string, err error) diag.Diagnostic {
	d := diag.Diagnostic{Severity: diag.Error, File: file, Line: 1, Msg: "CSV 格式错误: " + err.Error()}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if pe.Line > 0 {
			d.Line = pe.Line
		}
		switch {
		case errors.Is(pe.Err, csv.ErrBareQuote):
			d.Msg = "CSV 格式错误: 未加引号的字段里有英文双引号 \"; 请用引号括起整个字段, 并把其中的 \" 写成 \"\""
		case errors.Is(pe.Err, csv.ErrQuote):
			if pe.StartLine > 0 && pe.StartLine != pe.Line {
				d.Line = pe.StartLine
				d.Msg = fmt.Sprintf("CSV 格式错误: 从本行开始的引号字段到第 %d 行出错: 引号未闭合, 或引号后多了字符", pe.Line)
			} else {
				d.Msg = "CSV 格式错误: 引号未闭合, 或引号后多了字符"
			}
		default:
			d.Msg = "CSV 格式错误: " + pe.Err.Error()
		}
	}
	return d
}

// otherSeparator names the separator of a header that is not separated by
// commas (Excel's "文本文件(制表符分隔)", or a semicolon where the list
// separator is one) when splitting by it gives known columns; "" otherwise.
func otherSeparator(header []string, fk fileKind) string {
	line := strings.Join(header, ",")
	for _, s := range []struct{ sep, name string }{{"\t", "制表符 (Tab) "}, {";", "分号 (;) "}, {"；", "全角分号 (；) "}, {"|", "竖线 (|) "}} {
		for _, h := range strings.Split(line, s.sep) {
			if m := matchHeader(trimHeader(h)); m.col >= 0 && fk.accepts(m.col) && strings.Contains(line, s.sep) {
				return s.name
			}
		}
	}
	return ""
}
