/* "Đang tạo…": forms marked data-progress show it while the server generates (works without JS too). */
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-progress]")) return;
  var button = form.querySelector("button");
  var note = form.querySelector(".progress-note");
  if (note) note.hidden = false;
  if (button) {
    var label = button.textContent;
    // Disable after the submission has started, so the button does not block its own form.
    setTimeout(function () { button.disabled = true; button.textContent = "Đang tạo…"; }, 0);
    if (form.method.toLowerCase() === "get") {
      // A download keeps the page: give the button back once the file has had time to arrive.
      setTimeout(function () { button.disabled = false; button.textContent = label; if (note) note.hidden = true; }, 5000);
    }
  }
});
