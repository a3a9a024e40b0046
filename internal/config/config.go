// Package config reads a site's settings from site.toml.
//
// Decoding is strict: a misspelt key is an error at its line rather than a
// setting silently ignored, because a bureau that writes "orgniser" expects
// to see its 主办单位 in the footer.
package config

import (
	"errors"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/diag"
	"github.com/gongkai-dev/gongkai/internal/indicators"
	"github.com/gongkai-dev/gongkai/internal/sitefs"
	"github.com/gongkai-dev/gongkai/internal/tomlx"
)

// FileName is the settings file at the root of a site.
const FileName = "site.toml"

// Site is the decoded site.toml.
type Site struct {
	Title        string `toml:"title"`         // 网站名称
	BaseURL      string `toml:"base_url"`      // e.g. https://www.example.gov.cn/jyj/
	Language     string `toml:"language"`      // zh-CN
	Description  string `toml:"description"`   // 网站简介, for <meta name="description">
	Publisher    string `toml:"publisher"`     // default 发布机构 of documents
	Organiser    string `toml:"organiser"`     // 主办单位
	Contact      string `toml:"contact"`       // 联系方式
	SiteCode     string `toml:"site_code"`     // 网站标识码
	ICP          string `toml:"icp"`           // ICP备案号
	PoliceRecord string `toml:"police_record"` // 公安机关备案号
	Theme        string `toml:"theme"`         // themes/<theme>/ overrides the built-in theme
	PageSize     int    `toml:"page_size"`     // documents per list page
	// IndexNoPattern is a regular expression every 索引号 must match, for
	// bureaus whose province prescribes a format.
	IndexNoPattern string `toml:"index_no_pattern"`
	// Favicon is the site's own icon, a file of the site directory
	// (.ico, .png or .svg), instead of the theme's.
	Favicon string `toml:"favicon"`

	// Standards override the national thresholds (省级实施细则).
	Standards indicators.Standards `toml:"standards"`

	// RevisionNotes give, by version (a commit's hash or its first 7 or
	// more characters), the 修订说明 the revisions page shows for the
	// data that version changed, instead of the commit message: a commit
	// cannot be changed once published, its explanation can.
	RevisionNotes map[string]string `toml:"revision_notes"`
	// noteLines are the lines of RevisionNotes' keys in site.toml.
	noteLines map[string]int

	// BasePath is the path of BaseURL, always starting and ending in "/",
	// e.g. "/jyj/". Every link of the site starts with it.
	BasePath string `toml:"-"`
	// IndexNoRE is IndexNoPattern compiled, or nil.
	IndexNoRE *regexp.Regexp `toml:"-"`
	// FaviconData is the file Favicon names, read by Load; nil without.
	FaviconData []byte `toml:"-"`
}

// DefaultPageSize is the number of documents on one list page.
const DefaultPageSize = 20

