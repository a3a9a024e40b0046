// Package csvout is the one CSV writer for every table the site publishes
// (schools.csv, revisions.csv, counties.csv …): UTF-8 with a byte-order mark
// and CRLF line ends, as Excel and WPS expect, and every cell defused so
// that a spreadsheet never runs it as a formula (CSV injection).
package csvout

import (
	"bytes"
	"encoding/csv"
	"strconv"
)

// Table is a CSV file being written. The zero value is not usable; call New.
type Table struct {
	buf bytes.Buffer
	w   *csv.Writer
}

// New starts a table with its header row. sizeHint, when > 0, is the
// expected size of the file in bytes.
func New(header []string, sizeHint int) *Table {
	t := &Table{}
	if sizeHint > 0 {
		t.buf.Grow(sizeHint)
	}
	t.buf.WriteString("\uFEFF")
	t.w = csv.NewWriter(&t.buf)
	t.w.UseCRLF = true
	t.Row(header)
	return t
}

// Row writes one row, defusing its cells (Defuse). It changes row.
func (t *Table) Row(row []string) {
	_ = t.w.Write(Defuse(row)) // a bytes.Buffer does not fail
}

// Bytes ends the table and returns the file.
func (t *Table) Bytes() []byte {
	t.w.Flush()
	return t.buf.Bytes()
}

// Defuse keeps spreadsheet programs from running a cell as a formula: a
// text cell that starts with =, +, -, @, a tab or a carriage return gets a
// leading apostrophe, which Excel and WPS show as text. A number is left
// alone, so "-3" stays a number. It changes row in place and returns it.
func Defuse(row []string) []string {
	for i, c := range row {
		if c == "" {
			continue
		}
		switch c[0] {
		case '=', '+', '-', '@', '\t', '\r':
			if _, err := strconv.ParseFloat(c, 64); err != nil {
				row[i] = "'" + c
			}
		}
	}
	return row
}
