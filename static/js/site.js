// Small enhancements only: the pages work without this file.
(function () {
  "use strict";
  function focusErrors(root) {
    var summary = (root || document).querySelector("[data-autofocus]");
    if (summary) summary.focus();
  }
  // A question that follows from an answer is shown only once that answer is chosen, at once,
  // with no request: `data-reveal-for` names the answer's radios, `data-reveal-when` the values
  // that ask it. The server draws the page already so (class "reveal-hidden", hidden only when
  // this file runs: see site.css); without JavaScript every question stays on the page with a
  // hint saying when to answer it, and the server ignores the answers that do not apply.
  function reveal(root) {
    (root || document).querySelectorAll("[data-reveal-for]").forEach(function (part) {
      var name = part.getAttribute("data-reveal-for");
      var scope = part.closest("form") || document;
      var checked = scope.querySelector('input[type="radio"][name="' + name + '"]:checked');
      var values = (part.getAttribute("data-reveal-when") || "").split(" ");
      part.classList.toggle("reveal-hidden", !checked || values.indexOf(checked.value) === -1);
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.type === "radio") reveal(document);
  });
  document.addEventListener("DOMContentLoaded", function () {
    reveal(document);
    focusErrors(document);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
  // After a child's row is added or removed the server marks where the keyboard goes (the new
  // row, the row before the removed one, or the "add" button). Only that swap moves the focus,
  // once: the mark is removed, so later swaps (a date checked, a place chosen) leave it alone.
  document.addEventListener("htmx:afterSwap", function (event) {
    var rows = event.target;
    if (!rows || rows.id !== "children-rows") return;
    reveal(document);
    var next = rows.querySelector("[autofocus]");
    if (!next) return;
    next.removeAttribute("autofocus");
    next.focus();
  });
  // A date (year, month and day boxes) is checked once the parent leaves its boxes, not while
  // moving from one box to the next: htmx listens for "date-done" on the date's fieldset.
  document.addEventListener("focusout", function (event) {
    var box = event.target;
    var date = box && box.closest && box.closest("fieldset.date[hx-post]");
    if (!date || (event.relatedTarget && date.contains(event.relatedTarget))) return;
    if (window.htmx) window.htmx.trigger(date, "date-done");
  });
  // Only the date's message is swapped in (so nothing typed meanwhile is overwritten); the
  // boxes follow it: each box the message is about is marked invalid, the fieldset points at
  // the message while there is one, and back to just its hint once the date is fixed.
  document.addEventListener("htmx:afterSwap", function (event) {
    var id = event.target && event.target.id;
    if (!id || !/-feedback$/.test(id)) return;
    var feedback = document.getElementById(id);
    var date = document.getElementById(id.replace(/-feedback$/, ""));
    if (!feedback || !date) return;
    var invalid = (feedback.getAttribute("data-invalid") || "").split(" ");
    date.querySelectorAll("input").forEach(function (input) {
      if (invalid.indexOf(input.id) !== -1) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
    var error = feedback.querySelector(".error-message");
    var described = [date.id + "-hint"];
    if (error) described.push(error.id);
    date.setAttribute("aria-describedby", described.join(" "));
    date.classList.toggle("field-error", !!error);
  });
})();
