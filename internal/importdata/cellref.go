package importdata

import (
	"errors"
	"strconv"
)

// A worksheet's cell references ("B7", "$B$7"), read and written as Excel
// and excelize do. Performance: these few lines were all the program took
// from excelize, whose initialisation (tables of every column name, some
// twenty thousand allocations) every gongkai process paid, a build as
// much as an import (docs/performance.md); excelize stays the reference
// of the tests.

// Excel's grid: columns A to XFD, rows 1 to 1,048,576.
const (
	maxColumns = 16384
	maxRows    = 1048576
)

var errCellRef = errors.New("不是单元格引用")

// cellCoordinates returns the column and row (from 1) of the reference
// ref: letters (of either case) and dollar signs, then the row's number.
func cellCoordinates(ref string) (col, row int, err error) {
	letter := func(c byte) bool { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' }
	if ref == "" || !letter(ref[0]) && ref[0] != '$' {
		return -1, -1, errCellRef
	}
	end := 0 // after the last letter or $
	for i := 0; i < len(ref); i++ {
		if letter(ref[i]) || ref[i] == '$' {
			end = i + 1
		}
	}
	row, err = strconv.Atoi(ref[end:])
	if end == len(ref) || err != nil || row <= 0 || row > maxRows {
		return -1, -1, errCellRef
	}
	for i := 0; i < end; i++ {
		c := ref[i]
		switch {
		case c == '$':
			continue
		case !letter(c):
			return -1, -1, errCellRef
		}
		if col = col*26 + int(c|0x20-'a'+1); col > maxColumns {
			return -1, -1, errCellRef
		}
	}
	if col == 0 {
		return -1, -1, errCellRef
	}
	return col, row, nil
}

// columnName is the name of column col (from 1): A, …, Z, AA, …, XFD; ""
// outside the grid.
func columnName(col int) string {
	if col < 1 || col > maxColumns {
		return ""
	}
	var b [8]byte
	i := len(b)
	for ; col > 0; col = (col - 1) / 26 {
		i--
		b[i] = byte('A' + (col-1)%26)
	}
	return string(b[i:])
}

// cellName is the reference of the cell at col and row (from 1).
func cellName(col, row int) string {
	return columnName(col) + strconv.Itoa(row)
}
