// Forms marked data-autosave save through htmx a moment after the last keystroke.
// A person who types and leaves at once (a link, the back button, closing the tab)
// would lose that moment's keystrokes, so when the page is hidden every form with
// unsent changes is sent with navigator.sendBeacon, which outlives the page.
(function () {
  "use strict";
  var unsent = new Set();
  var typed = new WeakMap();  // form -> keystrokes so far
  var sent = new WeakMap();   // form -> keystrokes in the request on its way

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    // A log row (log.js) saves the same way without the attribute, to stay light.
    if (form && (form.hasAttribute("data-autosave") || form.classList.contains("lr"))) {
      unsent.add(form);
      typed.set(form, (typed.get(form) || 0) + 1);
    }
  });
  // A form stays "unsent" until the server has answered a request holding everything typed:
  // a request still on its way when the page goes is cut off with it, so the beacon sends
  // the same again (saving the same values twice changes nothing).
  document.addEventListener("htmx:beforeRequest", function (event) {
    sent.set(event.detail.elt, typed.get(event.detail.elt) || 0);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (event.detail.successful && sent.get(form) === (typed.get(form) || 0)) unsent.delete(form);
  });

  // A log row carries no CSRF field (htmx sends the header from <body hx-headers>); a
  // beacon can't send headers, so the token goes in the form data.
  function dataOf(form) {
    var data = new FormData(form);
    if (!data.has("csrfmiddlewaretoken")) {
      try {
        var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
        if (headers["X-CSRFToken"]) data.append("csrfmiddlewaretoken", headers["X-CSRFToken"]);
      } catch (ignored) { /* no token: the server refuses, as it would anyway */ }
    }
    return data;
  }

  function flush() {
    unsent.forEach(function (form) {
      if (document.contains(form) && navigator.sendBeacon(form.action, dataOf(form))) {
        unsent.delete(form);
      }
    });
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
})();
