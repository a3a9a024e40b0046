package disclosure

import (
	"bytes"
	"sort"
	"strconv"

	"github.com/gongkai-dev/gongkai/internal/lazyre"
)

// The tables of a report, as the shortcode names them:
//
//	{{< disclosure table="active" >}}     二、主动公开政府信息情况
//	{{< disclosure table="requests" >}}   三、收到和处理政府信息公开申请情况
//	{{< disclosure table="review" >}}     四、政府信息公开行政复议、行政诉讼情况
const (
	TableActive   = "active"
	TableRequests = "requests"
	TableReview   = "review"
)

// Tables lists the tables in the report's order, with the numeral of the
// heading they follow when the author places none.
var Tables = []struct{ Name, Numeral string }{
	{TableActive, "二"},
	{TableRequests, "三"},
	{TableReview, "四"},
}

// Shortcode is the name of the shortcode that places a table.
const Shortcode = "disclosure"

var (
	scOpen    = lazyre.New(`\{\{<\s*` + Shortcode + `(?:\s|>)`)
	scYear    = lazyre.New(`(?:^|\s)year\s*=`)
	scTable   = lazyre.New("(?:^|\\s)table\\s*=\\s*(?:\"([^\"]*)\"|`([^`]*)`|([^\\s>]+))")
	fenceLine = lazyre.New("^ {0,3}(```|~~~)")
	headingRE = lazyre.New(`^ {0,3}#{1,6}[ \t]+([一二三四五六七八九十]+)、`)
)

// Prepare readies the Markdown body of the report of year for rendering.
// A disclosure shortcode without year= is given year="<year>" (inserted
// after its name, so that every shortcode keeps its line and column); each
// table that no shortcode places goes after the first heading that starts
// with its numeral (## 二、…), on the blank line below it when there is one
// (the lines below keep their numbers) and on a new line otherwise. missing
// lists the tables that have neither a shortcode nor a heading.
func Prepare(body []byte, year int) (out []byte, missing []string) {
	type insert struct {
		at   int
		text string
	}
	var ins []insert
	placed := map[string]bool{}
	headings := map[string]int{} // numeral → offset of the line after its heading
	blankAfter := map[string]bool{}
	yearArg := ` year="` + strconv.Itoa(year) + `"`

	inFence := ""
	for off := 0; off < len(body); {
		end := bytes.IndexByte(body[off:], '\n')
		next := len(body)
		if end >= 0 {
			next = off + end + 1
			end = off + end
		} else {
			end = len(body)
		}
		line := body[off:end]
		if m := fenceLine().FindSubmatch(line); m != nil {
			switch {
			case inFence == "":
				inFence = string(m[1])
			case inFence == string(m[1]):
				inFence = ""
			}
			off = next
			continue
		}
		if inFence != "" {
			off = next
			continue
		}
		if m := headingRE().FindSubmatch(line); m != nil {
			if _, seen := headings[string(m[1])]; !seen {
				headings[string(m[1])] = next
				rest := body[next:]
				nl := bytes.IndexByte(rest, '\n')
				blankAfter[string(m[1])] = next < len(body) && nl >= 0 && len(bytes.TrimSpace(rest[:nl])) == 0
			}
		}
		for _, loc := range scOpen().FindAllIndex(line, -1) {
			if bytes.Count(line[:loc[0]], []byte("`"))%2 == 1 {
				continue // in a code span
			}
			nameEnd := off + loc[1] - 1 // after "disclosure"
			close := bytes.Index(body[nameEnd:], []byte(">}}"))
			if close < 0 {
				continue // the renderer reports it
			}
			args := body[nameEnd : nameEnd+close]
			if m := scTable().FindSubmatch(args); m != nil {
				placed[string(m[1])+string(m[2])+string(m[3])] = true
			}
			if !scYear().Match(args) {
				ins = append(ins, insert{nameEnd, yearArg})
			}
		}
		off = next
	}
	for _, t := range Tables {
		if placed[t.Name] {
			continue
		}
		at, ok := headings[t.Numeral]
		if !ok {
			missing = append(missing, t.Name)
			continue
		}
		sc := "{{< " + Shortcode + ` table="` + t.Name + `"` + yearArg + " >}}"
		if blankAfter[t.Numeral] {
			// The blank line becomes the shortcode's: a shortcode alone
			// on its line is a block of its own.
			ins = append(ins, insert{at, sc})
		} else if at == len(body) && (len(body) == 0 || body[len(body)-1] != '\n') {
			ins = append(ins, insert{at, "\n" + sc + "\n"})
		} else {
			ins = append(ins, insert{at, sc + "\n"})
		}
	}
	if len(ins) == 0 {
		return body, missing
	}
	// The shortcodes' years come in order of the scan, the tables after
	// their headings; written in order of their offsets.
	sort.Slice(ins, func(i, j int) bool { return ins[i].at < ins[j].at })
	out = make([]byte, 0, len(body)+len(ins)*48)
	last := 0
	for _, in := range ins {
		out = append(out, body[last:in.at]...)
		out = append(out, in.text...)
		last = in.at
	}
	return append(out, body[last:]...), missing
}
