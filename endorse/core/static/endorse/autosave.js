// Forms marked data-autosave save through htmx a moment after the last keystroke.
// A person who types and leaves at once (a link, the back button, closing the tab)
// would lose that moment's keystrokes, so when the page is hidden every form with
// unsent changes is sent with navigator.sendBeacon, which outlives the page.
(function () {
  "use strict";
  var unsent = new Set();

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    // A log row (log.js) saves the same way without the attribute, to stay light.
    if (form && (form.hasAttribute("data-autosave") || form.classList.contains("lr"))) {
      unsent.add(form);
    }
  });
  // htmx is about to send this form: what it sends is everything typed so far.
  document.addEventListener("htmx:beforeRequest", function (event) {
    unsent.delete(event.detail.elt);
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
