package markdown_test

import (
	"fmt"

	"github.com/gongkai-dev/gongkai/internal/markdown"
)

// A policy text renders to HTML and to the plain text the search index
// and summaries use.
func ExampleRenderer_Render() {
	r := markdown.New(markdown.Options{})
	res, errs := r.Render([]byte("## 工作目标\n\n到2025年，全县**义务教育**优质均衡发展。\n"))
	fmt.Println(len(errs))
	fmt.Print(string(res.HTML))
	fmt.Println(res.Plain)
	// Output:
	// 0
	// <h2 id="工作目标">工作目标</h2>
	// <p>到2025年，全县<strong>义务教育</strong>优质均衡发展。</p>
	// 工作目标
	// 到2025年，全县义务教育优质均衡发展。
}
