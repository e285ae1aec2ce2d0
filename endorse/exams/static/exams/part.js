// The page of an exam part: its countdown, a hand-in that is sent once, and no stale copy.
//
// The server's clock is the only one that counts: the page is rendered with the seconds
// left (data-seconds-left) and counts them down from there with the browser's monotonic
// clock (never its wall clock, which may be wrong). When they run out the page reloads,
// and the server, which hands the part in at its deadline, decides what comes next.
// The words come from the page (data- attributes), already in the page's language.
(function () {
  "use strict";

  // Spoken to screen readers when this many minutes are left (not every minute: the
  // timer itself is silent, as role="timer" is, and read only when someone asks for it).
  var ANNOUNCED_MINUTES = [60, 30, 15, 10, 5, 2, 1];
  var RELOAD_AFTER_MS = 2000; // lets an answer saved in the last second reach the server

  function minutesText(clock, minutes) {
    // English and Spanish: singular for exactly one.
    var words = minutes === 1 ? clock.dataset.minutesOne : clock.dataset.minutesOther;
    return words.replace("%(minutes)s", String(minutes));
  }

  function startCountdown(clock) {
    var total = Number(clock.dataset.secondsLeft);
    var shown = clock.querySelector("[data-countdown-text]");
    var spoken = clock.querySelector("[data-countdown-announce]");
    if (!shown || !spoken || !isFinite(total)) return;
    var started = performance.now();
    var lastMinutes = Math.ceil(total / 60);
    var timer = null;

    function tick() {
      var left = total - (performance.now() - started) / 1000;
      if (left <= 0) {
        window.clearInterval(timer);
        shown.textContent = clock.dataset.timeUp;
        spoken.textContent = clock.dataset.timeUp;
        window.setTimeout(function () { window.location.reload(); }, RELOAD_AFTER_MS);
        return;
      }
      var minutes = Math.ceil(left / 60);
      if (minutes === lastMinutes) return;
      lastMinutes = minutes;
      shown.textContent = minutesText(clock, minutes);
      if (ANNOUNCED_MINUTES.indexOf(minutes) !== -1) spoken.textContent = shown.textContent;
    }
    timer = window.setInterval(tick, 1000);
  }

  // Handing in: asked once, sent once. After the candidate confirms, the button is
  // disabled, so a second click (a double click, an impatient one) sends nothing; the
  // server would find the part handed in anyway. htmx asks "confirm" again for a request
  // it had to queue behind an answer still being saved: that one goes on unasked.
  function handInButton(form, disabled) {
    var button = form.querySelector("button");
    if (button) button.disabled = disabled;
  }
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    if (!form.hasAttribute || !form.hasAttribute("data-hand-in")) return;
    event.preventDefault();
    var state = form.dataset.handInState;
    if (state === "sent") return;
    if (state !== "confirmed") {
      if (event.detail.question && !window.confirm(event.detail.question)) return;
      form.dataset.handInState = "confirmed";
      handInButton(form, true);
    }
    event.detail.issueRequest(true);
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form.hasAttribute && form.hasAttribute("data-hand-in")) form.dataset.handInState = "sent";
  });
  // A hand-in that did not get through (the connection dropped) can be tried again.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form.hasAttribute || !form.hasAttribute("data-hand-in") || event.detail.successful) return;
    delete form.dataset.handInState;
    handInButton(form, false);
  });
  // Without htmx the form posts itself: the same once-only guard.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (window.htmx || !form.hasAttribute("data-hand-in")) return;
    if (form.dataset.handInState === "sent") {
      event.preventDefault();
      return;
    }
    form.dataset.handInState = "sent";
    handInButton(form, true);
  });

  // Back after handing in: a page restored from the back/forward cache would show the
  // questions as they were; reload it, and the server sends the candidate on.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });

  document.querySelectorAll("[data-countdown]").forEach(startCountdown);
})();
