package synth

// The Hugo site of the comparison in scripts/bench.sh: the same content/,
// and layouts that render what a reader of a gongkai document page gets
// from the Markdown — the title, the table of contents and the content —
// with nothing else (no taxonomies, feeds or sitemap), so that the
// comparison is per Markdown document and does not favour gongkai.
//
// Hugo keeps the front-matter keys it does not know (index_no, doc_no …) as
// page params; published is one of its publishDate aliases.
const (
	hugoConfig = `# Hugo site of the same synthetic documents (gksynth --hugo), for scripts/bench.sh.
baseURL = "https://jyj.example.gov.cn/"
languageCode = "zh-CN"
defaultContentLanguage = "zh"
hasCJKLanguage = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
enableGitInfo = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3
ordered = true

[markup.goldmark.renderer]
unsafe = false
`
	hugoSingle = `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
{{ .TableOfContents }}
<article>{{ .Content }}</article>
</body>
</html>
`
	hugoList = `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title></head>
<body>
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</body>
</html>
`
)

func writeHugo(w *writer, wd *world) error {
	// title must precede the tables: TOML keys after [markup…] belong to it.
	cfg := "title = \"" + wd.title + "\"\n" + hugoConfig
	for _, f := range []struct{ name, text string }{
		{"config.toml", cfg},
		{"layouts/_default/single.html", hugoSingle},
		{"layouts/_default/list.html", hugoList},
		{"layouts/index.html", hugoList},
	} {
		if err := w.write(f.name, []byte(f.text)); err != nil {
			return err
		}
	}
	return nil
}
