// Behaviour the templates ask for with data- attributes: under the Content-Security-Policy no
// template carries inline scripts or on…= handlers.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
