package build_test

import (
	"fmt"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai-dev/gongkai/internal/build"
)

// A site of one policy document, built in memory: Build reads site.toml
// and content/, renders every page and writes the result (here into the
// in-memory file system, at /site/public).
func ExampleBuild() {
	fsys := afero.NewMemMapFs()
	_ = afero.WriteFile(fsys, "/site/site.toml", []byte("title = \"示例县教育局\"\nbase_url = \"https://edu.example.gov.cn/\"\n"), 0o644)
	_ = afero.WriteFile(fsys, "/site/content/policies/plan.md", []byte("+++\ntitle = \"示例县义务教育优质均衡发展实施方案\"\npublisher = \"示例县教育局\"\npublished = 2024-03-01\n+++\n\n## 工作目标\n\n到2025年通过国家督导评估认定。\n"), 0o644)
	sum, diags, err := build.Build(build.Options{Fs: fsys, Source: "/site", Now: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err, diags)
		return
	}
	fmt.Println(sum.Documents, "篇文档")
	ok, _ := afero.Exists(fsys, "/site/public/policies/plan/index.html")
	fmt.Println("文档页面:", ok)
	// Output:
	// 1 篇文档
	// 文档页面: true
}
