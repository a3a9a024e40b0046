// 信息公开目录: instant filtering in the browser. Without JavaScript the
// static pages (one per facet value, paginated) do the same; this script
// loads every row (catalogue/index.json), replaces the facet links with a
// form, and filters, pages and updates the address as the reader chooses.
(function () {
  "use strict";
  var cfgEl = document.getElementById("cat-config");
  var form = document.getElementById("cat-filter");
  var tbody = document.getElementById("cat-rows");
  if (!cfgEl || !form || !tbody || !window.fetch) return;
  var cfg = JSON.parse(cfgEl.textContent);
  var S = cfg.strings;
  var facetsNav = document.getElementById("cat-facets");
  var caption = document.getElementById("cat-caption");
  var statusEl = document.getElementById("cat-status");
  var emptyEl = document.getElementById("cat-empty");
  var pager = document.getElementById("cat-pager");
  var current = document.getElementById("cat-current");
  var keys = ["topic", "genre", "publisher", "year", "validity"];

  function fmt(s) {
    var args = Array.prototype.slice.call(arguments, 1), i = 0;
    return s.replace(/%[sd]/g, function () { return String(args[i++]); });
  }

  var rows = [], col = {}, facetURL = {}, page = cfg.page || 1;


  function state() {
    var st = { q: form.elements.q.value.trim().toLowerCase() };
    keys.forEach(function (k) { st[k] = form.elements[k] ? form.elements[k].value : ""; });
    return st;
  }

  function matches(r, st) {
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i], v = st[k];
      if (v && String(r[col[k === "validity" ? "status" : k]]) !== v) return false;
    }
    if (st.q) {
      var hay = (r[col.title] + " " + r[col.index_no] + " " + r[col.doc_no]).toLowerCase();
      if (hay.indexOf(st.q) < 0) return false;
    }
    return true;
  }

  // A cell is known by its column (css/pages/portal.css), as the rows
  // written by the build are.
  function cell(tr, content) {
    var td = document.createElement("td");
    if (typeof content === "string") td.textContent = content;
    else td.appendChild(content);
    tr.appendChild(td);
    return td;
  }

  function rowEl(r) {
    var tr = document.createElement("tr");
    cell(tr, r[col.index_no] || S.none);
    var a = document.createElement("a");
    a.href = r[col.url];
    a.textContent = r[col.title];
    cell(tr, a);
    cell(tr, r[col.publisher]);
    cell(tr, r[col.doc_no] || S.none);
    var t = document.createElement("time");
    t.dateTime = r[col.date];
    t.textContent = r[col.date];
    cell(tr, t);
    var st = r[col.status];
    if (st === "失效" || st === "废止") {
      var m = document.createElement("span");
      m.className = "mark mark-bad";
      m.textContent = st;
      cell(tr, m);
    } else {
      cell(tr, st);
    }
    return tr;
  }

  function pagerButton(label, to, rel) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.setAttribute("data-rel", rel);
    b.addEventListener("click", function () {
      page = to;
      render(true);
      caption.scrollIntoView({ block: "start" });
    });
    return b;
  }

  function address(st) {
    var chosen = keys.filter(function (k) { return st[k]; });
    var params = new URLSearchParams();
    var path = cfg.list;
    if (chosen.length === 1 && !st.q && facetURL[chosen[0]] && facetURL[chosen[0]][st[chosen[0]]]) {
      path = facetURL[chosen[0]][st[chosen[0]]];
    } else {
      chosen.forEach(function (k) { params.set(k, st[k]); });
      if (st.q) params.set("q", form.elements.q.value.trim());
    }
    if (page > 1) params.set("page", String(page));
    var qs = params.toString();
    return path + (qs ? "?" + qs : "");
  }

  function render(updateAddress) {
    var st = state();
    var found = rows.filter(function (r) { return matches(r, st); });
    var size = cfg.pageSize, pages = Math.max(1, Math.ceil(found.length / size));
    if (page > pages) page = pages;
    if (page < 1) page = 1;
    var lo = (page - 1) * size, hi = Math.min(found.length, page * size);
    var frag = document.createDocumentFragment();
    for (var i = lo; i < hi; i++) frag.appendChild(rowEl(found[i]));
    tbody.textContent = "";
    tbody.appendChild(frag);
    caption.textContent = fmt(S.caption, found.length, found.length ? lo + 1 : 0, hi);
    emptyEl.hidden = found.length > 0;
    pager.textContent = "";
    pager.hidden = pages <= 1;
    if (pages > 1) {
      if (page > 1) pager.appendChild(pagerButton(S.prev, page - 1, "prev"));
      var span = document.createElement("span");
      span.textContent = fmt(S.page, page, pages);
      pager.appendChild(span);
      if (page < pages) pager.appendChild(pagerButton(S.next, page + 1, "next"));
    }
    statusEl.textContent = fmt(S.status, found.length);
    if (updateAddress && window.history && history.replaceState) {
      try { history.replaceState(null, "", address(st)); } catch (e) { /* file: URLs */ }
    }
  }

  var loading = null;

  function init(d) {
    d.cols.forEach(function (c, i) { col[c] = i; });
    rows = d.rows;
    d.facets.forEach(function (f) {
      facetURL[f.key] = {};
      f.values.forEach(function (v) { facetURL[f.key][v.value] = v.url; });
    });
  }

  // load fetches the rows once, on the first use of the form (so that a
  // reader who only looks at the list downloads nothing more). If it fails,
  // the static facet links come back.
  function load() {
    if (!loading) {
      loading = fetch(cfg.data, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(init)
        .catch(function (e) {
          form.hidden = true;
          if (facetsNav) facetsNav.hidden = false;
          if (current) current.hidden = false;
          throw e;
        });
    }
    return loading;
  }

  function update(resetPage) {
    load().then(function () {
      if (resetPage) page = 1;
      render(true);
    }, function () { /* the static page stays */ });
  }

  form.hidden = false;
  if (facetsNav) facetsNav.hidden = true;
  if (current) current.hidden = true;
  form.addEventListener("focusin", function () { load().catch(function () {}); });
  form.addEventListener("change", function () { update(true); });
  form.elements.q.addEventListener("input", function () { update(true); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function (e) {
    // Clear every field (a static facet page preselects its value, which
    // a plain reset would restore).
    e.preventDefault();
    keys.forEach(function (k) { if (form.elements[k]) form.elements[k].value = ""; });
    form.elements.q.value = "";
    update(true);
  });

  // An address with a filter (?genre=通知&year=2024&q=…&page=2) applies it.
  var params = new URLSearchParams(location.search);
  var given = false;
  keys.forEach(function (k) {
    var v = params.get(k), el = form.elements[k];
    if (v !== null && el) {
      for (var i = 0; i < el.options.length; i++) {
        if (el.options[i].value === v) { el.value = v; given = true; }
      }
    }
  });
  if (params.get("q")) { form.elements.q.value = params.get("q"); given = true; }
  if (params.get("page")) { page = parseInt(params.get("page"), 10) || 1; given = true; }
  if (given) {
    load().then(function () { render(false); }, function () {});
  }
  form.setAttribute("data-ready", "1");
})();
