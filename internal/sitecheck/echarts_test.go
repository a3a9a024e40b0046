package sitecheck

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gongkai-dev/gongkai/internal/layout"
)

// chartParts lists, for each chart of the page, what its option asks for
// that the chart ECharts drew lacks. The embedded build holds only some
// parts of ECharts, and its production code drops a component it lacks
// (title, legend, grid, axes, tooltip, markLine …) without a word; a
// series type it lacks throws (a console error). aria's decals are a
// visual, not a component: each series' data must carry one.
const chartParts = `(() => {
  const out = [];
  for (const el of document.querySelectorAll("div.chart[id]")) {
    const src = document.getElementById(el.id + "-option");
    if (!src) continue;
    const o = JSON.parse(src.textContent);
    const c = echarts.getInstanceByDom(el);
    if (!c) { out.push(el.id + ": not drawn by ECharts"); continue; }
    const m = c.getModel(), miss = [];
    // Every other top-level key of an option is a component.
    const notComponents = ["series", "color", "gongkai", "aria", "animation", "backgroundColor", "textStyle"];
    for (const k of Object.keys(o)) {
      if (!notComponents.includes(k) && !m.getComponent(k)) miss.push(k);
    }
    const series = o.series || [], drawn = m.getSeries();
    if (drawn.length !== series.length) miss.push("series: drew [" + drawn.map(s => s.subType) + "] of [" + series.map(s => s.type) + "]");
    for (const k of ["markLine", "markPoint", "markArea"]) {
      if (series.some(s => s[k]) && !m.getComponent(k)) miss.push(k);
    }
    if (o.aria && o.aria.decal && o.aria.decal.show &&
        !drawn.every(s => s.getData().count() === 0 || s.getData().getItemVisual(0, "decal"))) miss.push("aria decals");
    if (miss.length) out.push(el.id + ": " + miss.join(", "));
  }
  return out;
})()`

// chartKinds is, for a built site, the first page of each page kind
// (<body class="kind-…">) that has charts, by kind.
func chartKinds(t *testing.T, dir string) map[string]string {
	t.Helper()
	first := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "index.html" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		m := bodyKind.FindSubmatch(b)
		if m == nil || first[string(m[1])] != "" || !bytes.Contains(b, []byte(`-option">`)) {
			return nil
		}
		rel, _ := filepath.Rel(dir, filepath.Dir(p))
		first[string(m[1])] = strings.TrimPrefix(filepath.ToSlash(rel)+"/", "./")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return first
}

// TestEChartsBuildDrawsEveryChart: on one page of every kind with charts,
// in the example site (year report, indicator, school, trends, a document
// with chart shortcodes) and in examples/city (the overview, a county's
// report, the area's trends …), the reader's request loads the embedded
// ECharts build, and it draws every chart with every part its option asks
// for; the console stays clean.
func TestEChartsBuildDrawsEveryChart(t *testing.T) {
	type target struct{ base, kind, path string }
	var targets []target
	for _, s := range []struct{ base, dir string }{{served(t), example.Dir}, {servedCity(t), cityDir}} {
		kinds := chartKinds(t, s.dir)
		names := make([]string, 0, len(kinds))
		for k := range kinds {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			targets = append(targets, target{s.base, k, kinds[k]})
		}
	}
	// The area's trends of examples/city: every county in small multiples.
	targets = append(targets, target{servedCity(t), "trends", layout.Trends})
	seen := map[string]bool{}
	for _, tg := range targets {
		seen[tg.kind] = true
	}
	for _, k := range []string{"report", "indicator", "school", "trends", "document", "overview"} {
		if !seen[k] {
			t.Errorf("no page of kind %s with charts: %v", k, targets)
		}
	}
	for _, tg := range targets {
		t.Run(tg.path, func(t *testing.T) {
			pg := sharedBrowser(t).Visit(t, tg.base+"/"+tg.path+"?noanim", 1280, 900)
			pg.WaitFor(t, `!!window.gongkaiCharts`, 15*time.Second)
			pg.Eval(t, `gongkaiCharts.drawAll(), true`, nil)
			pg.WaitFor(t, chartsDrawn, 30*time.Second)
			var missing []string
			pg.Eval(t, chartParts, &missing)
			for _, m := range missing {
				t.Errorf("/%s (%s): %s", tg.path, tg.kind, m)
			}
			var n int
			pg.Eval(t, `document.querySelectorAll("div.chart[id]").length`, &n)
			t.Logf("/%s (%s): %d charts", tg.path, tg.kind, n)
			pg.AssertClean(t)
			pg.Close()
		})
	}
}
