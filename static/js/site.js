// Small enhancements only: the pages work without this file.
(function () {
  "use strict";
  function focusErrors(root) {
    var summary = (root || document).querySelector("[data-autofocus]");
    if (summary) summary.focus();
  }
  // A question that only matters after a given answer (where the employer is, once "somewhere
  // else" is chosen) is hidden until that answer is picked. Without JavaScript it stays shown.
  function reveal(root) {
    root.querySelectorAll("[data-reveal-name]").forEach(function (box) {
      var name = box.getAttribute("data-reveal-name");
      var checked = box.querySelector('input[name="' + name + '"]:checked');
      box.querySelectorAll("[data-reveal-when]").forEach(function (part) {
        part.hidden = !checked || checked.value !== part.getAttribute("data-reveal-when");
      });
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.closest && event.target.closest("[data-reveal-name]")) {
      reveal(document);
    }
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
    var next = rows.querySelector("[autofocus]");
    if (!next) return;
    next.removeAttribute("autofocus");
    next.focus();
  });
  // A date is checked as the parent goes: only its message is swapped in (so nothing typed
  // meanwhile is overwritten), and the field's own state follows the message: invalid while
  // there is one, pointing at it, and back to just its hint once it is fixed.
  document.addEventListener("htmx:afterSwap", function (event) {
    var feedback = event.target;
    if (!feedback || !/-feedback$/.test(feedback.id || "")) return;
    var input = document.getElementById(feedback.id.replace(/-feedback$/, ""));
    if (!input) return;
    var error = feedback.querySelector(".error-message");
    var hint = document.getElementById(input.id + "-hint");
    var described = [];
    if (hint) described.push(hint.id);
    if (error) described.push(error.id);
    if (error) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
    var field = feedback.closest(".field");
    if (field) field.classList.toggle("field-error", !!error);
  });
})();
