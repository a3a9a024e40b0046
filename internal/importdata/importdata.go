// Package importdata turns an Excel workbook of school statistics, as
// bureaus keep them (a title merged across the top, Chinese headers with
// units, sometimes a group header above them, a 合计 row, notes below), into
// data/<year>/schools.csv of a site, validated exactly as the build
// validates it before anything is written.
package importdata

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/data"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/lazyre"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
)

// Options say what to import and where.
type Options struct {
	Fs    afero.Fs
	File  string // the .xlsx
	Year  int
	Site  string // site directory; the CSV goes to Site/data/<Year>/schools.csv
	Sheet string // sheet name; "" picks the first sheet with a header row
	Force bool   // replace an existing schools.csv
}

// Column is one column taken from the sheet.
type Column struct {
	Header    string // as written in the sheet (line breaks removed)
	Canonical string // schools.csv column it maps to
	Cell      string // column letter in the sheet, e.g. "C"
}

// Result describes an import.
type Result struct {
	Path      string // the CSV, relative to the site: data/2024/schools.csv
	Sheet     string
	HeaderRow int // 1-based row of the header in the sheet
	Rows      int // school parts written
	Columns   []Column
	Notes     []string // rows and columns left out, and why
	// Diagnostics are those of loading the year as the build does; with
	// an error among them nothing was written.
	Diagnostics []diag.Diagnostic
	Written     bool
	CSV         []byte
}

// ErrExists is returned when the CSV exists and Options.Force is not set.
var ErrExists = errors.New("已存在")

