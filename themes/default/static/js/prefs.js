// Applies the reader's saved text size and contrast before the page paints.
(function () {
  try {
    var c = document.documentElement.classList;
    var s = localStorage.getItem("gongkai.size");
    if (s === "small" || s === "large") c.add("size-" + s);
    if (localStorage.getItem("gongkai.contrast") === "1") c.add("contrast");
  } catch (e) { /* storage unavailable: defaults */ }
})();
