// Draws the site's charts. Each chart is a <div class="chart" id="…"> and
// its ECharts option is JSON in <script type="application/json"
// id="…-option"> (data, never run). The option holds no functions: this
// script parses it, adapts it to the reader's settings and hands it to
// ECharts. The look (fonts, ink colours, axes, grid lines) is the ECharts
// theme registered here, rebuilt when the reading aids change (gongkai:prefs:
// text size, high contrast). prefers-reduced-motion or ?noanim in the page
// address turn animation off (e.g. for screenshots).
(function () {
  "use strict";
  if (window.gongkaiCharts) { // a document placed several charts: one instance does
    window.gongkaiCharts.scan();
    return;
  }
  var me = document.currentScript;
  var root = document.documentElement;
  var items = [];
  var noAnim = /[?&]noanim(=|&|$)/.test(location.search) ||
    (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);

  // Colours written in the options (mark lines, labels) and their
  // high-contrast replacements.
  var contrastMap = { "#1F2329": "#FFFFFF", "#6E7781": "#FFD180", "#4D5B6A": "#C8D3DE" };

  function contrast() { return root.classList.contains("contrast"); }

  // theme is the house style at the reader's text size.
  function theme() {
    var hc = contrast();
    var k = (parseFloat(window.getComputedStyle(root).fontSize) || 17) / 17;
    var ink = hc ? "#FFFFFF" : "#1F2329", muted = hc ? "#E0E0E0" : "#565D66";
    var line = hc ? "#BBBBBB" : "#565D66", grid = hc ? "#555555" : "#D8DEE5";
    var font = window.getComputedStyle(document.body).fontFamily;
    function fs(n) { return Math.round(n * k); }
    var axis = function (split) {
      return {
        axisLine: { show: !split, lineStyle: { color: line } },
        axisTick: { show: !split, lineStyle: { color: line } },
        axisLabel: { color: ink, fontSize: fs(12) },
        splitLine: { show: split, lineStyle: { color: grid } },
        nameTextStyle: { color: ink, fontSize: fs(12) }
      };
    };
    return {
      backgroundColor: hc ? "#000000" : "transparent",
      textStyle: { fontFamily: font, color: ink },
      title: {
        textStyle: { color: ink, fontSize: fs(16), fontWeight: "bold", lineHeight: fs(22) },
        subtextStyle: { color: muted, fontSize: fs(12), lineHeight: fs(18) }
      },
      legend: { textStyle: { color: ink, fontSize: fs(12) } },
      tooltip: {
        backgroundColor: hc ? "#000000" : "#FFFFFF", borderColor: line,
        textStyle: { color: ink, fontSize: fs(13) }
      },
      categoryAxis: axis(false),
      valueAxis: axis(true),
      // Data labels and the 标准 lines.
      bar: { label: { color: ink, fontSize: fs(12) } },
      line: { label: { color: ink, fontSize: fs(12) } },
      markLine: {
        label: { color: ink, fontSize: fs(12) },
        lineStyle: { color: ink, width: 1.5 }
      }
    };
  }

  // transform returns a copy of the option for the current settings.
  function transform(o, width, th) {
    var hc = contrast(), k = th.title.textStyle.fontSize / 16;
    function walk(v, key) {
      if (Array.isArray(v)) return v.map(function (x) { return walk(x, key); });
      if (v && typeof v === "object") {
        var out = {};
        Object.keys(v).forEach(function (name) { out[name] = walk(v[name], name); });
        return out;
      }
      if (typeof v === "string" && hc && contrastMap[v.toUpperCase()]) return contrastMap[v.toUpperCase()];
      if (typeof v === "number" && key === "fontSize") return Math.round(v * k);
      return v;
    }
    var opt = walk(o, "");
    if (noAnim) opt.animation = false;
    // Narrow screens: let the title and subtitle wrap, and make room.
    var t = opt.title, extra = 0;
    if (t && !Array.isArray(t) && width > 0) {
      var avail = Math.max(120, width - 24);
      var fs = th.title.textStyle.fontSize, ss = th.title.subtextStyle.fontSize;
      var lines = Math.ceil(((t.text || "").length * fs) / avail);
      var sublines = Math.ceil(((t.subtext || "").length * ss) / avail);
      t.textStyle = { width: avail, overflow: "break" };
      t.subtextStyle = { width: avail, overflow: "break" };
      extra = Math.max(0, lines - 1) * th.title.textStyle.lineHeight + Math.max(0, sublines - 1) * th.title.subtextStyle.lineHeight;
      if (extra > 0) {
        var grids = Array.isArray(opt.grid) ? opt.grid : (opt.grid ? [opt.grid] : []);
        grids.forEach(function (g) { g.top = (parseFloat(g.top) || 60) + extra; });
        if (opt.legend && !Array.isArray(opt.legend) && opt.legend.top !== undefined) {
          opt.legend.top = (parseFloat(opt.legend.top) || 0) + extra;
        }
      }
    }
    return { option: opt, extra: extra };
  }

  function draw(it) {
    if (it.chart) it.chart.dispose();
    var th = theme();
    window.echarts.registerTheme("gongkai", th);
    var r = transform(it.option, it.el.clientWidth, th);
    it.el.style.height = Math.round(it.height * Math.max(1, th.title.textStyle.fontSize / 16) + r.extra) + "px";
    it.chart = window.echarts.init(it.el, "gongkai", { renderer: "canvas", locale: "ZH" });
    it.chart.setOption(r.option);
    it.width = it.el.clientWidth;
  }

  function scan() {
    if (!window.echarts) return;
    var els = document.querySelectorAll("div.chart[id]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.getAttribute("data-chart-ready")) continue;
      var src = document.getElementById(el.id + "-option");
      if (!src) continue;
      var option;
      try { option = JSON.parse(src.textContent); } catch (e) { continue; }
      el.setAttribute("data-chart-ready", "1");
      var it = { el: el, option: option, height: parseInt(el.getAttribute("data-height"), 10) || 320 };
      items.push(it);
      draw(it);
    }
  }

  var timer = 0;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      items.forEach(function (it) {
        // A new width may change how the titles wrap: redraw; else resize.
        if (Math.abs(it.el.clientWidth - it.width) > 40) draw(it);
        else if (it.chart) it.chart.resize();
      });
    }, 150);
  });
  document.addEventListener("gongkai:prefs", function () { items.forEach(draw); });
  window.addEventListener("beforeprint", function () { items.forEach(function (it) { if (it.chart) it.chart.resize(); }); });

  window.gongkaiCharts = { scan: scan };

  document.addEventListener("DOMContentLoaded", scan);
  if (window.echarts) {
    scan();
  } else {
    // A document page does not load the library itself: the first chart's
    // script tag names it.
    var url = me && me.getAttribute("data-echarts");
    if (!url) return;
    var s = document.createElement("script");
    s.src = url;
    s.onload = scan;
    document.head.appendChild(s);
  }
})();
