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
