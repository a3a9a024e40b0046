package sitecheck

import (
	"fmt"
	"testing"
)

// TestScrollHintsTellTheTruth: the line "表格较宽，可左右滑动查看全部列" above a
// table is shown exactly when the table is wider than its box — on a wide
// screen and on a phone, after the page's scripts have redrawn it (the
// catalogue's rows are drawn by catalogue.js).
func TestScrollHintsTellTheTruth(t *testing.T) {
	pages := append(keyPages(t), keyPage{"indicator", "reports/2024/primary/backbone_teachers/", ""}, keyPage{"trends", "reports/trends/", ""})
	for _, p := range pages {
		if p.path == "" && p.name != "home" {
			continue
		}
		for _, width := range []int{1280, 360} {
			t.Run(fmt.Sprintf("%s/%d", p.name, width), func(t *testing.T) {
				t.Parallel() // a tab each
				pg := open(t, p, width, 900)
				var wrong []string
				// Two frames: a size change is observed before the next paint.
				pg.Eval(t, `(async () => {
  for (let i = 0; i < 2; i++) await new Promise(r => requestAnimationFrame(r));
  return Array.from(document.querySelectorAll("main .table-wrap")).flatMap(w => {
  const hint = w.previousElementSibling;
  const shown = !!hint && hint.classList.contains("scroll-hint") && !hint.hidden && hint.offsetHeight > 0;
  const wide = w.scrollWidth > w.clientWidth + 1;
  const t = w.querySelector("table");
  const name = (t && t.caption ? t.caption.textContent : (t ? t.className : "")).slice(0, 30);
  return shown === wide ? [] : [(wide ? "wide, no hint: " : "hint, not wide: ") + name + " (" + w.scrollWidth + " > " + w.clientWidth + ")"];
});
})()`, &wrong)
				for _, s := range wrong {
					t.Errorf("/%s at %d px: %s", p.path, width, s)
				}
			})
		}
	}
}
