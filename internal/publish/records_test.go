package publish

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestIndentRecords: the published JSON is the same value, indented as
// json.Indent indents it, except that each element of an array is one line.
func TestIndentRecords(t *testing.T) {
	src := `{"year":2024,"county":{"name":"城关区","code":"150102"},"levels":{"primary":{"schools":[` +
		`{"school_id":"1","school_name":"第一小学 \"甲\", [乙] {丙}: \\","values":{"a":1.5,"b":null},"pass":true},` +
		`{"school_id":"2","values":{},"shortfalls":[]}],"excluded":[],"students":12}},"items":[1,"x",[2,3],{"k":[4]}],"e":{}}`
	want := `{
  "year": 2024,
  "county": {
    "name": "城关区",
    "code": "150102"
  },
  "levels": {
    "primary": {
      "schools": [
        {"school_id":"1","school_name":"第一小学 \"甲\", [乙] {丙}: \\","values":{"a":1.5,"b":null},"pass":true},
        {"school_id":"2","values":{},"shortfalls":[]}
      ],
      "excluded": [],
      "students": 12
    }
  },
  "items": [
    1,
    "x",
    [2,3],
    {"k":[4]}
  ],
  "e": {}
}`
	got := string(indentRecords(nil, []byte(src)))
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	var a, b any
	if err := json.Unmarshal([]byte(src), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(got), &b); err != nil {
		t.Fatal(err)
	}
	var ca, cb bytes.Buffer
	json.Compact(&ca, []byte(src))
	json.Compact(&cb, []byte(got))
	if ca.String() != cb.String() {
		t.Errorf("not the same value:\n%s\n%s", ca.String(), cb.String())
	}
	// Without arrays of containers it is json.Indent's layout.
	plain := `{"a":{"b":[1,2],"c":"}]\"","d":{}},"e":[]}`
	var ind bytes.Buffer
	json.Indent(&ind, []byte(plain), "", "  ")
	if got := string(indentRecords(nil, []byte(plain))); got != ind.String() {
		t.Errorf("got\n%s\nwant (json.Indent)\n%s", got, ind.String())
	}
	for _, scalar := range []string{`1`, `"x"`, `null`, `[]`, `{}`} {
		if got := string(indentRecords(nil, []byte(scalar))); got != scalar {
			t.Errorf("%s: got %s", scalar, got)
		}
	}
}
