/* ANTQ's one script (progressive enhancement: every page works without it).
   1. Stacked tables: each cell of a table.list gets its column heading as data-label, so that on a phone the rows
      stack as "label: value" (site.css); a table marked .no-stack is left as it is. Without the script a wide
      table scrolls sideways instead.
   2. "Quay lại" links (a[data-back]) go back one page when there is one (their href is the fallback). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function headings(table) {
    var head = table.tHead;
    if (!head || !head.rows.length) return [];
    var names = [];
    var cells = head.rows[head.rows.length - 1].cells;
    for (var i = 0; i < cells.length; i++) {
      for (var k = 0; k < (cells[i].colSpan || 1); k++) names.push(cells[i].textContent.replace(/\s+/g, " ").trim());
    }
    return names;
  }

  function label(table) {
    if (table.classList.contains("no-stack")) return;
    var names = headings(table);
    if (!names.length) return;
    for (var b = 0; b < table.tBodies.length; b++) {
      var rows = table.tBodies[b].rows;
      for (var r = 0; r < rows.length; r++) {
        var column = 0;
        for (var c = 0; c < rows[r].cells.length; c++) {
          var cell = rows[r].cells[c];
          // The first column names the row (shown as its title); the others carry their heading.
          if (column > 0 && cell.tagName === "TD" && !cell.hasAttribute("data-label") && names[column]) {
            cell.setAttribute("data-label", names[column]);
          }
          column += cell.colSpan || 1;
        }
      }
    }
    table.classList.add("stacks");
  }

  function run() {
    var tables = document.querySelectorAll("table.list");
    for (var i = 0; i < tables.length; i++) label(tables[i]);
    var backs = document.querySelectorAll("a[data-back]");
    for (var j = 0; j < backs.length; j++) {
      backs[j].addEventListener("click", function (event) {
        if (window.history.length > 1) {
          event.preventDefault();
          window.history.back();
        }
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
