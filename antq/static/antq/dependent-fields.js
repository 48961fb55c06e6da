// Fields that apply only to some kinds (antq.core.forms.depends): an input with data-depends-on="kind" and
// data-shown-for="session visit" is hidden, with its label, help and errors, unless the form's "kind" field has one
// of those values; all are shown while none is chosen. Only an aid: without this script every field is shown and
// the server ignores (and never saves) the ones that do not apply. A file, not inline, for the
// Content-Security-Policy.
(function () {
  function valueOf(control) {
    if (!control) return "";
    if (control.type === "checkbox") return control.checked ? "on" : "";
    return control.value || "";  // a <select>, an <input>, or a RadioNodeList (its checked value)
  }

  function update(form) {
    form.querySelectorAll("[data-depends-on]").forEach(function (input) {
      var value = valueOf(form.elements[input.dataset.dependsOn]);
      var shown = value === "" || input.dataset.shownFor.split(" ").indexOf(value) >= 0;
      var box = input.closest("form > div, fieldset > div") || input.parentElement;
      box.hidden = !shown;
    });
  }

  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("[data-depends-on]")) return;
    update(form);
    form.addEventListener("change", function () {
      update(form);
    });
  });
})();