// Import reads the workbook, writes the CSV when it loads without errors,
// and returns what it did.
func Import(o Options) (*Result, error) {
	if o.Fs == nil {
		o.Fs = afero.NewOsFs()
	}
	if o.Year < 1900 || o.Year > 2999 {
		return nil, fmt.Errorf("--year %d 不是有效年份", o.Year)
	}
	f, err := openWorkbook(o.Fs, o.File)
	if err != nil {
		return nil, err
	}
	defer f.Close()

	sheets := f.sheetNames()
	if o.Sheet != "" {
		found := false
		for _, s := range sheets {
			found = found || s == o.Sheet
		}
		if !found {
			return nil, fmt.Errorf("%s 中没有工作表 “%s”；这个文件中的工作表有：%s（--sheet 写其中一个，或省略 --sheet 自动选取）", o.File, o.Sheet, "“"+strings.Join(sheets, "”、“")+"”")
		}
		sheets = []string{o.Sheet}
	}
	var (
		grid [][]string
		hdr  header
		res  = &Result{}
	)
	for _, name := range sheets {
		g, err := f.readSheet(name)
		if err != nil {
			return nil, fmt.Errorf("%s: 工作表 %q: %w", o.File, name, err)
		}
		if h, ok := findHeader(g); ok {
			grid, hdr, res.Sheet = g, h, name
			break
		}
	}
	if grid == nil {
		return nil, fmt.Errorf("%s: 没有找到表头行（需要至少包含 学校标识码/学校代码、学校名称、学段、城乡分类代码、在校生数 中的几列）", o.File)
	}
	res.HeaderRow = hdr.row + 1

	for i := 0; i < hdr.row; i++ {
		if t := strings.TrimSpace(strings.Join(uniq(grid[i]), " ")); t != "" {
			res.Notes = append(res.Notes, fmt.Sprintf("第%d行（表头之上的标题）未导入: %s", i+1, t))
		}
	}
	var cols []int
	for c, name := range hdr.names {
		if name == "" {
			continue
		}
		canon, bad := data.HeaderColumn(name)
		if canon == "" {
			res.Notes = append(res.Notes, fmt.Sprintf("%s列 “%s” 不是 schools.csv 的列，未导入", colName(c), name))
			continue
		}
		if bad != "" {
			res.Notes = append(res.Notes, fmt.Sprintf("%s列 “%s”: %s", colName(c), name, bad))
		}
		cols = append(cols, c)
		res.Columns = append(res.Columns, Column{Header: name, Canonical: canon, Cell: colName(c)})
	}

	var out bytes.Buffer
	out.Write([]byte{0xEF, 0xBB, 0xBF}) // so that Excel opens the CSV as UTF-8
	w := csv.NewWriter(&out)
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = hdr.names[c]
	}
	_ = w.Write(head)
	idCol, nameCol := -1, -1
	for i, c := range res.Columns {
		switch c.Canonical {
		case "school_id":
			idCol = i
		case "school_name":
			nameCol = i
		}
	}
	for r := hdr.first; r < len(grid); r++ {
		row := grid[r]
		first := firstText(row)
		switch {
		case first == "":
			continue
		case footRE().MatchString(first):
			res.Notes = append(res.Notes, fmt.Sprintf("第%d行起为表格下方的说明，未导入: %s", r+1, short(strings.Join(uniq(row), " "))))
			r = len(grid)
			continue
		}
		rec := make([]string, len(cols))
		empty := true
		for i, c := range cols {
			v := ""
			if c < len(row) {
				v = cellValue(row[c])
			}
			rec[i] = v
			if v != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		if isTotal(rec, idCol, nameCol) || data.IsTotalLabel(first) {
			res.Notes = append(res.Notes, fmt.Sprintf("第%d行是合计行，未导入: %s", r+1, short(strings.Join(uniq(row), " "))))
			continue
		}
		_ = w.Write(rec)
		res.Rows++
	}
	w.Flush()
	res.CSV = out.Bytes()

	// Validate as the build does: the year is loaded with the new file in
	// place of the old, in memory.
	rel := path.Join("data", strconv.Itoa(o.Year), "schools.csv")
	res.Path = rel
	target := filepath.Join(o.Site, filepath.FromSlash(rel))
	overlay := afero.NewCopyOnWriteFs(afero.NewReadOnlyFs(o.Fs), afero.NewMemMapFs())
	if err := overlay.MkdirAll(filepath.Dir(target), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	if err := afero.WriteFile(overlay, target, res.CSV, 0o644); err != nil {
		return nil, err
	}
	_, dl := data.Load(overlay, o.Site)
	prefix := path.Join("data", strconv.Itoa(o.Year)) + "/"
	for _, d := range dl.All() {
		if strings.HasPrefix(d.File, prefix) {
			res.Diagnostics = append(res.Diagnostics, d)
		}
	}
	if dl.HasErrors(false) && hasErrorIn(res.Diagnostics) {
		return res, nil
	}
	// Not through a symbolic link: data/, the year's folder or the file
	// itself linked elsewhere is refused (sitefs.WriteFile).
	if err := sitefs.WriteFile(o.Fs, o.Site, rel, res.CSV, o.Force); errors.Is(err, fs.ErrExist) {
		return res, fmt.Errorf("%s %w；加 --force 替换它", rel, ErrExists)
	} else if err != nil {
		return res, err
	}
	res.Written = true
	return res, nil
}

func hasErrorIn(ds []diag.Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}

func cell(rows [][]string, r, c int) string {
	if r < len(rows) && c < len(rows[r]) {
		return rows[r][c]
	}
	return ""
}

// header is the header found in a sheet.
type header struct {
	row   int      // 0-based row of the (last) header row
	first int      // 0-based first data row
	names []string // header of each column, "" when none
}

var (
	unitOnlyRE = lazyre.New(`^[(（]?\s*(万元|元|㎡|平方米|平米|m²|m2|间|个|人|名|班)\s*[)）]?$`)
	footRE     = lazyre.New(`^(注|说明|备注|填表人|填报人|审核人|制表人|制表|单位负责人|负责人|统计负责人|填表日期|填报日期|数据来源)\s*[:：1１]?`)
	numRowRE   = lazyre.New(`^([0-9]+|[甲乙丙丁戊己庚辛壬癸])$`)
)

func normName(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", "")), "")
}

// findHeader finds the header row: the row among the first 30 in which most
// cells name a column of schools.csv. A group header above it (教师情况
// over 专任教师数 …) is skipped; a row of sub-headers below it, of units
// ((人) (㎡)) or of column numbers (甲 乙 1 2 3) is merged in or skipped.
func findHeader(g [][]string) (header, bool) {
	best, bestN := -1, 0
	for r := 0; r < len(g) && r < 30; r++ {
		n := 0
		for _, v := range g[r] {
			if c, _ := data.HeaderColumn(normName(v)); c != "" {
				n++
			}
		}
		if n > bestN {
			best, bestN = r, n
		}
	}
	if best < 0 || bestN < 3 {
		return header{}, false
	}
	h := header{row: best, first: best + 1}
	width := 0
	for _, row := range g {
		width = max(width, len(row))
	}
	h.names = make([]string, width)
	for c := range h.names {
		h.names[c] = normName(cell(g, best, c))
	}
	// Sub-headers under a group header: a cell of the next row that names
	// a column replaces the group's name.
	if next := best + 1; next < len(g) {
		sub, units, nums := 0, 0, 0
		for c := range h.names {
			v := normName(cell(g, next, c))
			if v == "" {
				continue
			}
			if col, _ := data.HeaderColumn(v); col != "" && v != h.names[c] {
				sub++
			}
			if unitOnlyRE().MatchString(v) {
				units++
			}
			if numRowRE().MatchString(v) {
				nums++
			}
		}
		switch {
		case sub > 0:
			for c := range h.names {
				v := normName(cell(g, next, c))
				if col, _ := data.HeaderColumn(v); col != "" {
					h.names[c] = v
				}
			}
			h.row, h.first = next, next+1
		case units > 0 && units+nums >= countNonEmpty(g[next])-1:
			for c := range h.names {
				v := normName(cell(g, next, c))
				if m := unitOnlyRE().FindStringSubmatch(v); m != nil && h.names[c] != "" {
					h.names[c] += "(" + m[1] + ")"
				}
			}
			h.first = next + 1
		case nums > 0 && nums >= countNonEmpty(g[next])-1:
			h.first = next + 1
		}
	}
	// A column-number row (甲 乙 1 2 3) under the header.
	if h.first < len(g) {
		row := g[h.first]
		nums := 0
		for _, v := range row {
			if numRowRE().MatchString(normName(v)) {
				nums++
			}
		}
		if nums >= 3 && nums >= countNonEmpty(row)-1 {
			h.first++
		}
	}
	return h, true
}

func countNonEmpty(row []string) int {
	n := 0
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			n++
		}
	}
	return n
}

