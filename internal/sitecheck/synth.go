package sitecheck

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// WriteSyntheticSite writes a site of n documents into dst, for measuring
// the search index and the catalogue at scale. The text is real: paragraphs
// and titles of the documents under srcContent (the example site's content/)
// recombined by a fixed pseudo-random sequence, so the same n gives the same
// site. Documents spread over four sections, 16 years, the genres and the
// three 有效性 values.
func WriteSyntheticSite(dst, srcContent string, n int) error {
	var paras, titles []string
	err := filepath.WalkDir(srcContent, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || d.Name() == "_index.md" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := string(b)
		parts := strings.SplitN(s, "+++", 3)
		if len(parts) == 3 {
			for _, l := range strings.Split(parts[1], "\n") {
				if v, ok := strings.CutPrefix(l, "title = "); ok {
					titles = append(titles, strings.Trim(v, `"`))
				}
			}
			s = parts[2]
		}
		for _, l := range strings.Split(s, "\n") {
			l = strings.TrimSpace(l)
			if len([]rune(l)) >= 30 && !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "|") && !strings.Contains(l, "{{") {
				paras = append(paras, l)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(paras) == 0 || len(titles) == 0 {
		return fmt.Errorf("no text under %s", srcContent)
	}
	rng := rand.New(rand.NewPCG(2024, uint64(n)))
	sections := []string{"policies", "plans", "news", "interpretations"}
	names := []string{"政策文件", "规划计划", "工作动态", "政策解读"}
	genres := []string{"通知", "意见", "方案", "规划", "报告", "通报", "公告", "解读", "其他"}
	publishers := []string{"示例县教育体育局", "示例县人民政府办公室", "示例县人民政府教育督导委员会办公室", "示例县财政局"}
	topics := []string{"科技、教育", "财政、金融、审计", "劳动、人事、监察"}
	heads := []string{"一、总体要求", "二、主要任务", "三、保障措施", "四、工作要求", "五、其他事项"}
	if err := os.MkdirAll(filepath.Join(dst, "content"), 0o755); err != nil {
		return err
	}
	site := "title = \"合成县教育体育局信息公开\"\nbase_url = \"https://jyj.example.gov.cn/\"\npublisher = \"示例县教育体育局\"\norganiser = \"示例县教育体育局\"\n"
	if err := os.WriteFile(filepath.Join(dst, "site.toml"), []byte(site), 0o644); err != nil {
		return err
	}
	for i, s := range sections {
		dir := filepath.Join(dst, "content", s)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		idx := fmt.Sprintf("+++\ntitle = %q\nweight = %d\n+++\n", names[i], i+1)
		if err := os.WriteFile(filepath.Join(dir, "_index.md"), []byte(idx), 0o644); err != nil {
			return err
		}
	}
	for i := 0; i < n; i++ {
		year := 2010 + rng.IntN(16)
		month, day := 1+rng.IntN(12), 1+rng.IntN(28)
		validity := "有效"
		switch r := rng.IntN(20); {
		case r == 0:
			validity = "废止"
		case r < 3:
			validity = "失效"
		}
		genre := genres[rng.IntN(len(genres))]
		title := fmt.Sprintf("%s（%d年第%d号）", titles[rng.IntN(len(titles))], year, i+1)
		var body strings.Builder
		k := 8 + rng.IntN(13)
		for j := 0; j < k; j++ {
			if j > 0 && j%4 == 0 {
				fmt.Fprintf(&body, "## %s\n\n", heads[(j/4-1)%len(heads)])
			}
			body.WriteString(paras[rng.IntN(len(paras))])
			body.WriteString("\n\n")
		}
		summary := []rune(paras[rng.IntN(len(paras))])
		if len(summary) > 80 {
			summary = summary[:80]
		}
		fm := fmt.Sprintf(`+++
title = %q
index_no = "11150000MB1234567X/%d-%05d"
publisher = %q
doc_no = "示教体发〔%d〕%d号"
written = %04d-%02d-%02d
published = %04d-%02d-%02dT09:00:00+08:00
topic = %q
genre = %q
validity = %q
summary = %q
keywords = ["义务教育", "优质均衡"]
+++

`, title, year, i+1, publishers[rng.IntN(len(publishers))], year, i+1, year, month, day, year, month, day,
			topics[rng.IntN(len(topics))], genre, validity, string(summary))
		file := filepath.Join(dst, "content", sections[i%len(sections)], fmt.Sprintf("doc-%05d.md", i+1))
		if err := os.WriteFile(file, []byte(fm+body.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}
