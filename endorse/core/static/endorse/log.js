// The compact log (trainings, RS/C, jobs). A row is a plain form with no htmx attributes,
// to keep 200 rows light; this script gives them what htmx gives the other forms:
// - a row saves 600 ms after the last keystroke, or at once on a change, one request at a
//   time per row (a change typed while one is in flight is sent after it);
// - its "Copy" and "Delete" buttons post the row with do=copy / do=delete; the copy lands
//   at the end of the log, the deleted row becomes an "Undo" (which takes the focus);
// - Enter moves to the same box in the next row; on the last row it adds a row;
// - after a save, the boxes the server refused are marked invalid for screen readers.
// Without JavaScript each row still has a Save button and the buttons post normally.
(function () {
  "use strict";
  var timers = new WeakMap();
  var busy = new WeakSet();
  var again = new WeakSet();

  function isRow(form) {
    return form && form.classList && form.classList.contains("lr");
  }

  function boxName(input) {
    return (input.name || "").replace(/^[a-z_]+-\d+-/, "");
  }

  function save(form) {
    if (!document.contains(form)) return;
    if (busy.has(form)) { again.add(form); return; }
    busy.add(form);
    // do=save said outright: htmx adds the value of the form's button last clicked or
    // focused, so a save sent while "Copy" has the focus would otherwise copy the row again.
    htmx.ajax("POST", form.action, { source: form, values: { do: "save" }, swap: "none" })
      .finally(function () {
        busy.delete(form);
        if (again.has(form)) { again.delete(form); save(form); }
      });
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (!isRow(form)) return;
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(function () { save(form); }, 600));
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!isRow(form)) return;
    clearTimeout(timers.get(form));
    save(form);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[name=do]");
    if (!button || !isRow(button.form)) return;
    event.preventDefault();
    if (button.disabled) return;  // a double click is one action
    var form = button.form;
    clearTimeout(timers.get(form));
    button.disabled = true;
    var copying = button.value === "copy";
    htmx.ajax("POST", form.action, {
      source: form,
      values: { do: button.value },
      target: copying ? "#log-rows" : form,
      swap: copying ? "beforeend" : "outerHTML",
    }).finally(function () { button.disabled = false; });
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || event.isComposing || !isRow(input.form)) return;
    if (input.type === "checkbox" || input.tagName === "BUTTON") return;
    event.preventDefault();
    var list = input.form.closest("[data-log]");
    var rows = list ? Array.prototype.slice.call(list.querySelectorAll("form.lr")) : [];
    var next = rows[rows.indexOf(input.form) + 1];
    if (next) {
      var box = next.querySelector('[name$="-' + boxName(input) + '"]');
      if (box) box.focus();
    } else {
      var add = document.getElementById("log-add");
      if (add) add.click();
    }
  });

  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var status = event.target;
    if (!status || !status.id || status.id.indexOf("st-") !== 0) return;
    var form = status.closest("form");
    if (!form) return;
    var invalid = (status.getAttribute("data-invalid") || "").split(" ");
    form.querySelectorAll("input, select").forEach(function (box) {
      if (invalid.indexOf(boxName(box)) >= 0) box.setAttribute("aria-invalid", "true");
      else box.removeAttribute("aria-invalid");
    });
  });

  document.addEventListener("htmx:load", function (event) {
    var element = event.detail.elt;
    if (element && element.classList && element.classList.contains("gone")) {
      var undo = element.querySelector("[data-undo]");
      if (undo) undo.focus();
    }
  });
})();
