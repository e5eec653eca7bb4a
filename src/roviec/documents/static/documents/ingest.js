/* Review of an ingested document: "select all / none" per task card, keep or drop every
   task at once, and the live count of chosen units. The page works without it. */
(function () {
  "use strict";

  function units(box) {
    return box.querySelectorAll("input[type=checkbox][data-unit]");
  }

  function summarise(box) {
    var out = box && box.querySelector("[data-unit-summary]");
    if (!out) return;
    var all = units(box);
    var chosen = 0;
    all.forEach(function (input) { if (input.checked) chosen += 1; });
    out.textContent = out.dataset.template.replace("{n}", chosen).replace("{total}", all.length);
  }

  document.addEventListener("click", function (event) {
    var check = event.target.closest("[data-check]");
    if (check) {
      var box = check.closest("[data-unit-pick]");
      units(box).forEach(function (input) { input.checked = check.dataset.check === "all"; });
      summarise(box);
      return;
    }
    var keep = event.target.closest("[data-keep]");
    if (keep) {
      document.querySelectorAll(".ingest-task input[name$='-keep']").forEach(function (input) {
        input.checked = keep.dataset.keep === "all";
      });
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("input[data-unit]")) summarise(event.target.closest("[data-unit-pick]"));
  });

  // The buttons only make sense with this script: show them once it runs.
  document.querySelectorAll(".unit-tools, .ingest-tools").forEach(function (tools) { tools.hidden = false; });
})();
