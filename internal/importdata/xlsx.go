package importdata

import (
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
	"github.com/gongkai-dev/gongkai/internal/zipcheck"
)

// Limits on a workbook (docs/security.md). The sizes are checked from the
// archive's directory before anything is inflated, and the sheets are read
// as streams (no temporary files), so that any workbook is read or refused
// in bounded time and memory: encoding/xml reads a few to 20 MB of XML a
// second, which is what bounds the XML read from one workbook.
const (
	// MaxWorkbook is the largest .xlsx file.
	MaxWorkbook = 32 << 20
	// MaxSheetXML is the most a sheet, or the shared strings, may inflate
	// to: some 400,000 cells, the schools of a city.
	MaxSheetXML = 16 << 20
	// maxXML is all the XML read from one workbook.
	maxXML = 40 << 20
	// maxSmallPart is the limit of the workbook's list of sheets and of
	// the relationships.
	maxSmallPart = 1 << 20
	// MaxSheetRows and MaxSheetCols bound where a cell with a value may
	// be: the data rows a CSV may have (data.MaxRows) and room for titles
	// and notes; far more columns than schools.csv has.
	MaxSheetRows = data.MaxRows + 1000
	MaxSheetCols = 256
	// maxGridCells is the number of cells held in memory, the empty ones
	// in a row before its last value included.
	maxGridCells = 4 << 20
	// maxMerges is the number of merged ranges a sheet may have.
	maxMerges = 10_000
)

// xlsxBook is an .xlsx being read.
type xlsxBook struct {
	a      *zipcheck.Archive
	file   string
	sheets []sheetRef // in the workbook's order
	sst    string     // the shared strings' part, "" when none
	strs   []string
	read   bool  // strs read
	left   int64 // of maxXML
}

type sheetRef struct{ name, part string }

// openWorkbook opens name and reads its list of sheets.
func openWorkbook(fsys afero.Fs, name string) (*xlsxBook, error) {
	a, err := zipcheck.Open(fsys, name, MaxWorkbook)
	if err != nil {
		return nil, fmt.Errorf("%s: 无法读取 Excel 文件（需要 .xlsx）: %w", name, err)
	}
	w := &xlsxBook{a: a, file: name, left: maxXML}
	if err := w.readSheetList(); err != nil {
		a.Close()
		return nil, fmt.Errorf("%s: 无法读取 Excel 文件（需要 .xlsx）: %w", name, err)
	}
	return w, nil
}

func (w *xlsxBook) Close() error { return w.a.Close() }

// part opens a part of the archive for streaming, counting what it reads
// against the workbook's budget.
func (w *xlsxBook) part(name string, limit int64) (io.ReadCloser, error) {
	f := w.a.Find(name)
	if f == nil {
		return nil, fmt.Errorf("缺少 %s", name)
	}
	rc, err := zipcheck.OpenPart(f, limit)
	if err != nil {
		return nil, err
	}
	return &budgeted{ReadCloser: rc, w: w}, nil
}

type budgeted struct {
	io.ReadCloser
	w *xlsxBook
}

func (b *budgeted) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if b.w.left -= int64(n); b.w.left < 0 {
		return n, fmt.Errorf("工作簿中要读取的内容解压后超过 %s", sitefs.Size(maxXML))
	}
	return n, err
}

// each calls fn with every start element and text of a part, and the
// name of the element the text is in.
func (w *xlsxBook) each(name string, limit int64, fn func(t xml.Token) error) error {
	rc, err := w.part(name, limit)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := zipcheck.NewDecoder(rc)
	for {
		t, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := fn(t); err != nil {
			return err
		}
	}
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// relationships reads a .rels part: Id → target part, and type → target.
func (w *xlsxBook) relationships(name, base string) (byID, byType map[string]string, err error) {
	byID, byType = map[string]string{}, map[string]string{}
	err = w.each(name, maxSmallPart, func(t xml.Token) error {
		if e, ok := t.(xml.StartElement); ok && e.Name.Local == "Relationship" {
			target := attr(e, "Target")
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join(base, target)
			}
			byID[attr(e, "Id")] = target
			typ := attr(e, "Type")
			byType[typ[strings.LastIndexByte(typ, '/')+1:]] = target
		}
		return nil
	})
	return byID, byType, err
}

