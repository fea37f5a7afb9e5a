/* A meeting's page follows the meeting: every few seconds it asks whether anything changed
   (a vote opened or closed, attendance, a recusal, a decision) and, when it did, fetches the
   page again and puts its content in place: no reload, the scroll position stays. While the
   person is filling in a form it does not change the page under their hands: it says so
   instead. Without JavaScript the page has its "Vernieuwen" link. Allowed by the strict CSP:
   a script of our own, asking our own server (connect-src 'self'). */
(function () {
  "use strict";
  var REGION = "vergadering-live";
  var EVERY = 3000, AFTER_ERROR = 15000;
  var typing = false, leaving = false;

  function box() { return document.querySelector("[data-live-url]"); }
  if (!box() || !window.fetch || !window.DOMParser) return;

  function markTyping(event) {
    if (event.target && event.target.closest && event.target.closest("form")) typing = true;
  }
  document.addEventListener("input", markTyping);
  document.addEventListener("change", markTyping);
  document.addEventListener("submit", function () { leaving = true; }, true);
  window.addEventListener("pagehide", function () { leaving = true; });

  function later(ms) { window.setTimeout(ask, ms); }

  function tellChanged(current) {
    var status = current.querySelector(".live-status");
    status.textContent = current.getAttribute("data-live-changed");
    current.classList.add("alert", "alert-info", "py-1");
  }

  function refresh() {
    return window.fetch(window.location.pathname, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { "X-Meeting-Live": "1" },
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      if (leaving || typing) return;
      var fresh = new window.DOMParser().parseFromString(html, "text/html").getElementById(REGION);
      var region = document.getElementById(REGION);
      if (!fresh || !region) return;
      region.innerHTML = fresh.innerHTML;
      if (window.htmx) window.htmx.process(region);
    });
  }

  function ask() {
    var current = box();
    if (leaving || !current) return;  /* gone from the page: nothing to follow */
    if (document.hidden) { later(EVERY); return; }
    var token = current.getAttribute("data-live-token");
    window.fetch(current.getAttribute("data-live-url") + "?v=" + encodeURIComponent(token), {
      credentials: "same-origin",
      cache: "no-store",
    }).then(function (response) {
      if (response.status === 204) return null;
      if (!response.ok) throw new Error(response.status);
      if (typing) { tellChanged(current); return "stop"; }
      return refresh();
    }).then(function (outcome) {
      if (outcome !== "stop") later(EVERY);
    }).catch(function () { later(AFTER_ERROR); });
  }
  later(EVERY);
})();
