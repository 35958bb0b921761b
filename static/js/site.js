// Small enhancements only: the pages work without this file.
(function () {
  "use strict";
  function focusErrors(root) {
    var summary = (root || document).querySelector("[data-autofocus]");
    if (summary) summary.focus();
  }
  document.addEventListener("DOMContentLoaded", function () {
    focusErrors(document);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var added = event.detail.target && event.detail.target.querySelector
      ? document.querySelector("#children-rows [autofocus]") : null;
    if (added) added.focus();
  });
})();
