package build

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/output"
)

// claimant is a file of the site that decides an output path: a
// document's page (its url, slug or file name), one of its attachments, a
// section's list pages.
type claimant struct {
	file, key, value string
	line             int
	what             string // what claims the path, for the message
}

// claimantsOf returns the files of the site that claim the output path p:
// documents first (an attachment before the page, which is more often
// right), then sections.
func claimantsOf(c *content.Content, p string) []claimant {
	var out []claimant
	for _, d := range c.Docs {
		file := content.Dir + "/" + d.Path
		for _, a := range d.Attachments {
			if a.URL != "" && p == a.URL {
				out = append(out, claimant{file: file, key: "attachments", value: a.File, line: d.KeyLine("attachments"), what: "附件 /" + a.URL})
			}
		}
		if p == d.URL+"index.html" {
			cl := claimant{file: file, line: 1, what: "网址 /" + d.URL}
			for _, k := range []string{"url", "slug"} {
				if l := d.KeyLine(k); l > 1 {
					cl.key, cl.line = k, l
					break
				}
			}
			out = append(out, cl)
		}
	}
	for _, s := range c.Sections {
		if p == s.Name+"/index.html" || strings.HasPrefix(p, s.Name+"/page/") && strings.HasSuffix(p, "/index.html") {
			out = append(out, claimant{file: content.Dir + "/" + s.Name + "/", what: "栏目列表页 /" + strings.TrimSuffix(p, "index.html")})
		}
	}
	return out
}

// placeConflicts puts the output conflicts of a failed build (see
// output.ConflictError) at their cause: the document or section whose
// path another page or a generated file (the feed, the sitemap, a report)
// also claims. The conflict's bare message, which names no file of the
// site, is replaced; a build that failed on a conflict fails with a
// BuildError, as for any other error of the site.
func placeConflicts(all []diag.Diagnostic, err error, out any, c *content.Content) ([]diag.Diagnostic, error) {
	w, ok := out.(interface {
		Conflicts() []*output.ConflictError
	})
	if !ok || c == nil {
		return all, err
	}
	placed := false
	for _, ce := range w.Conflicts() {
		d, ok := place(ce, c)
		if !ok {
			continue
		}
		kept := all[:0:0]
		for _, o := range all {
			if o.File != "" || !strings.Contains(o.Msg, ce.Error()) {
				kept = append(kept, o)
			}
		}
		all, placed = append(kept, d), true
	}
	var ce *output.ConflictError
	if placed && (errors.As(err, &ce) || errors.As(err, new(*diag.BuildError))) {
		err = &diag.BuildError{Diagnostics: all}
	}
	return all, err
}

// place returns the error of a conflict at the file that caused it.
func place(ce *output.ConflictError, c *content.Content) (diag.Diagnostic, bool) {
	mine, theirs := claimantsOf(c, ce.Path), claimantsOf(c, ce.Other)
	if ce.Path == ce.Other {
		theirs = nil
		if len(mine) > 1 {
			mine, theirs = mine[:1], mine[1:]
		}
	}
	if len(mine) == 0 {
		mine, theirs = theirs, nil
		ce = &output.ConflictError{Path: ce.Other, Other: ce.Path}
	}
	if len(mine) == 0 {
		return diag.Diagnostic{}, false
	}
	a := mine[0]
	other := "站点生成的文件 /" + ce.Other
	if len(theirs) > 0 {
		other = theirs[0].file + " 的" + theirs[0].what
	} else if strings.HasSuffix(ce.Other, "index.html") {
		other = "站点生成的页面 /" + strings.TrimSuffix(ce.Other, "index.html")
	}
	why := "相同"
	if ce.Path != ce.Other {
		why = "冲突（一个路径不能既是文件又是文件夹）"
	}
	fix := "请换一个网址（url 或 slug）"
	if a.key == "attachments" {
		fix = "请给附件改名"
	}
	d := diag.Diagnostic{Severity: diag.Error, File: a.file, Line: a.line, Column: a.key,
		Msg: fmt.Sprintf("%s 与 %s %s；%s", a.what, other, why, fix)}
	if a.value != "" {
		d.Value, d.HasValue = a.value, true
	}
	return d, true
}
