// The period picker of the reporting pages: choosing a period opens that period's page (the form's
// data-period-url with PERIOD replaced). A file, not an inline handler, so the Content-Security-Policy allows no
// inline script at all.
document.querySelectorAll("form[data-period-url]").forEach(function (form) {
  form.addEventListener("change", function () {
    window.location = form.dataset.periodUrl.replace("PERIOD", encodeURIComponent(form.elements.period.value));
  });
});
