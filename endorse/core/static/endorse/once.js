// A double click is one action: a form sent the ordinary way (not through htmx, which
// disables its own buttons while a request is out) is not sent again while the next page
// loads. Coming back to the page (the back button) makes it sendable again.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.hasAttribute("hx-post")) return;
    if (form.getAttribute("method") && form.getAttribute("method").toLowerCase() === "get") return;
    if (form.dataset.sending === "yes") {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "yes";
    form.setAttribute("aria-busy", "true");
    // A form whose answer is a download leaves the page where it is: sendable again soon.
    setTimeout(function () {
      delete form.dataset.sending;
      form.removeAttribute("aria-busy");
    }, 8000);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      delete form.dataset.sending;
      form.removeAttribute("aria-busy");
    });
  });
})();