func firstText(row []string) string {
	for _, v := range row {
		if t := strings.TrimSpace(v); t != "" {
			return normName(t)
		}
	}
	return ""
}

// isTotal reports whether a row is a 合计 row: its name or id says so, or it
// has figures but neither id nor name.
func isTotal(rec []string, idCol, nameCol int) bool {
	for _, c := range []int{idCol, nameCol} {
		if c >= 0 && data.IsTotalLabel(rec[c]) {
			return true
		}
	}
	return idCol >= 0 && nameCol >= 0 && rec[idCol] == "" && rec[nameCol] == ""
}

// cellValue returns a cell as the CSV should hold it: numbers stored as
// binary floating point (0.1 + 0.2 = 0.30000000000000004) are written with
// the 15 significant digits Excel shows, without an exponent.
func cellValue(v string) string {
	v = strings.TrimSpace(strings.ReplaceAll(v, "\n", " "))
	if v == "" || !floatLike().MatchString(v) {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return v
	}
	g, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	s := strconv.FormatFloat(g, 'f', -1, 64)
	if strings.HasPrefix(v, "0") && !strings.HasPrefix(v, "0.") && len(v) > 1 {
		return v // a code with leading zeros
	}
	return s
}

var floatLike = lazyre.New(`^-?\d+(\.\d+)?([eE][-+]?\d+)?$`)

func colName(c int) string {
	return columnName(c + 1)
}

// uniq returns the non-empty values of a row without the repeats that
// filling a merged range makes.
func uniq(row []string) []string {
	var out []string
	for _, v := range row {
		v = strings.TrimSpace(v)
		if v != "" && (len(out) == 0 || out[len(out)-1] != v) {
			out = append(out, v)
		}
	}
	return out
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
