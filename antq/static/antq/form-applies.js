// Fields that apply only to some choices of another field (data-show-if="kind=update|other") are shown or hidden
// as that choice changes. The server renders the same state after each submit (antq.forces.forms.FieldsThatApply):
// this only saves a round trip. A file, not inline script, so the Content-Security-Policy allows no inline script.
document.querySelectorAll("[data-show-if]").forEach(function (row) {
  var rule = row.dataset.showIf.split("=");
  var form = row.closest("form");
  var control = form && form.elements[rule[0]];
  if (!control) {
    return;
  }
  var values = rule[1].split("|");
  function update() {
    row.hidden = control.value !== "" && values.indexOf(control.value) === -1;
  }
  control.addEventListener("change", update);
  update();
});
