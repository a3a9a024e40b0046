// Sortable tables (table.sortable): each column heading becomes a button
// that sorts the rows by the cells' data-sort keys (numbers as numbers),
// ascending then descending; aria-sort tells screen readers the order.
// Without JavaScript the table is complete, in its published order.
(function () {
  function key(row, i) {
    var c = row.cells[i];
    var k = c ? (c.getAttribute("data-sort") || c.textContent.trim()) : "";
    var n = Number(k);
    return k !== "" && !isNaN(n) ? n : k;
  }
  function cmp(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "zh-CN");
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    var body = table.tBodies[0];
    if (!body) return;
    Array.prototype.forEach.call(heads, function (th, i) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort-button";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (x, y) {
          var r = cmp(key(x, i), key(y, i));
          return asc ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
