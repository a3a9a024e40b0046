// Makes the charts drawn at build time (svg.svgc, internal/svgchart) answer
// the reader. Pointing at a bar (rect.bar) or a line's point (g.pt), or
// tapping it, shows what it is in a tooltip over the chart and outlines it;
// the chart box takes keyboard focus, the arrow keys go from mark to mark in
// reading order (panel by panel, category by category), Esc hides. The text
// is "category · series：value": the category label nearest the mark along
// the category axis, the series its group names (data-s), the value as the
// table prints it (data-v; a bar without it has its value label instead:
// the next label of the group after its own); a mark with its own <title>
// (a figure not given, a point) says that. A polite live region says it to screen
// readers. The tooltip lies over the chart: nothing on the page moves.
// Without this script the numbers are in the labels and the table.
(function () {
  "use strict";
  if (window.gongkaiCharts) { // a document placed several charts: one instance does
    window.gongkaiCharts.scan();
    return;
  }
  // What a screen reader says when a chart takes focus (the translation
  // file's rpt_chart_keys, put in by the build).
  var keysHint = '{{T "rpt_chart_keys"}}';
  var MARKS = "rect.bar, g.pt";
  var tip = null, live = null, hint = null;
  var cur = null; // {box, i}: the mark shown

  // marks lists a chart's marks in reading order, with their texts, once:
  // the <title>s leave the marks, so that the browser's own tooltip does
  // not show beside this one.
  function marks(box) {
    if (box.gkMarks) return box.gkMarks;
    var list = [];
    Array.prototype.forEach.call(box.querySelectorAll("svg.svgc g.pl"), function (pl) {
      // A horizontal chart has its value ticks below, centred (svgchart):
      // its categories run down the page, a vertical chart's across.
      var tk = pl.querySelector("g.tk"), horiz = !!tk && tk.getAttribute("text-anchor") === "middle";
      var at = function (el) {
        var r = el.getBoundingClientRect();
        return horiz ? r.top + r.height / 2 : r.left + r.width / 2;
      };
      var cats = Array.prototype.map.call(pl.querySelectorAll("g.cl text"), function (t) {
        var full = t.querySelector("title"); // a shortened label's whole text
        return { at: at(t), text: (full ? full.textContent : t.textContent).trim() };
      });
      var own = Array.prototype.map.call(pl.querySelectorAll(MARKS), function (m, n) {
        return { el: m, n: n, at: at(m) };
      });
      // A bar without data-v or <title> takes, in order, the labels of the
      // group after its own (svgchart).
      var labelled = [], group = null;
      own.forEach(function (m) {
        var g = m.el.parentNode;
        if (g !== group) {
          group = g;
          var vl = g.nextElementSibling;
          labelled = vl && vl.classList.contains("vl") ? Array.prototype.slice.call(vl.querySelectorAll("text")) : [];
        }
        if (!m.el.hasAttribute("data-v") && !m.el.querySelector("title")) {
          var l = labelled.shift();
          m.v = l ? l.textContent.trim() : "";
        } else {
          m.v = m.el.getAttribute("data-v");
        }
      });
      own.forEach(function (m) {
        var t = m.el.querySelector("title");
        if (t) {
          m.text = t.textContent;
          t.parentNode.removeChild(t);
          return;
        }
        var cat = "", best = Infinity;
        cats.forEach(function (c) {
          var d = Math.abs(c.at - m.at);
          if (d < best) { best = d; cat = c.text; }
        });
        var g = m.el.closest("[data-s]"), s = g ? g.getAttribute("data-s") : "";
        m.text = cat + (s && s !== cat ? " · " + s : "") + "：" + m.v;
      });
      own.sort(function (a, b) { return Math.abs(a.at - b.at) > 0.5 ? a.at - b.at : a.n - b.n; });
      list = list.concat(own);
    });
    box.gkMarks = list;
    return list;
  }

  function ensure() {
    if (tip) return;
    tip = document.createElement("div");
    tip.className = "chart-tip";
    tip.setAttribute("aria-hidden", "true"); // the live region says it
    tip.hidden = true;
  }

  // hidden places a visually hidden element in the page's main landmark,
  // at the top, where it cannot make the page taller.
  function hidden(el) {
    el.style.top = el.style.left = "0";
    (document.querySelector("main") || document.body).appendChild(el);
  }

  function show(box, i) {
    var list = marks(box);
    if (!list.length) return;
    i = Math.max(0, Math.min(list.length - 1, i));
    if (cur && cur.box === box && cur.i === i && !tip.hidden) return;
    hide();
    ensure();
    var m = list[i];
    cur = { box: box, i: i };
    m.el.classList.add("on");
    box.classList.add("has-tip");
    tip.textContent = m.text;
    box.appendChild(tip);
    tip.hidden = false;
    // Above the mark, centred on it and inside the box; below it where
    // there is no room above.
    var b = box.getBoundingClientRect(), r = m.el.getBoundingClientRect();
    var w = tip.offsetWidth, h = tip.offsetHeight, gap = 8;
    var x = Math.max(0, Math.min(b.width - w, r.left + r.width / 2 - b.left - w / 2));
    var y = r.top - b.top - h - gap;
    if (r.top - h - gap < 0) y = r.bottom - b.top + gap;
    tip.style.left = Math.round(x) + "px";
    tip.style.top = Math.round(y) + "px";
    if (live) live.textContent = m.text;
  }

  function hide() {
    if (!cur) return;
    var m = marks(cur.box)[cur.i];
    if (m) m.el.classList.remove("on");
    cur.box.classList.remove("has-tip");
    tip.hidden = true;
    cur = null;
  }

  // at is the chart box and the index of the mark under an event's target.
  function at(target) {
    var el = target && target.closest ? target.closest(MARKS) : null;
    var box = el && el.closest("div.chart");
    if (!box || !el.closest("svg.svgc")) return null;
    var list = marks(box);
    for (var i = 0; i < list.length; i++) if (list[i].el === el) return { box: box, i: i };
    return null;
  }

  function scan() {
    if (!document.body) return;
    // The live region is in the page before it speaks: a screen reader
    // may not announce a region that is new.
    if (!live) {
      live = document.createElement("div");
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      hidden(live);
    }
    if (keysHint && !hint) {
      hint = document.createElement("p");
      hint.id = "gk-chart-keys";
      hint.className = "visually-hidden";
      hint.textContent = keysHint;
      hidden(hint);
    }
    var els = document.querySelectorAll("div.chart");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.getAttribute("tabindex") || !el.querySelector("svg.svgc")) continue;
      el.setAttribute("tabindex", "0");
      if (hint) el.setAttribute("aria-describedby", hint.id);
    }
  }

  document.addEventListener("pointerover", function (e) {
    var box = e.target.closest && e.target.closest("div.chart");
    if (box) marks(box); // before the browser's tooltip can show
    var a = at(e.target);
    if (a) show(a.box, a.i);
  });
  document.addEventListener("pointerout", function (e) {
    // A touch leaves its mark when the finger lifts: its tooltip stays
    // until the next tap.
    if (e.pointerType !== "mouse" || !cur) return;
    var from = at(e.target), to = at(e.relatedTarget);
    if (from && !(to && to.box === from.box && to.i === from.i)) hide();
  });
  document.addEventListener("pointerdown", function (e) {
    var a = at(e.target);
    if (a) show(a.box, a.i);
    else hide();
  });
  document.addEventListener("keydown", function (e) {
    var box = e.target;
    if (!box.matches || !box.matches("div.chart[tabindex]") || e.altKey || e.ctrlKey || e.metaKey) return;
    var n = marks(box).length, i = cur && cur.box === box ? cur.i : -1;
    switch (e.key) {
      case "ArrowRight": case "ArrowDown": i = i < 0 ? 0 : i + 1; break;
      case "ArrowLeft": case "ArrowUp": i = i < 0 ? n - 1 : i - 1; break;
      case "Home": i = 0; break;
      case "End": i = n - 1; break;
      case "Escape": if (cur) { hide(); e.preventDefault(); } return;
      default: return;
    }
    e.preventDefault();
    show(box, i);
  });
  document.addEventListener("focusout", function (e) {
    if (cur && e.target === cur.box) hide();
  });
  // The place of a tooltip follows the chart's size: text size, width (a
  // phone's resize as its address bar hides is not one).
  var width = window.innerWidth;
  document.addEventListener("gongkai:prefs", hide);
  window.addEventListener("resize", function () {
    if (window.innerWidth !== width) hide();
    width = window.innerWidth;
  });

  window.gongkaiCharts = { scan: scan };
  scan();
  document.addEventListener("DOMContentLoaded", scan);
})();
