// Says how many columns of a table are out of view, beside the table: "→ 4 kolumner till".
// Without this script the table still scrolls sideways and a shadow at its edge shows that
// there is more; the script only puts the number into words and keeps it up to date.
(function () {
  "use strict";
  function columnsOutOfView(box) {
    var row = box.querySelector("tbody tr:not(.group)") || box.querySelector("tr");
    if (!row) return 0;
    var edge = box.getBoundingClientRect().right;
    var n = 0;
    for (var i = 1; i < row.cells.length; i++) {
      if (row.cells[i].getBoundingClientRect().right > edge + 2) n++;
    }
    return n;
  }
  function update(box, cue) {
    var n = columnsOutOfView(box);
    cue.hidden = n === 0;
    cue.textContent = n === 1 ? "→ 1 kolumn till, rulla i sidled" : "→ " + n + " kolumner till, rulla i sidled";
  }
  function init() {
    var boxes = document.querySelectorAll(".table-scroll[data-cue]");
    Array.prototype.forEach.call(boxes, function (box) {
      var cue = document.getElementById(box.getAttribute("data-cue"));
      if (!cue) return;
      var pending = false;
      var later = function () {
        if (pending) return;
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          update(box, cue);
        });
      };
      box.addEventListener("scroll", later, { passive: true });
      window.addEventListener("resize", later);
      update(box, cue);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
