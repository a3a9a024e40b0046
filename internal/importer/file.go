package importer

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/config"
	"github.com/gongkai-dev/gongkai/internal/content"
	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/markdown"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
)

// MaxTextFile is the largest text file imported: four times what a
// Markdown document may be (sitefs.MaxMarkdown), for GBK and web clutter.
const MaxTextFile = 4 << 20

// File imports one file by its extension: .docx, or plain text (.txt and
// anything else that is text).
func File(fsys afero.Fs, name string) (*Result, error) {
	limit := int64(MaxTextFile)
	if strings.EqualFold(filepath.Ext(name), ".docx") {
		limit = MaxDocx
	}
	b, err := sitefs.ReadLimited(fsys, name, limit)
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		return Docx(name, b)
	case ".doc":
		return nil, fmt.Errorf("旧版 Word 文件（.doc）无法直接读取；请在 Word 或 WPS 中另存为 .docx")
	case ".pdf":
		return nil, fmt.Errorf("不能导入 PDF；请复制其中的文字存为 .txt，或使用 .docx 原件")
	}
	return Text(name, b)
}

// Validate loads the documents as the build loads them (front matter,
// duplicate 索引号 and names, Markdown) and returns what the build would
// refuse, placed at the document's name.
func Validate(results []*Result) []diag.Diagnostic {
	fsys := afero.NewMemMapFs()
	_ = afero.WriteFile(fsys, "site/site.toml", []byte("title = \"import\"\nbase_url = \"https://example.gov.cn/\"\n"), 0o644)
	var out []diag.Diagnostic
	seen := map[string]string{}
	for _, r := range results {
		if o, ok := seen[r.Name]; ok {
			out = append(out, diag.Diagnostic{File: r.Source, Msg: "与 " + o + " 导出为同一个文件 " + r.Name + "，请分开导入或改名"})
			continue
		}
		seen[r.Name] = r.Source
		_ = afero.WriteFile(fsys, "site/content/imported/"+r.Name, r.Markdown, 0o644)
	}
	site, ds := config.Load(fsys, "site", "")
	out = append(out, ds...)
	if site == nil {
		return out
	}
	c, ds := content.Load(fsys, "site", site, content.Options{Drafts: true, Future: true, Now: time.Now()})
	for _, d := range ds {
		d.File = strings.TrimPrefix(d.File, "content/imported/")
		out = append(out, d)
	}
	md := markdown.New(markdown.Options{})
	for _, d := range c.Docs {
		if _, errs := md.Render(d.Body); len(errs) > 0 {
			for _, e := range errs {
				out = append(out, diag.Diagnostic{File: d.Path, Line: e.Line + d.BodyLine, Msg: e.Error()})
			}
		}
	}
	return out
}

// FitSiteAt finds the site that dir is in (the nearest folder above with a
// site.toml) and fits every result to it (see Result.FitSite), with the
// 索引号 of the site's documents as taken. It returns the site's folder, or
// "" when dir is in no site.
func FitSiteAt(fsys afero.Fs, dir string, results []*Result) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		if ok, _ := afero.Exists(fsys, filepath.Join(d, config.FileName)); ok {
			site, _ := config.Load(fsys, d, "")
			if site == nil {
				return d
			}
			used := map[string]string{}
			c, _ := content.Load(fsys, d, site, content.Options{Drafts: true, Future: true, Now: time.Now()})
			for _, doc := range append(append([]*content.Document(nil), c.Docs...), c.LeftOut...) {
				if doc.IndexNo != "" {
					used[doc.IndexNo] = content.Dir + "/" + doc.Path
				}
			}
			for _, r := range results {
				r.FitSite(site.IndexNoRE, used)
			}
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
