package disclosure

import (
	"bytes"
	"strings"
	"testing"
)

func TestPreparePlacesTablesAfterTheirHeadings(t *testing.T) {
	body := "## 一、总体情况\n\n正文。\n\n## 二、主动公开政府信息情况\n\n说明。\n\n## 三、收到和处理政府信息公开申请情况\n正文紧接标题。\n\n### 四、政府信息公开行政复议、行政诉讼情况"
	out, missing := Prepare([]byte(body), 2024)
	want := "## 一、总体情况\n\n正文。\n\n## 二、主动公开政府信息情况\n" +
		`{{< disclosure table="active" year="2024" >}}` + "\n说明。\n\n## 三、收到和处理政府信息公开申请情况\n" +
		`{{< disclosure table="requests" year="2024" >}}` + "\n正文紧接标题。\n\n### 四、政府信息公开行政复议、行政诉讼情况\n" +
		`{{< disclosure table="review" year="2024" >}}` + "\n"
	if string(out) != want {
		t.Errorf("Prepare:\n got %q\nwant %q", out, want)
	}
	if len(missing) > 0 {
		t.Errorf("missing %v", missing)
	}
	// The table after 二、 took the blank line: the lines before 三、 keep
	// their numbers.
	if lineOf(out, "## 三、") != lineOf([]byte(body), "## 三、") {
		t.Errorf("the heading 三、 moved from line %d to %d", lineOf([]byte(body), "## 三、"), lineOf(out, "## 三、"))
	}
}

func lineOf(b []byte, s string) int {
	return 1 + bytes.Count(b[:bytes.Index(b, []byte(s))], []byte("\n"))
}

func TestPrepareKeepsTheAuthorsPlaces(t *testing.T) {
	body := "## 二、主动公开\n\n{{< disclosure table=\"active\" >}}\n\n见下表。{{< disclosure table=requests year=\"2023\" >}}\n\n## 三、申请\n\n## 四、复议\n\n{{<disclosure table=`review`>}}\n"
	out, missing := Prepare([]byte(body), 2024)
	want := "## 二、主动公开\n\n{{< disclosure year=\"2024\" table=\"active\" >}}\n\n见下表。{{< disclosure table=requests year=\"2023\" >}}\n\n## 三、申请\n\n## 四、复议\n\n{{<disclosure year=\"2024\" table=`review`>}}\n"
	if string(out) != want || len(missing) > 0 {
		t.Errorf("Prepare:\n got %q (missing %v)\nwant %q", out, missing, want)
	}
}

func TestPrepareLeavesCodeAlone(t *testing.T) {
	body := "## 二、主动公开\n\n```\n## 三、不是标题\n{{< disclosure table=\"requests\" >}}\n```\n\n写作 `{{< disclosure table=\"review\" >}}`。\n"
	out, missing := Prepare([]byte(body), 2024)
	if strings.Count(string(out), `year="2024"`) != 1 || !strings.Contains(string(out), "## 二、主动公开\n{{< disclosure table=\"active\" year=\"2024\" >}}\n") {
		t.Errorf("Prepare touched code or missed the heading:\n%s", out)
	}
	if strings.Join(missing, ",") != "requests,review" {
		t.Errorf("missing = %v, want requests and review (their only mentions are code)", missing)
	}
}

func TestPrepareWithoutHeadings(t *testing.T) {
	body := "总体情况。\n\n## 二十、其他\n"
	out, missing := Prepare([]byte(body), 2024)
	if string(out) != body || strings.Join(missing, ",") != "active,requests,review" {
		t.Errorf("Prepare = %q, missing %v; want the body unchanged and all three missing", out, missing)
	}
}
