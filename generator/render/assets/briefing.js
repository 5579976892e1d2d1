// Sortable tables: click anywhere in a column's header cell, or press Enter or Space on
// its button, to sort by that column; again to reverse.
// Cells sort by a <data value>, then a <time datetime>, then their text. A column whose
// every filled cell holds a figure ("3", "about 1,500", "more than 10,000", "1.28 million")
// sorts by number even without <data>, so figures never sort as text.
(function () {
  "use strict";

  var FIGURE = /(\d[\d,]*(?:\.\d+)?)(\s*million)?/i;

  function figure(text) {
    var match = FIGURE.exec(text);
    if (!match) return undefined;
    var n = parseFloat(match[1].replace(/,/g, ""));
    return match[2] ? n * 1000000 : n;
  }

  // A cell's text without its footnote markers (the "1" of a citation is no figure).
  function plain(cell) {
    var copy = cell.cloneNode(true);
    copy.querySelectorAll("sup").forEach(function (sup) { sup.remove(); });
    return copy.textContent.trim();
  }

  function key(cell) {
    var data = cell.querySelector("data[value]");
    if (data) return { n: parseFloat(data.getAttribute("value")) };
    var time = cell.querySelector("time[datetime]");
    if (time) return { s: time.getAttribute("datetime") };
    var text = plain(cell);
    return { s: text.toLowerCase(), f: figure(text), empty: text === "" };
  }

  function compare(a, b) {
    if (a.n !== undefined && b.n !== undefined) return a.n - b.n;
    var x = a.s !== undefined ? a.s : String(a.n);
    var y = b.s !== undefined ? b.s : String(b.n);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  // A column of figures written as text: each filled cell becomes its number.
  function asFigures(keys) {
    var filled = keys.filter(function (k) { return k.n !== undefined || !k.empty; });
    var figures = filled.every(function (k) { return k.n !== undefined || k.f !== undefined; });
    if (!filled.length || !figures) return keys;
    return keys.map(function (k) {
      if (k.n !== undefined) return k;
      return { n: k.empty ? -Infinity : k.f };
    });
  }

  function sortBy(table, column, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keys = asFigures(rows.map(function (row) { return key(row.cells[column]); }));
    var order = rows.map(function (row, i) { return { row: row, key: keys[i], i: i }; });
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    order.sort(function (a, b) {
      var c = compare(a.key, b.key);
      return (ascending ? c : -c) || a.i - b.i;
    });
    order.forEach(function (entry) { body.appendChild(entry.row); });
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
      th.classList.add("sortable");
      // On the cell, not the button: a click anywhere in the cell sorts, and the
      // button's own click (pointer, Enter or Space) reaches the cell too.
      th.addEventListener("click", function () { sortBy(table, column, th); });
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
