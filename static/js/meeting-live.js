/* A meeting's page follows the meeting: every few seconds it asks whether anything changed
   (a vote opened or closed, attendance, a recusal, a decision) and reloads when it did. While
   the person is filling in a form it does not reload under their hands: it says so instead.
   Without JavaScript the page has its "Vernieuwen" link. Allowed by the strict CSP: a script
   of our own, asking our own server (connect-src 'self'). */
(function () {
  "use strict";
  var box = document.querySelector("[data-live-url]");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-live-url");
  var token = box.getAttribute("data-live-token");
  var status = box.querySelector(".live-status");
  var EVERY = 3000, AFTER_ERROR = 15000;
  var typing = false;
  function markTyping(event) {
    if (event.target && event.target.closest && event.target.closest("form")) typing = true;
  }
  document.addEventListener("input", markTyping);
  document.addEventListener("change", markTyping);

  function later(ms) { window.setTimeout(ask, ms); }

  function ask() {
    if (document.hidden) { later(EVERY); return; }
    window.fetch(url + "?v=" + encodeURIComponent(token), {
      credentials: "same-origin",
      cache: "no-store",
    }).then(function (response) {
      if (response.status === 204) { later(EVERY); return; }
      if (!response.ok) { later(AFTER_ERROR); return; }
      if (!typing) { window.location.reload(); return; }
      status.textContent = box.getAttribute("data-live-changed");
      box.classList.add("alert", "alert-info", "py-1");
    }).catch(function () { later(AFTER_ERROR); });
  }
  later(EVERY);
})();
