// Sortable estimate tables: click (or press Enter on) a column header to sort.
// Cells sort by a <data value>, then a <time datetime>, then their text.
(function () {
  "use strict";

  function key(cell) {
    var data = cell.querySelector("data[value]");
    if (data) return { n: parseFloat(data.getAttribute("value")) };
    var time = cell.querySelector("time[datetime]");
    if (time) return { s: time.getAttribute("datetime") };
    return { s: cell.textContent.trim().toLowerCase() };
  }

  function compare(a, b) {
    if (a.n !== undefined && b.n !== undefined) return a.n - b.n;
    var x = a.s !== undefined ? a.s : String(a.n);
    var y = b.s !== undefined ? b.s : String(b.n);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  function sortBy(table, column, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (r1, r2) {
      var order = compare(key(r1.cells[column]), key(r2.cells[column]));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enhance(table) {
    if (!table.tHead || !table.tBodies.length || table.dataset.sortable) return;
    table.dataset.sortable = "true";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      button.title = "Sort by " + th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, column, th); });
    });
  }

  function init() {
    document.querySelectorAll("article table").forEach(enhance);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);  // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
