// The checklist's summary at the top of an application page on a phone stays in view as
// the page scrolls; opened, it would cover the place one of its links leads to, so
// following a link closes it. Without JavaScript it stays open until tapped again.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".checklist-peek a");
    var details = link && link.closest("details");
    if (details) details.open = false;
  });
})();
