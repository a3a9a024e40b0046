// Applies the reader's saved text size and contrast before the page paints.
(function () {
  var c = document.documentElement.classList;
  c.add("js"); // what works only by script is shown only with it (site.css)
  try {
    var s = localStorage.getItem("gongkai.size");
    if (s === "small" || s === "large") c.add("size-" + s);
    if (localStorage.getItem("gongkai.contrast") === "1") c.add("contrast");
  } catch (e) { /* storage unavailable: defaults */ }
})();
