package importdata

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var cellRefs = []string{
	"A1", "B7", "$B$7", "b7", "Z26", "AA1", "AZ10", "BA3", "XFD1", "XFD1048576", "XFE1", "A1048577", "A0", "A01",
	"A+5", "A-5", "$A$1$", "$1", "1A", "", "A", "AB", "A1B2", "A 1", " A1", "A1 ", "中1", "A中1", "A$$1", "$$A1",
	"AAAA1", "ZZZ1", "a$b$3", "A_1", "A1.5", "A9999999999999999999", "ABCDEFGHIJKL1",
}

// cellCoordinates reads a reference as excelize.CellNameToCoordinates does:
// the same coordinates, or an error for the same references.
func checkCellRef(t *testing.T, ref string) {
	t.Helper()
	col, row, err := cellCoordinates(ref)
	wc, wr, werr := excelize.CellNameToCoordinates(ref)
	if (err == nil) != (werr == nil) || err == nil && (col != wc || row != wr) {
		t.Errorf("%q: got %d, %d, %v; excelize %d, %d, %v", ref, col, row, err, wc, wr, werr)
	}
}

func TestCellCoordinatesAsExcelize(t *testing.T) {
	for _, ref := range cellRefs {
		checkCellRef(t, ref)
	}
}

// columnName and cellName write what excelize writes, over the whole grid's
// columns and at its corners.
func TestColumnAndCellNamesAsExcelize(t *testing.T) {
	for col := -1; col <= maxColumns+1; col++ {
		want, _ := excelize.ColumnNumberToName(col)
		if got := columnName(col); got != want {
			t.Fatalf("column %d: got %q, excelize %q", col, got, want)
		}
	}
	for _, c := range [][2]int{{1, 1}, {26, 9}, {27, 10}, {702, 99}, {703, 1000}, {maxColumns, maxRows}} {
		want, _ := excelize.CoordinatesToCellName(c[0], c[1])
		if got := cellName(c[0], c[1]); got != want {
			t.Errorf("%v: got %q, excelize %q", c, got, want)
		}
	}
}

func FuzzCellCoordinates(f *testing.F) {
	for _, ref := range cellRefs {
		f.Add(ref)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		// Past a dozen letters excelize's column number overflows.
		if strings.Count(ref, "$")+12 < len(strings.TrimRight(ref, "0123456789+-")) {
			return
		}
		checkCellRef(t, ref)
	})
}
