// Applies the reader's saved text size and contrast before the page paints.
(function () {
  var c = document.documentElement.classList;
  c.add("js"); // what works only by script is shown only with it (site.css)
  try {
    var s = localStorage.getItem("gongkai.size");
    if (s === "small" || s === "large") c.add("size-" + s);
    if (localStorage.getItem("gongkai.contrast") === "1") c.add("contrast");
  } catch (e) { /* storage unavailable: defaults */ }
  // Paper is white: high contrast (white on black) is for the screen, and
  // comes back after printing.
  var printing = false;
  window.addEventListener("beforeprint", function () {
    printing = c.contains("contrast");
    c.remove("contrast");
  });
  window.addEventListener("afterprint", function () {
    if (printing) c.add("contrast");
    printing = false;
  });
})();
