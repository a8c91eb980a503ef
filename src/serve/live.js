/* insyn serve: reload the page after a rebuild; show the newest edit's problems over the page. */
(function () {
  "use strict";
  var generation = 0;
  function overlay(problems) {
    var box = document.getElementById("insyn-fel");
    if (!problems.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "insyn-fel";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;background:#fff;color:#1a1a1a;" +
        "border-top:6px solid #a31f1f;padding:1rem 1.5rem;font:15px/1.5 system-ui,sans-serif;z-index:2147483647;box-shadow:0 -4px 16px rgba(0,0,0,.3)";
      document.body.appendChild(box);
    }
    box.innerHTML = "";
    var h = document.createElement("p");
    h.style.fontWeight = "700";
    h.textContent = "Bygget misslyckades – sidan visar den senaste fungerande versionen.";
    box.appendChild(h);
    var ul = document.createElement("ul");
    problems.forEach(function (p) {
      var li = document.createElement("li");
      var where = p.file + (p.line ? ":" + p.line : "");
      li.textContent = where + ": " + p.message + (p.hint ? " (tips: " + p.hint + ")" : "");
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }
  function poll() {
    fetch("/__insyn/poll?gen=" + generation, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (generation !== 0 && s.generation !== generation && !s.problems.length) {
          location.reload();
          return;
        }
        generation = s.generation;
        overlay(s.problems);
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
