// 站内搜索: queries the static index that the build writes to search/ (see
// internal/portal/search.go for its format). The tokenizer below must match
// internal/portal/tokenize.go: Chinese text as overlapping pairs of
// characters, other letters and digits as words, full-width ASCII folded to
// half-width and A–Z to a–z.
(function () {
  "use strict";
  var cfgEl = document.getElementById("search-config");
  var cfg = cfgEl ? JSON.parse(cfgEl.textContent) : null;
  var S = cfg ? cfg.strings : {};

  var HAN = /\p{Script=Han}/u;
  var WORD = /[\p{L}\p{N}]/u;
  var MAX_WORD = 40;
  var PAGE = 20;

  // sectionOf is the title of the section a document's URL is in ("" when
  // none: a document outside the sections is a 文件).
  function sectionOf(url) {
    var secs = (cfg && cfg.sections) || {}, best = "";
    Object.keys(secs).forEach(function (p) {
      if (url.indexOf(p) === 0 && p.length > best.length) best = p;
    });
    return best ? secs[best] : "";
  }

  function fmt(s) {
    var args = Array.prototype.slice.call(arguments, 1), i = 0;
    return s.replace(/%[sd]/g, function () { return String(args[i++]); });
  }

  // normalize keeps the length of the string (UTF-16 units), so positions in
  // the normalised text are positions in the original.
  function normalize(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
      if (c >= 65 && c <= 90) c += 32;
      out += String.fromCharCode(c);
    }
    return out;
  }

  // tokenize returns the terms of text: {text, single}.
  function tokenize(text, unigrams) {
    var out = [], run = [], word = [];
    function flushHan() {
      if (run.length === 1) out.push({ text: run[0], single: true });
      else if (run.length > 1) {
        for (var i = 0; i + 1 < run.length; i++) out.push({ text: run[i] + run[i + 1], single: false });
        if (unigrams) run.forEach(function (r) { out.push({ text: r, single: true }); });
      }
      run = [];
    }
    function flushWord() {
      if (word.length) {
        out.push({ text: word.slice(0, MAX_WORD).join(""), single: false });
        word = [];
      }
    }
    for (var ch of normalize(text)) {
      if (HAN.test(ch)) { flushWord(); run.push(ch); }
      else if (WORD.test(ch)) { flushHan(); word.push(ch); }
      else { flushHan(); flushWord(); }
    }
    flushHan();
    flushWord();
    return out;
  }

  // segments are the query's runs of Chinese characters and words, for
  // highlighting.
  function segments(q) {
    var out = [], cur = "", kind = "";
    for (var ch of normalize(q)) {
      var k = HAN.test(ch) ? "h" : WORD.test(ch) ? "w" : "";
      if (k !== kind && cur) { out.push(cur); cur = ""; }
      kind = k;
      if (k) cur += ch;
    }
    if (cur) out.push(cur);
    return out;
  }

  var enc = new TextEncoder();
  function shardOf(term, n) {
    var h = 0x811c9dc5, b = enc.encode(term);
    for (var i = 0; i < b.length; i++) {
      h ^= b[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % n;
  }

  // getJSON fetches url; fresh asks the browser to revalidate its copy.
  function getJSON(url, fresh) {
    var opts = { credentials: "same-origin" };
    if (fresh) opts.cache = "no-cache";
    return fetch(url, opts).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  var manifest = null, shards = {}, texts = {};
  // The manifest's address has no version (the page is built before the
  // index), so it is revalidated; the other files carry its version.
  function loadManifest() {
    if (!manifest) manifest = getJSON(cfg.index, true);
    return manifest;
  }
  function loadShard(m, k) {
    if (!shards[k]) shards[k] = getJSON(cfg.base + "s/" + k + ".json?v=" + m.version);
    return shards[k];
  }
  // loadText returns the text {s, x} of document id. The texts are packed
  // into files: file k holds ids m.texts[k] up to the next file's first id.
  function loadText(m, id) {
    var lo = 0, hi = m.texts.length - 1;
    if (hi < 0 || id < m.texts[0]) return Promise.reject(new Error("no text " + id));
    while (lo < hi) { // the last file starting at or before id
      var mid = (lo + hi + 1) >> 1;
      if (m.texts[mid] <= id) lo = mid; else hi = mid - 1;
    }
    if (!texts[lo]) texts[lo] = getJSON(cfg.base + "t/" + lo + ".json?v=" + m.version);
    return texts[lo].then(function (file) {
      var doc = file[id - m.texts[lo]];
      if (!doc) throw new Error("no text " + id);
      return doc;
    });
  }

  // postings decodes [id, w, Δid, w, …] into a Map id → weight.
  function postings(flat) {
    var m = new Map(), id = 0;
    if (!flat) return m;
    for (var i = 0; i + 1 < flat.length; i += 2) {
      id += flat[i];
      m.set(id, flat[i + 1]);
    }
    return m;
  }

  function fieldScore(w) {
    var t = Math.floor(w / 1000), f = Math.floor((w % 1000) / 100), b = w % 100;
    return (t ? 10 : 0) + (f ? 4 : 0) + (b ? 1 + Math.log(b) : 0);
  }

  // search returns the ranked results of q: [{id, score}].
  function search(q) {
    return loadManifest().then(function (m) {
      var toks = tokenize(q, false), seen = {}, req = [], soft = [];
      toks.forEach(function (t) {
        if (seen[t.text]) return;
        seen[t.text] = true;
        (t.single ? soft : req).push(t.text);
      });
      var all = req.concat(soft);
      if (!all.length) return { m: m, results: [] };
      var need = {};
      all.forEach(function (t) { need[shardOf(t, m.shards)] = true; });
      var ks = Object.keys(need);
      return Promise.all(ks.map(function (k) { return loadShard(m, k); })).then(function (loaded) {
        var byShard = {};
        ks.forEach(function (k, i) { byShard[k] = loaded[i]; });
        function list(t) { return postings(byShard[shardOf(t, m.shards)][t]); }
        var N = m.items.length;
        function idf(p) { return Math.log(1 + N / Math.max(1, p.size)); }
        var reqP = req.map(list), softP = soft.map(list);
        var cand;
        if (reqP.length) {
          reqP.sort(function (a, b) { return a.size - b.size; });
          cand = Array.from(reqP[0].keys()).filter(function (id) {
            return reqP.every(function (p) { return p.has(id); });
          });
        } else {
          var u = new Set();
          softP.forEach(function (p) { p.forEach(function (_, id) { u.add(id); }); });
          cand = Array.from(u);
        }
        var segs = segments(q), phrase = segs.join("");
        var results = cand.map(function (id) {
          var s = 0;
          reqP.forEach(function (p) { s += idf(p) * fieldScore(p.get(id)); });
          softP.forEach(function (p) { if (p.has(id)) s += 0.5 * idf(p) * fieldScore(p.get(id)); });
          var title = normalize(m.items[id][1]);
          if (phrase && title.indexOf(phrase) >= 0) s += 100;
          else if (segs.length && segs.every(function (g) { return title.indexOf(g) >= 0; })) s += 50;
          return { id: id, score: s };
        });
        results.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
        return { m: m, results: results };
      });
    });
  }

  // ranges finds where the terms occur in text (normalised), merged.
  function ranges(text, terms) {
    var norm = normalize(text), rs = [];
    terms.forEach(function (t) {
      if (!t) return;
      for (var i = norm.indexOf(t); i >= 0; i = norm.indexOf(t, i + t.length)) rs.push([i, i + t.length]);
    });
    rs.sort(function (a, b) { return a[0] - b[0]; });
    var out = [];
    rs.forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else out.push(r.slice());
    });
    return out;
  }

  // highlighted appends text to el with the terms in <mark>.
  function highlighted(el, text, terms) {
    var pos = 0;
    ranges(text, terms).forEach(function (r) {
      if (r[0] > pos) el.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(r[0], r[1]);
      el.appendChild(mk);
      pos = r[1];
    });
    if (pos < text.length) el.appendChild(document.createTextNode(text.slice(pos)));
  }

  // highlightTerms: the query's segments; when none occurs in the text, its
  // bigrams (the index found them there).
  function highlightTerms(text, q) {
    var segs = segments(q);
    if (ranges(text, segs).length) return segs;
    return tokenize(q, false).map(function (t) { return t.text; });
  }

  // snippet cuts about 120 characters around the first hit.
  function snippet(doc, q) {
    var body = (doc.x || "").replace(/\s*\n\s*/g, " ");
    var summary = doc.s || "";
    var text = body, terms = highlightTerms(body, q), rs = ranges(body, terms);
    if (!rs.length && summary) {
      terms = highlightTerms(summary, q);
      rs = ranges(summary, terms);
      text = summary;
    }
    if (!rs.length) {
      text = summary || body;
      rs = [[0, 0]];
    }
    var start = Math.max(0, rs[0][0] - 36), end = Math.min(text.length, start + 130);
    // keep surrogate pairs whole
    if (start > 0 && /[\uDC00-\uDFFF]/.test(text.charAt(start))) start--;
    if (end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end++;
    return { text: (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : ""), terms: terms };
  }

  // ---- the page ----
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  // On a site of several counties: only the schools of one county.
  var county = document.getElementById("search-county");
  if (!cfg || !form || !input || !list) return;

  var seq = 0, current = null, shown = 0;

  function item(m, r, q) {
    var it = m.items[r.id]; // [url, title, date, status, kind, info]
    var li = document.createElement("li");
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = it[0];
    highlighted(a, it[1], highlightTerms(it[1], q));
    h.appendChild(a);
    if (it[3]) {
      var mk = document.createElement("span");
      mk.className = "mark mark-bad";
      mk.textContent = it[3];
      h.appendChild(document.createTextNode(" "));
      h.appendChild(mk);
    }
    li.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "result-meta";
    var kind = document.createElement("span");
    kind.className = "result-kind";
    kind.textContent = it[4] === 1 ? S.school : sectionOf(it[0]) || S.doc;
    meta.appendChild(kind);
    var bits = [];
    if (it[2]) bits.push(S.date + " " + it[2]);
    if (it[5]) bits.push(it[5]);
    meta.appendChild(document.createTextNode(bits.join(" · ")));
    li.appendChild(meta);
    var p = null;
    if (it[4] !== 1) {
      p = document.createElement("p");
      p.className = "result-snippet";
      li.appendChild(p);
    }
    return { li: li, snippet: p };
  }

  function showMore(run, m, q) {
    var from = shown, to = Math.min(run.results.length, shown + PAGE);
    var frag = document.createDocumentFragment(), jobs = [];
    for (var i = from; i < to; i++) {
      var r = run.results[i], el = item(m, r, q);
      frag.appendChild(el.li);
      if (el.snippet) {
        jobs.push((function (p, id) {
          return loadText(m, id).then(function (doc) {
            var sn = snippet(doc, q);
            highlighted(p, sn.text, sn.terms);
          }, function () { p.remove(); });
        })(el.snippet, r.id));
      }
    }
    list.appendChild(frag);
    shown = to;
    more.hidden = shown >= run.results.length;
    return Promise.all(jobs);
  }

  function run(q, push) {
    var my = ++seq, t0 = performance.now();
    q = q.trim();
    list.textContent = "";
    more.hidden = true;
    shown = 0;
    if (push && history.replaceState) {
      var c = county && county.value ? "&county=" + encodeURIComponent(county.value) : "";
      try { history.replaceState(null, "", cfg.base + (q ? "?q=" + encodeURIComponent(q) + c : "")); } catch (e) { /* file: */ }
    }
    if (!q) {
      status.textContent = S.empty;
      return Promise.resolve();
    }
    status.textContent = S.loading;
    return search(q).then(function (res) {
      if (my !== seq) return;
      var c = county ? county.value : "";
      if (c) {
        res = { m: res.m, results: res.results.filter(function (r) { return res.m.items[r.id][6] === c; }) };
      }
      current = res;
      var t1 = performance.now();
      status.textContent = res.results.length ? fmt(S.results, q, res.results.length) : fmt(S.none, q);
      return showMore(res, res.m, q).then(function () {
        if (my !== seq) return;
        var t2 = performance.now();
        window.gongkaiSearchTiming = { query: q, results: res.results.length, rankMs: t1 - t0, totalMs: t2 - t0 };
        list.setAttribute("data-done", String(my));
      });
    }, function () {
      if (my === seq) status.textContent = S.error;
    });
  }

  var timer = null;
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value, true);
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value, true); }, 250);
  });
  more.addEventListener("click", function () {
    if (!current) return;
    var first = shown;
    showMore(current, current.m, input.value.trim()).then(function () {
      var a = list.children[first] && list.children[first].querySelector("a");
      if (a) a.focus();
    });
  });

  // For tests and measurements: the same functions the page uses.
  window.gongkaiSearch = { tokenize: tokenize, search: search, run: run };

  if (county) {
    county.value = new URLSearchParams(location.search).get("county") || "";
    county.addEventListener("change", function () { run(input.value, true); });
  }
  var q0 = new URLSearchParams(location.search).get("q") || "";
  input.value = q0;
  // The header's search box says the same.
  var hq = document.getElementById("site-search-q");
  if (hq) hq.value = q0;
  if (q0) run(q0, false);
})();
