package csvout

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"testing"
)

func TestDefuse(t *testing.T) {
	row := Defuse([]string{"=HYPERLINK(\"http://x\")", "+1+2", "-3", "@SUM(A1)", "城关小学", "-", "12.5", "\tx", "\r=1", ""})
	want := []string{"'=HYPERLINK(\"http://x\")", "'+1+2", "-3", "'@SUM(A1)", "城关小学", "'-", "12.5", "'\tx", "'\r=1", ""}
	if !reflect.DeepEqual(row, want) {
		t.Errorf("Defuse = %q, want %q", row, want)
	}
}

// A spreadsheet reads back the header and the cells as written, with the
// byte-order mark and CRLF Excel expects.
func TestTable(t *testing.T) {
	tb := New([]string{"学校名称", "说明"}, 0)
	tb.Row([]string{"=HYPERLINK(\"http://x\",\"点我\")", "第一行\n第二行"})
	b := tb.Bytes()
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF学校名称,说明\r\n")) {
		t.Fatalf("start = %q", b[:min(len(b), 40)])
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := recs[1][0]; got != "'=HYPERLINK(\"http://x\",\"点我\")" {
		t.Errorf("formula cell = %q", got)
	}
	if got := recs[1][1]; got != "第一行\n第二行" {
		t.Errorf("text cell = %q", got)
	}
}
