// The admin's language switch submits itself on change (no inline handler: the
// Content-Security-Policy allows only scripts served by the site).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("#language-switch select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
