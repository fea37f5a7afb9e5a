/* Runs before the page is drawn: with JavaScript, the menu collapses on small screens
   (Bootstrap's collapse); without it, the menu stays open and the page still works. */
document.documentElement.classList.remove("no-js");

/* Polling pauses while the page is hidden: an element marked data-poll-visible
   (hx-trigger "every …s, poll-now") asks nothing then, and asks at once when shown
   again. Our CSP forbids htmx's filter expressions, so this listens to htmx's events. */
document.addEventListener("htmx:beforeRequest", function (event) {
  if (document.hidden && event.target.closest("[data-poll-visible]")) event.preventDefault();
});
document.addEventListener("visibilitychange", function () {
  if (document.hidden || !window.htmx) return;
  document.querySelectorAll("[data-poll-visible]").forEach(function (el) {
    window.htmx.trigger(el, "poll-now");
  });
});