// readSheetList finds the workbook part (from the package's
// relationships), its sheets in order, and the shared strings.
func (w *xlsxBook) readSheetList() error {
	wb := "xl/xlsxBook.xml"
	if _, byType, err := w.relationships("_rels/.rels", ""); err == nil && byType["officeDocument"] != "" {
		wb = byType["officeDocument"]
	}
	dir := path.Dir(wb)
	rels, byType, err := w.relationships(path.Join(dir, "_rels", path.Base(wb)+".rels"), dir)
	if err != nil {
		return err
	}
	w.sst = byType["sharedStrings"]
	return w.each(wb, maxSmallPart, func(t xml.Token) error {
		if e, ok := t.(xml.StartElement); ok && e.Name.Local == "sheet" {
			if p := rels[attr(e, "id")]; p != "" {
				w.sheets = append(w.sheets, sheetRef{name: attr(e, "name"), part: p})
			}
		}
		return nil
	})
}

// sheetNames lists the sheets in order.
func (w *xlsxBook) sheetNames() []string {
	var out []string
	for _, s := range w.sheets {
		out = append(out, s.name)
	}
	return out
}

// text collects the text of <t> elements, leaving out phonetic runs
// (<rPh>), as a reader of the cell sees it.
type text struct {
	b   strings.Builder
	inT bool
	rPh int
}

func (x *text) token(t xml.Token) {
	switch t := t.(type) {
	case xml.StartElement:
		switch t.Name.Local {
		case "t":
			x.inT = true
		case "rPh":
			x.rPh++
		}
	case xml.EndElement:
		switch t.Name.Local {
		case "t":
			x.inT = false
		case "rPh":
			x.rPh--
		}
	case xml.CharData:
		if x.inT && x.rPh == 0 && x.b.Len() <= data.MaxCellBytes {
			x.b.Write(t)
		}
	}
}

// sharedStrings reads the shared strings once.
func (w *xlsxBook) sharedStrings() error {
	if w.read || w.sst == "" {
		return nil
	}
	w.read = true
	var cur *text
	return w.each(w.sst, MaxSheetXML, func(t xml.Token) error {
		switch e := t.(type) {
		case xml.StartElement:
			if e.Name.Local == "si" {
				cur = &text{}
				return nil
			}
		case xml.EndElement:
			if e.Name.Local == "si" && cur != nil {
				w.strs = append(w.strs, cur.b.String())
				cur = nil
				return nil
			}
		}
		if cur != nil {
			cur.token(t)
		}
		return nil
	})
}

// errSheet is a sheet that cannot be read within the limits.
type errSheet struct{ msg string }

func (e *errSheet) Error() string { return e.msg }

