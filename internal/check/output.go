package check

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/diag"
)

// jsonDiag is one diagnostic of the JSON output.
type jsonDiag struct {
	Severity  string `json:"severity"` // error or warning (with strict, every one is an error)
	Kind      string `json:"kind"`     // build, link, anchor, attachment, shortcode
	File      string `json:"file,omitempty"`
	Line      int    `json:"line,omitempty"`
	Col       int    `json:"col,omitempty"`
	Column    string `json:"column,omitempty"`
	Canonical string `json:"canonical,omitempty"`
	Value     string `json:"value,omitempty"`
	Message   string `json:"message"`
	Text      string `json:"text"` // as the text output prints it: file:line:col: …
}

// WriteJSON writes the result for CI: {"errors": n, "warnings": n, "built":
// bool, "pages": n, "links": n, "diagnostics": [...]}.
func WriteJSON(w io.Writer, r *Result, strict bool) error {
	errs, warns := r.Errors(strict)
	out := struct {
		Errors      int        `json:"errors"`
		Warnings    int        `json:"warnings"`
		Built       bool       `json:"built"`
		Pages       int        `json:"pages"`
		Links       int        `json:"links"`
		Diagnostics []jsonDiag `json:"diagnostics"`
	}{errs, warns, r.Built, r.Pages, r.Links, []jsonDiag{}}
	for _, p := range r.Problems {
		sev := "error"
		if p.Severity == diag.Warning && !strict {
			sev = "warning"
		}
		out.Diagnostics = append(out.Diagnostics, jsonDiag{
			Severity: sev, Kind: p.Kind, File: p.File, Line: p.Line, Col: p.Col,
			Column: p.Column, Canonical: p.Canonical, Value: p.Value, Message: p.Msg, Text: p.Error(),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteText writes one line per problem, file:line first (warnings marked
// 警告 after the place), and a closing summary line.
func WriteText(w io.Writer, r *Result, strict bool) {
	for _, p := range r.Problems {
		s := p.Error()
		if p.Severity == diag.Warning && !strict {
			if i := strings.Index(s, ": "); i >= 0 && p.File != "" {
				s = s[:i+2] + "警告: " + s[i+2:]
			} else {
				s = "警告: " + s
			}
		}
		fmt.Fprintln(w, s)
	}
	errs, warns := r.Errors(strict)
	links := fmt.Sprintf("检查了 %d 个页面中的 %d 个站内链接", r.Pages, r.Links)
	if !r.Built {
		links = fmt.Sprintf("站点未能构建，只检查了文档中的 %d 个站内链接", r.Links)
	}
	fmt.Fprintf(w, "检查完成：%d 个错误，%d 条警告；%s。\n", errs, warns, links)
}
