// Reading aids (字号, 高对比度, 打印), kept across pages in localStorage.
(function () {
  var root = document.documentElement;
  function store(k, v) { try { localStorage.setItem(k, v); } catch (e) {} }
  function sync() {
    var size = root.classList.contains("size-small") ? "small" : root.classList.contains("size-large") ? "large" : "medium";
    document.querySelectorAll("[data-size]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-size") === size));
    });
    document.querySelectorAll("[data-contrast]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(root.classList.contains("contrast")));
    });
  }
  document.querySelectorAll("[data-size]").forEach(function (b) {
    b.addEventListener("click", function () {
      root.classList.remove("size-small", "size-large");
      var s = b.getAttribute("data-size");
      if (s !== "medium") root.classList.add("size-" + s);
      store("gongkai.size", s);
      sync();
      document.dispatchEvent(new CustomEvent("gongkai:prefs"));
    });
  });
  document.querySelectorAll("[data-contrast]").forEach(function (b) {
    b.addEventListener("click", function () {
      var on = root.classList.toggle("contrast");
      store("gongkai.contrast", on ? "1" : "0");
      sync();
      document.dispatchEvent(new CustomEvent("gongkai:prefs"));
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  sync();
})();

// A table wider than the screen scrolls inside its box: a line above it
// says so while it does, so that the columns off the screen (判定, 差距)
// are not missed. The text is the translation file's scroll_hint, put in
// by the build.
(function () {
  var text = '{{T "scroll_hint"}}';
  var wraps = Array.prototype.slice.call(document.querySelectorAll("main .table-wrap"));
  var hints = wraps.map(function (w) {
    var p = document.createElement("p");
    p.className = "scroll-hint";
    p.setAttribute("aria-hidden", "true");
    p.textContent = text;
    p.hidden = true;
    w.parentNode.insertBefore(p, w);
    return p;
  });
  function update() {
    var wide = wraps.map(function (w) { return w.scrollWidth > w.clientWidth + 1; });
    hints.forEach(function (p, i) { p.hidden = !wide[i]; });
  }
  var timer = 0;
  function later() { clearTimeout(timer); timer = setTimeout(update, 150); }
  window.addEventListener("resize", later);
  document.addEventListener("gongkai:prefs", update);
  // A table redrawn by a script (the catalogue's rows) changes its width
  // without a resize of the window.
  if (window.ResizeObserver) {
    var ro = new ResizeObserver(update);
    wraps.forEach(function (w) {
      ro.observe(w);
      var t = w.querySelector("table");
      if (t) ro.observe(t);
    });
  }
  update();
})();