// readSheet returns the cells of a sheet as stored (not as displayed: a
// number format must not round a figure), row by row, with every merged
// range filled with its value, so that a school name merged over its 小学
// and 初中 rows reaches both.
func (w *xlsxBook) readSheet(name string) ([][]string, error) {
	part := ""
	for _, s := range w.sheets {
		if s.name == name {
			part = s.part
		}
	}
	if part == "" {
		return nil, fmt.Errorf("没有名为 %q 的工作表（工作表: %s）", name, strings.Join(w.sheetNames(), "、"))
	}
	if err := w.sharedStrings(); err != nil {
		return nil, err
	}
	g := &grid{}
	var (
		row, col int // 1-based, of the cell being read
		typ      string
		val      *text // the cell's value: <v> or an inline string
		inV      bool
		merges   [][4]int
	)
	err := w.each(part, MaxSheetXML, func(t xml.Token) error {
		switch e := t.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "row":
				row++
				if r, err := strconv.Atoi(attr(e, "r")); err == nil && r > 0 {
					row = r
				}
				col = 0
			case "c":
				col++
				if c, r, err := cellCoordinates(attr(e, "r")); err == nil {
					col, row = c, r
				}
				typ, val = attr(e, "t"), &text{}
			case "v":
				inV = true
			case "mergeCell":
				c1, r1, err1 := cellCoordinates(strings.Split(attr(e, "ref"), ":")[0])
				c2, r2, err2 := cellCoordinates(attr(e, "ref")[strings.LastIndexByte(attr(e, "ref"), ':')+1:])
				if err1 == nil && err2 == nil {
					if len(merges) >= maxMerges {
						return &errSheet{fmt.Sprintf("合并单元格超过 %d 处", maxMerges)}
					}
					merges = append(merges, [4]int{r1, c1, r2, c2})
				}
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "v":
				inV = false
			case "c":
				if val == nil {
					return nil
				}
				v := val.b.String()
				if typ == "s" {
					i, err := strconv.Atoi(strings.TrimSpace(v))
					if err != nil || i < 0 || i >= len(w.strs) {
						v = ""
					} else {
						v = w.strs[i]
					}
				}
				val = nil
				return g.set(row, col, v)
			}
		case xml.CharData:
			if val != nil && inV && val.b.Len() <= data.MaxCellBytes {
				val.b.Write(e)
			}
		}
		if val != nil && typ == "inlineStr" {
			val.token(t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, m := range merges {
		if err := g.fill(m); err != nil {
			return nil, err
		}
	}
	return g.rows, nil
}

// grid holds the cells read, within the limits.
type grid struct {
	rows  [][]string
	cells int // len of every row, summed
}

// set stores the value of the cell at row, col (1-based). An empty cell
// stores nothing, wherever it is.
func (g *grid) set(row, col int, v string) error {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	name := cellName(min(col, maxColumns), min(row, maxRows))
	switch {
	case row > MaxSheetRows:
		return &errSheet{fmt.Sprintf("单元格 %s 超出第 %d 行；schools.csv 最多 %d 行", name, MaxSheetRows, data.MaxRows)}
	case col > MaxSheetCols:
		return &errSheet{fmt.Sprintf("单元格 %s 超出第 %d 列", name, MaxSheetCols)}
	case len(v) > data.MaxCellBytes:
		return &errSheet{fmt.Sprintf("单元格 %s 超过 %d 字节（约 %d 个汉字）", name, data.MaxCellBytes, data.MaxCellBytes/3)}
	}
	for len(g.rows) < row {
		g.rows = append(g.rows, nil)
	}
	r := g.rows[row-1]
	if len(r) < col {
		if g.cells += col - len(r); g.cells > maxGridCells {
			return &errSheet{fmt.Sprintf("工作表的单元格超过 %d 个", maxGridCells)}
		}
		r = append(r, make([]string, col-len(r))...)
	}
	r[col-1] = v
	g.rows[row-1] = r
	return nil
}

// fill gives every cell of a merged range (r1, c1, r2, c2) the value of
// its first cell, within the rows and columns that hold values.
func (g *grid) fill(m [4]int) error {
	r1, c1, r2, c2 := m[0], m[1], min(m[2], len(g.rows)), m[3]
	if r1 > len(g.rows) || c1 > len(g.rows[r1-1]) || g.rows[r1-1][c1-1] == "" {
		return nil
	}
	width := 0
	for _, r := range g.rows {
		width = max(width, len(r))
	}
	c2 = min(c2, width)
	v := g.rows[r1-1][c1-1]
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2; c++ {
			if err := g.set(r, c, v); err != nil {
				return err
			}
		}
	}
	return nil
}
