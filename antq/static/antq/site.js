/* ANTQ's one script (progressive enhancement: every page works without it).
   1. Stacked tables: each cell of a table.list gets its column heading as data-label, so that on a phone the rows
      stack as "label: value" (site.css); a table marked .no-stack is left as it is. Without the script a wide
      table scrolls sideways instead.
   2. "Quay lại" links (a[data-back]) go back one page when there is one (their href is the fallback).
   3. The browser's own form checks (required, maxlength, type=email, min/max…) speak Vietnamese whatever the
      browser's language: an en-US Chromium would say "Please fill out this field.". The server checks the same
      fields again, so without the script nothing is lost but the wording. */
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

  function number(value) {
    var n = Number(value);
    return isNaN(n) ? String(value) : n.toLocaleString("vi-VN");
  }

  function validityMessage(field) {
    var v = field.validity;
    var type = (field.getAttribute("type") || "").toLowerCase();
    if (v.valueMissing) {
      if (type === "checkbox") return "Vui lòng đánh dấu ô này.";
      if (type === "radio" || field.tagName === "SELECT") return "Vui lòng chọn một mục.";
      if (type === "file") return "Vui lòng chọn tệp.";
      return "Vui lòng điền trường này.";
    }
    if (v.badInput) return type === "number" ? "Vui lòng nhập một số." : "Giá trị không hợp lệ.";
    if (v.typeMismatch) {
      if (type === "email") return "Vui lòng nhập địa chỉ email hợp lệ.";
      if (type === "url") return "Vui lòng nhập địa chỉ web hợp lệ.";
      return "Giá trị không đúng định dạng.";
    }
    if (v.tooLong) return "Vui lòng nhập tối đa " + number(field.maxLength) + " ký tự.";
    if (v.tooShort) return "Vui lòng nhập ít nhất " + number(field.minLength) + " ký tự.";
    if (v.rangeOverflow) return "Giá trị phải nhỏ hơn hoặc bằng " + number(field.max) + ".";
    if (v.rangeUnderflow) return "Giá trị phải lớn hơn hoặc bằng " + number(field.min) + ".";
    if (v.stepMismatch) return type === "number" ? "Vui lòng nhập số nguyên hợp lệ." : "Giá trị không hợp lệ.";
    if (v.patternMismatch) return field.title || "Giá trị không đúng định dạng yêu cầu.";
    return "";
  }

  function formMessages() {
    // `invalid` does not bubble: listen in the capture phase, once for every form on the page (and later ones).
    document.addEventListener(
      "invalid",
      function (event) {
        var field = event.target;
        if (!field || typeof field.setCustomValidity !== "function") return;
        field.setCustomValidity("");
        if (!field.validity.valid) field.setCustomValidity(validityMessage(field));
      },
      true
    );
    function clear(event) {
      var field = event.target;
      if (field && typeof field.setCustomValidity === "function") field.setCustomValidity("");
    }
    document.addEventListener("input", clear, true);
    document.addEventListener("change", clear, true);
  }

  formMessages();

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
