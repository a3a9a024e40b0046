// Draws the site's charts. Each chart is a <div class="chart" id="…"> and
// its ECharts option is JSON in <script type="application/json"
// id="…-option"> (data, never run). The option holds no functions: this
// script parses it, adapts it to the reader's settings and hands it to
// ECharts. The look (fonts, ink colours, axes, grid lines) is the ECharts
// theme registered here, rebuilt when the reading aids change (gongkai:prefs:
// text size, high contrast). prefers-reduced-motion or ?noanim in the page
// address turn animation off (e.g. for screenshots).
//
// An option may carry a "gongkai" member for this script (removed before
// ECharts sees the option):
//   decimals  how {c} prints in the formatter templates ({a} series name,
//             {b} data name, {c} value): with that many decimals and
//             thousands separators, as the tables print numbers (ECharts
//             itself would print 3101.96 and 5.5 for 3,101.96 and 5.50);
//   panels    small multiples: title 0 is the chart's, grid i and title i+1
//             are panel i; {top, height, minWidth, cols} lay the panels out
//             in as many columns (at most cols) as the width allows, so that
//             a phone gets one panel per row.
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
  var contrastMap = { "#1F2329": "#FFFFFF", "#6E7781": "#FFD180", "#4D5B6A": "#C8D3DE",
    // The years' colours (report/chart.go yearPalettes), their lightness
    // reversed for a black ground: the newest year lightest.
    "#C5BAF1": "#605889", "#2D2848": "#F5E9FF", "#746B9E": "#A89DD3", "#8F85B9": "#8F85BA", "#5B5383": "#C1B6ED",
    "#9C92C7": "#837AAD", "#4F4777": "#CEC3FA", "#A499CF": "#7C73A6", "#847AAE": "#998FC4", "#655D8E": "#B7ACE3",
    "#484264": "#D6CAFF" };

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

  // num writes a value with d decimals and thousands separators.
  function num(v, d) {
    if (Array.isArray(v)) v = v[v.length - 1];
    if (typeof v !== "number" || !isFinite(v)) return v == null ? "" : String(v);
    var s = v.toFixed(d), i = s.indexOf(".");
    var head = i < 0 ? s : s.slice(0, i);
    return head.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (i < 0 ? "" : s.slice(i));
  }

  // numbers turns every formatter template of the option into a function
  // that fills it in, printing {c} with d decimals. The result is text:
  // tooltips are richText, labels are drawn on the canvas.
  function numbers(o, d) {
    function fill(tpl) {
      return function (p) {
        return tpl.replace(/\{([abc])\}/g, function (_, k) {
          return k === "a" ? p.seriesName : k === "b" ? p.name : num(p.value, d);
        });
      };
    }
    (function walk(v) {
      if (Array.isArray(v)) { v.forEach(walk); return; }
      if (!v || typeof v !== "object") return;
      Object.keys(v).forEach(function (k) {
        if (k === "formatter" && typeof v[k] === "string" && /\{[abc]\}/.test(v[k])) v[k] = fill(v[k]);
        else walk(v[k]);
      });
    })(o);
  }

  // lines estimates how many lines text takes at font size fs in width w
  // (a CJK character is about 1em wide; counting every character so is
  // generous for digits).
  function lines(text, fs, w) { return text ? Math.max(1, Math.ceil((text.length * fs) / w)) : 0; }

  // panels lays out small multiples from y = top down; returns the height.
  // cols, when given, is the number of columns of the chart drawn at build
  // time, and fit its height: the interactive chart keeps its box, its
  // plots shrinking or growing to fill it (not below 60 px).
  function panels(opt, P, width, th, top, cols, fit) {
    var n = (opt.grid || []).length, k = th.title.textStyle.fontSize / 16;
    cols = Math.max(1, Math.min(P.cols || 4, n, cols || Math.floor(width / ((P.minWidth || 240) * k))));
    var pw = width / cols, fs = Math.round(14 * k), ss = th.title.subtextStyle.fontSize;
    var lh = Math.round(fs * 1.4), slh = th.title.subtextStyle.lineHeight, gap = Math.round(6 * k);
    function layout(h) {
      var y = top;
      for (var r = 0; r * cols < n; r++) {
        var head = 0, c, i, t;
        for (c = 0; c < cols && (i = r * cols + c) < n; c++) {
          t = opt.title[i + 1] || {};
          head = Math.max(head, lines(t.text, fs, pw - 16) * lh + (t.subtext ? gap + lines(t.subtext, ss, pw - 16) * slh : 0));
        }
        for (c = 0; c < cols && (i = r * cols + c) < n; c++) {
          t = opt.title[i + 1];
          if (t) {
            t.left = Math.round(c * pw + 8);
            t.top = y;
            t.padding = 0;
            t.itemGap = gap;
            t.textStyle = { fontSize: fs, lineHeight: lh, width: pw - 16, overflow: "break" };
            t.subtextStyle = { width: pw - 16, overflow: "break" };
          }
          var g = opt.grid[i];
          g.left = Math.round(c * pw + 4);
          g.width = Math.round(pw - 8 - (P.right || 0) * k);
          g.top = y + head + gap;
          g.height = h;
          g.containLabel = true;
        }
        y += head + gap + h + Math.round(22 * k);
      }
      return y;
    }
    var h = Math.round((P.height || 180) * k), y = layout(h);
    if (fit > 0 && y !== fit) {
      var fitted = Math.max(60, h + Math.floor((fit - y) / Math.ceil(n / cols)));
      if (fitted !== h) y = layout(fitted);
    }
    return y;
  }

  // transform returns a copy of the option for the current settings, and
  // the height of the chart.
  function transform(o, width, height, th, cols, fit) {
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
    var gk = opt.gongkai || {};
    delete opt.gongkai;
    if (gk.decimals !== undefined) numbers(opt, gk.decimals);
    if (noAnim) opt.animation = false;
    // Narrow screens: let the title and subtitle wrap, and make room.
    var t = Array.isArray(opt.title) ? opt.title[0] : opt.title, extra = 0;
    if (t && width > 0) {
      var avail = Math.max(120, width - 24);
      var fs = th.title.textStyle.fontSize, ss = th.title.subtextStyle.fontSize;
      t.textStyle = { width: avail, overflow: "break" };
      t.subtextStyle = { width: avail, overflow: "break" };
      extra = Math.max(0, lines(t.text, fs, avail) - 1) * th.title.textStyle.lineHeight +
        Math.max(0, lines(t.subtext, ss, avail) - 1) * th.title.subtextStyle.lineHeight;
      if (extra > 0 && opt.legend && !Array.isArray(opt.legend) && opt.legend.top !== undefined) {
        opt.legend.top = (parseFloat(opt.legend.top) || 0) + extra;
      }
    }
    if (gk.panels && width > 0) {
      return { option: opt, height: panels(opt, gk.panels, width, th, Math.round(gk.panels.top * k) + extra, cols, fit) };
    }
    if (extra > 0) {
      var grids = Array.isArray(opt.grid) ? opt.grid : (opt.grid ? [opt.grid] : []);
      grids.forEach(function (g) { g.top = (parseFloat(g.top) || 60) + extra; });
    }
    return { option: opt, height: Math.round(height * Math.max(1, k) + extra) };
  }

  // pixelRatio is the canvas resolution for a chart of w × h CSS pixels:
  // the screen's, unless the canvas would be too large to draw. Safari
  // draws nothing on a canvas of more than 16,777,216 pixels and no browser
  // one taller or wider than 32,767: a county's ranking of 400 schools is a
  // chart 10,000 px tall, 30,000 device pixels on a phone. Such a chart is
  // drawn at a lower resolution instead (a little blurred, not blank).
  function pixelRatio(w, h) {
    var dpr = window.devicePixelRatio || 1;
    if (w > 0 && h > 0) dpr = Math.min(dpr, Math.sqrt(16e6 / (w * h)), 32000 / h, 32000 / w);
    return dpr;
  }

  // dropStatic removes the chart drawn at build time (svg.svgc) before
  // ECharts draws into the same box; the box keeps the SVG's accessible
  // name.
  function dropStatic(it) {
    var svg = it.el.querySelector("svg.svgc");
    if (!svg) return;
    if (!it.el.getAttribute("aria-label")) it.el.setAttribute("aria-label", svg.getAttribute("aria-label") || "");
    it.el.removeChild(svg);
  }

  function rem() { return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16; }

  // The interactive chart takes the box of the chart drawn at build time:
  // its width (the SVG's, at most its max-width in rem) and its height (the
  // SVG's aspect), so that nothing on the page moves when it is swapped in.
  function staticBox(it) {
    var svg = it.el.querySelector("svg.svgc");
    if (svg && !it.aspect) {
      var vb = svg.viewBox && svg.viewBox.baseVal;
      if (vb && vb.width > 0) {
        it.aspect = vb.height / vb.width;
        it.designWidth = vb.width;
        it.maxRem = (parseFloat(getComputedStyle(svg).maxWidth) || Infinity) / rem();
      }
    }
    var full = it.el.clientWidth; // the padding draw sets included
    if (!it.aspect) return { full: full, w: full, h: 0 };
    var w = Math.min(full, Math.floor(it.maxRem * rem()));
    return { full: full, w: w, h: Math.round(w * it.aspect) };
  }

  function draw(it) {
    if (it.chart) it.chart.dispose();
    var box = staticBox(it);
    dropStatic(it);
    var th = theme();
    window.echarts.registerTheme("gongkai", th);
    // Small multiples: as many columns as the SVG has (svgchart's rule:
    // panels three quarters as wide as the option asks for).
    var P = it.option.gongkai && it.option.gongkai.panels, cols = 0;
    if (P && it.designWidth) cols = Math.max(1, Math.floor(it.designWidth / (0.75 * (P.minWidth || 240))));
    var w = box.w, r = transform(it.option, w, it.height, th, cols, box.h);
    var height = r.height;
    // The SVG's box, unless the interactive chart needs more than a tenth
    // more (its titles take more room on a phone): then it grows rather
    // than squeeze its bars and labels.
    if (box.h > 0) height = r.height > box.h * 1.1 ? r.height : box.h;
    var side = Math.floor((box.full - w) / 2) + "px";
    it.el.style.paddingLeft = side;
    it.el.style.paddingRight = side;
    var dpr = pixelRatio(w, height);
    it.capped = dpr < (window.devicePixelRatio || 1);
    var cs = getComputedStyle(it.el);
    it.el.style.height = height + (cs.boxSizing === "border-box" ? (parseFloat(cs.borderTopWidth) || 0) + (parseFloat(cs.borderBottomWidth) || 0) : 0) + "px";
    // ECharts' aria writes a description of its own into the container's
    // aria-label (series by series, "NaN" for gaps); the site's sentence,
    // the chart's finding, is what a screen reader should hear. The decals
    // of aria stay.
    var aria = r.option.aria || (r.option.aria = {});
    aria.label = { enabled: true, description: it.label };
    it.chart = window.echarts.init(it.el, "gongkai", { renderer: "canvas", locale: "ZH", devicePixelRatio: dpr });
    it.chart.setOption(r.option);
    it.el.setAttribute("aria-label", it.label);
    it.el.setAttribute("role", "img");
    it.width = it.el.clientWidth;
  }

  // Charts are drawn as they come near the viewport: a school page has
  // twenty, a year report six large ones, and drawing them all at once kept
  // the page from answering for a second here, several on a phone. Each
  // chart's box takes its drawn height beforehand (place), so that nothing
  // moves when it is drawn. Without IntersectionObserver every chart is
  // drawn at once.
  var observer = window.IntersectionObserver ? new window.IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (!e.isIntersecting) return;
      observer.unobserve(e.target);
      var it = byId[e.target.id];
      if (it && !it.chart) draw(it);
    });
  }, { rootMargin: "100% 0px" }) : null;
  var byId = {};

  // place gives the boxes of charts not yet drawn their heights: all widths
  // are read before any height is set, so that the page is laid out once.
  function place(list) {
    list = list.filter(function (it) { return !it.el.querySelector("svg.svgc"); });
    var th = theme(), widths = list.map(function (it) { return it.el.clientWidth; });
    list.forEach(function (it, i) {
      it.el.style.height = transform(it.option, widths[i], it.height, th).height + "px";
    });
  }

  function pending() { return items.filter(function (it) { return !it.chart; }); }

  // drawAll draws every chart not drawn yet (tests, screenshots).
  function drawAll() {
    pending().forEach(function (it) {
      if (observer) observer.unobserve(it.el);
      draw(it);
    });
  }

  function scan() {
    if (!window.echarts) return;
    root.classList.add("has-charts");
    var els = document.querySelectorAll("div.chart[id]"), found = [];
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.getAttribute("data-chart-ready")) continue;
      var src = document.getElementById(el.id + "-option");
      if (!src) continue;
      var option;
      try { option = JSON.parse(src.textContent); } catch (e) { continue; }
      el.setAttribute("data-chart-ready", "1");
      var it = { el: el, option: option, height: parseInt(el.getAttribute("data-height"), 10) || 320, label: el.getAttribute("aria-label") || "" };
      items.push(it);
      byId[el.id] = it;
      found.push(it);
    }
    if (!observer) {
      found.forEach(draw);
      return;
    }
    place(found);
    found.forEach(function (it) { observer.observe(it.el); });
  }

  var timer = 0;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      items.forEach(function (it) {
        if (!it.chart) return;
        // A new width may change how the titles wrap, and a capped chart's
        // canvas must stay within the limit: redraw; else resize.
        if (Math.abs(it.el.clientWidth - it.width) > 40 || it.capped) draw(it);
        else it.chart.resize();
      });
      place(pending());
    }, 150);
  });
  document.addEventListener("gongkai:prefs", function () {
    items.forEach(function (it) { if (it.chart) draw(it); });
    place(pending());
  });
  // On paper every chart is there: those not drawn yet are drawn before
  // the page is laid out for printing (print.css scales them to the page).
  window.addEventListener("beforeprint", drawAll);

  window.gongkaiCharts = { scan: scan, drawAll: drawAll };

  document.addEventListener("DOMContentLoaded", scan);
  if (window.echarts) scan();
  else onDemand();

  // onDemand: every chart is on the page already, drawn at build time as
  // SVG; the chart library (half a megabyte) loads only when a reader asks for
  // more — hovers, taps or focuses a chart — and then replaces the drawn
  // charts with interactive ones, as they come near the view.
  function onDemand() {
    var url = me && me.getAttribute("data-echarts");
    if (!url) return;
    var loading = false, waiting = [];
    function load(then) {
      if (window.echarts) { then(); return; }
      waiting.push(then);
      if (loading) return;
      loading = true;
      var s = document.createElement("script");
      s.src = url;
      s.onload = function () {
        scan();
        waiting.splice(0).forEach(function (f) { f(); });
      };
      document.head.appendChild(s);
    }
    function ask(e) {
      var el = e.target && e.target.closest && e.target.closest("div.chart[id]");
      if (!el) return;
      load(function () {
        var it = byId[el.id];
        if (it && !it.chart) {
          if (observer) observer.unobserve(el);
          draw(it);
        }
      });
    }
    ["pointerover", "focusin", "touchstart"].forEach(function (t) {
      document.addEventListener(t, ask, { passive: true });
    });
    function focusable() {
      var els = document.querySelectorAll("div.chart[id]:not([tabindex])");
      for (var i = 0; i < els.length; i++) els[i].setAttribute("tabindex", "0");
    }
    focusable();
    document.addEventListener("DOMContentLoaded", focusable);
    window.gongkaiCharts.drawAll = function () { load(drawAll); };
  }
})();