// Load reads dir/site.toml from fsys. baseURL, when not empty, overrides
// base_url (the --base-url flag).
func Load(fsys afero.Fs, dir, baseURL string) (*Site, []diag.Diagnostic) {
	file := FileName
	src, err := sitefs.ReadFile(fsys, dir, FileName, sitefs.MaxSettings)
	if err != nil {
		msg := "无法读取站点设置: " + err.Error()
		if errors.Is(err, fs.ErrNotExist) {
			msg = "缺少站点设置文件 site.toml（每个站点根目录都需要它，至少写 title 和 base_url）"
		}
		return nil, []diag.Diagnostic{{File: file, Msg: msg}}
	}
	s := &Site{Language: "zh-CN", PageSize: DefaultPageSize, Standards: indicators.DefaultStandards()}
	text := strings.TrimPrefix(string(src), "\uFEFF")
	md, diags := tomlx.DecodeStrict(file, text, 0, s)
	if md == nil {
		return nil, diags
	}
	line := func(key ...string) int { return tomlx.KeyLine(text, key) }
	if strings.TrimSpace(s.Title) == "" {
		diags = append(diags, diag.Diagnostic{File: file, Line: line("title"), Column: "title", Msg: "缺少网站名称 title"})
	}
	if baseURL != "" {
		s.BaseURL = baseURL
	}
	if strings.TrimSpace(s.BaseURL) == "" {
		diags = append(diags, diag.Diagnostic{File: file, Line: line("base_url"), Column: "base_url", Msg: "缺少网站地址 base_url，例如 \"https://www.example.gov.cn/jyj/\""})
	} else if u, err := url.Parse(s.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		diags = append(diags, diag.Diagnostic{File: file, Line: line("base_url"), Column: "base_url", Value: s.BaseURL, HasValue: true, Msg: "应为以 http:// 或 https:// 开头的完整网址"})
	} else {
		p := u.Path
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		if !strings.HasSuffix(p, "/") {
			p += "/"
		}
		s.BasePath = p
		u.Path, u.RawQuery, u.Fragment = p, "", ""
		s.BaseURL = u.String()
	}
	if s.PageSize <= 0 {
		diags = append(diags, diag.Diagnostic{File: file, Line: line("page_size"), Column: "page_size", Msg: "应为正整数"})
	}
	if s.Theme != "" && (strings.ContainsAny(s.Theme, `/\`) || s.Theme == "." || s.Theme == "..") {
		diags = append(diags, diag.Diagnostic{File: file, Line: line("theme"), Column: "theme", Value: s.Theme, HasValue: true, Msg: "应为 themes/ 下的目录名"})
	}
	if s.IndexNoPattern != "" {
		re, err := regexp.Compile("^(?:" + s.IndexNoPattern + ")$")
		if err != nil {
			diags = append(diags, diag.Diagnostic{File: file, Line: line("index_no_pattern"), Column: "index_no_pattern", Value: s.IndexNoPattern, HasValue: true, Msg: "不是有效的正则表达式: " + err.Error()})
		}
		s.IndexNoRE = re
	}
	if s.Publisher == "" {
		s.Publisher = s.Organiser
	}
	if s.Favicon != "" {
		diags = append(diags, s.loadFavicon(fsys, dir, file, line("favicon"))...)
	}
	diags = append(diags, checkStandards(file, text, s.Standards)...)
	s.noteLines = map[string]int{}
	for _, v := range slices.Sorted(maps.Keys(s.RevisionNotes)) {
		s.noteLines[v] = line("revision_notes", v)
		if !isVersion(v) {
			diags = append(diags, diag.Diagnostic{File: file, Line: s.noteLines[v], Column: "revision_notes", Value: v, HasValue: true,
				Msg: "应为版本号（提交的哈希，至少前 7 位，0–9 和 a–f），例如 7f67583e75；可用 git log --oneline -- data 查看"})
		} else if strings.TrimSpace(s.RevisionNotes[v]) == "" {
			diags = append(diags, diag.Diagnostic{File: file, Line: s.noteLines[v], Column: "revision_notes." + v, Msg: "修订说明不能为空"})
		}
	}
	return s, diags
}

// RevisionNoteLine is the line of site.toml that gives the note of
// version v (a key of RevisionNotes).
func (s *Site) RevisionNoteLine(v string) int { return s.noteLines[v] }

// isVersion reports whether v can name a commit: 7 to 40 lower-case hex
// digits.
func isVersion(v string) bool {
	if len(v) < 7 || len(v) > 40 {
		return false
	}
	for _, r := range v {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return false
		}
	}
	return true
}

// MaxFavicon is the largest icon file favicon may name.
const MaxFavicon = 256 << 10

// loadFavicon reads the icon site.toml's favicon names.
func (s *Site) loadFavicon(fsys afero.Fs, dir, file string, line int) []diag.Diagnostic {
	bad := func(msg string) []diag.Diagnostic {
		return []diag.Diagnostic{{File: file, Line: line, Column: "favicon", Value: s.Favicon, HasValue: true, Msg: msg}}
	}
	switch strings.ToLower(path.Ext(s.Favicon)) {
	case ".ico", ".png", ".svg":
	default:
		return bad("网站图标应为 .ico、.png 或 .svg 文件，如 \"static/favicon.png\"（相对于站点目录）")
	}
	b, err := sitefs.ReadFile(fsys, dir, path.Clean(strings.TrimPrefix(s.Favicon, "/")), MaxFavicon)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return bad("找不到网站图标文件：路径相对于站点目录（site.toml 所在的目录）")
		}
		return bad("无法读取网站图标文件（不超过 256 KB）：" + err.Error())
	}
	s.FaviconData = b
	return nil
}

// checkStandards rejects overrides that cannot be meant: a threshold of zero
// or below would pass every school.
func checkStandards(file, text string, st indicators.Standards) []diag.Diagnostic {
	var out []diag.Diagnostic
	bad := func(msg string, key ...string) {
		out = append(out, diag.Diagnostic{File: file, Line: tomlx.KeyLine(text, key), Column: strings.Join(key, "."), Msg: msg})
	}
	for _, l := range indicators.Levels {
		ls := st.Level(l)
		for _, ind := range indicators.Indicators {
			if ls.Threshold(ind) <= 0 {
				bad("标准值应大于0", "standards", string(l), string(ind))
			}
		}
		if ls.CVLimit <= 0 || ls.CVLimit > 1 {
			bad("差异系数上限应在 0 和 1 之间", "standards", string(l), "cv_limit")
		}
	}
	if st.FloorShare <= 0 || st.FloorShare > 1 {
		bad("应在 0 和 1 之间（默认 0.85）", "standards", "floor_share")
	}
	if st.MinMet < 1 || st.MinMet > len(indicators.Indicators) {
		bad("应为 1 到 7 之间的整数（默认 6）", "standards", "min_met")
	}
	w := st.Weights
	for k, v := range map[string]float64{"primary": w.Primary, "junior": w.Junior, "senior": w.Senior,
		"complete_middle_junior": w.CompleteMiddleJunior, "complete_middle_senior": w.CompleteMiddleSenior} {
		if v <= 0 {
			bad("分摊权重应大于0", "standards", "weights", k)
		}
	}
	return out
}

// URL returns the site-absolute URL of a site path ("plans/x/" →
// "/jyj/plans/x/"), so that every link works under a sub-path.
func (s *Site) URL(p string) string {
	if strings.HasPrefix(p, "#") || strings.Contains(p, "://") {
		return p
	}
	return s.BasePath + strings.TrimPrefix(p, "/")
}

// AbsURL returns the full URL of a site path, for feeds, sitemaps and
// canonical links.
func (s *Site) AbsURL(p string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + s.URL(p)[len(s.BasePath)-1:]
}
