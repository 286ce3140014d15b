/* The buyer's order page while the order awaits payment (templates/orders/order.html):
   a payment made elsewhere (a QR code paid on a phone, a bank's confirmation) is
   noticed without a manual reload. Every data-poll-seconds the page asks the order
   API (GET /api/v1/orders/<id>/, this session's cookie) for the order's status and
   reloads once it is no longer the one the page was rendered with. It pauses while
   the page is hidden (asking again as soon as it is shown), and stops for good after
   data-poll-max-seconds or when the API says the order is not this buyer's.
   A static file, not an inline script: the Content-Security-Policy forbids those. */
(function () {
  "use strict";

  var root = document.querySelector("[data-order-poll]");
  if (!root || !window.fetch) return;
  var url = root.dataset.orderPoll;
  var status = root.dataset.pollStatus;
  var every = Math.max(1, parseInt(root.dataset.pollSeconds, 10) || 4) * 1000;
  var deadline = Date.now() + Math.max(0, parseInt(root.dataset.pollMaxSeconds, 10) || 0) * 1000;
  var timer = null;
  var asking = false;
  var done = false;

  function stop() {
    done = true;
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function schedule() {
    if (done || timer || document.hidden) return;
    if (Date.now() >= deadline) { stop(); return; }
    timer = setTimeout(function () { timer = null; ask(); }, every);
  }

  function ask() {
    if (done || asking || document.hidden) return;
    if (Date.now() >= deadline) { stop(); return; }
    asking = true;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          stop(); // logged out, or not this buyer's order: nothing to follow
          return null;
        }
        return response.ok ? response.json() : null; // a passing error: ask again next time
      })
      .then(function (order) {
        if (order && order.status && order.status !== status) {
          stop();
          window.location.reload();
        }
      })
      .catch(function () { /* offline for a moment: ask again next time */ })
      .then(function () { asking = false; schedule(); });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      if (timer) clearTimeout(timer);
      timer = null;
    } else {
      ask(); // back on the page: ask at once, the payment may have been made meanwhile
    }
  });
  schedule();
})();
