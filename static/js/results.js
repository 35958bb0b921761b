// The results and save pages' enhancements: the pages work without this file.
(function () {
  "use strict";
  // A "copy" button puts its link on the clipboard; the link stays selectable in its box, which
  // is what a browser without the clipboard API (or without JavaScript) offers.
  function copy(button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) return;
    var status = document.getElementById("copy-status");
    var label = button.getAttribute("data-copied");
    function done() {
      if (status) status.textContent = label;
      button.classList.add("copied");
      window.setTimeout(function () { button.classList.remove("copied"); }, 3000);
    }
    function fallback() {
      input.focus();
      input.select();
      try {
        if (document.execCommand("copy")) done();
      } catch (e) { /* the link is selected: the reader copies it */ }
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(done, fallback);
    } else {
      fallback();
    }
  }
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest && event.target.closest("[data-copy]");
    if (button) copy(button);
  });
  // Printing shows every detail, closed or not; the page is put back as it was afterwards.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = [];
    document.querySelectorAll("details.print-open:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.removeAttribute("open"); });
    opened = [];
  });
})();
