// gongkai serve: reloads this page when a rebuild changed it, and shows the
// errors of a failed build over the page. Served by gongkai serve only; the
// built site does not contain it.
(function () {
  "use strict";
  var base = "/__gongkai/";
  var here = location.pathname.replace(/index\.html$/, "");
  try {
    here = decodeURI(here); // the server lists paths as written: /catalogue/genre/通知/
  } catch (e) {}
  var box = null;

  function css() {
    if (document.getElementById("gongkai-overlay-css")) return;
    var l = document.createElement("link");
    l.id = "gongkai-overlay-css";
    l.rel = "stylesheet";
    l.href = base + "overlay.css";
    document.head.appendChild(l);
  }

  function show(errors) {
    css();
    if (!box) {
      box = document.createElement("div");
      box.id = "gongkai-overlay";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = "";
    var h = document.createElement("p");
    h.className = "gongkai-overlay-title";
    h.textContent = "构建失败（仍显示上一次成功构建的页面）：";
    box.appendChild(h);
    var pre = document.createElement("pre");
    pre.textContent = errors.join("\n");
    box.appendChild(pre);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "关闭";
    close.addEventListener("click", hide);
    box.appendChild(close);
  }

  function hide() {
    if (box) {
      box.remove();
      box = null;
    }
  }

  function affects(changed) {
    for (var i = 0; i < changed.length; i++) {
      var c = changed[i];
      // A stylesheet, script or other asset: every page may use it.
      if (c === here || !/(\/|\.html)$/.test(c)) return true;
    }
    return false;
  }

  var gen = -1;
  // The server renders the pages being viewed first after a change.
  var es = new EventSource(base + "events?page=" + encodeURIComponent(location.pathname));
  es.addEventListener("status", function (e) {
    var s = JSON.parse(e.data);
    if (gen >= 0 && s.generation !== gen && s.ok) location.reload();
    gen = s.generation;
    if (!s.ok) show(s.errors); else hide();
  });
  es.addEventListener("reload", function (e) {
    var s = JSON.parse(e.data);
    gen = s.generation;
    hide();
    if (affects(s.changed) || s.pending.indexOf(here) >= 0) location.reload();
  });
  es.addEventListener("builderror", function (e) {
    var s = JSON.parse(e.data);
    gen = s.generation;
    show(s.errors);
  });
})();
