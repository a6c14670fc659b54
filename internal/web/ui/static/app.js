// dancu officer UI: the few behaviours that need script. No inline
// handlers anywhere (the Content-Security-Policy forbids them).
"use strict";
document.addEventListener("click", function (e) {
  var b = e.target.closest("[data-print]");
  if (b) { e.preventDefault(); window.print(); }
});
// After htmx swaps results in, move focus to them for keyboard and
// screen-reader users, unless focus is in a form field being typed in.
document.addEventListener("htmx:afterSwap", function (e) {
  var t = e.detail.target;
  if (t && t.id === "results" && document.activeElement && document.activeElement.tagName === "BUTTON") {
    t.setAttribute("tabindex", "-1");
    t.focus();
  }
});
