/* Insyn search: progressive enhancement of the search page. The index is built at build time
   (src/render/search.rs); the stemming rules below must stay the same as there. */
(function () {
  "use strict";
  var form = document.getElementById("sok-form");
  if (!form || !window.fetch) return;
  var input = document.getElementById("sok-fraga");
  var status = document.getElementById("sok-status");
  var list = document.getElementById("sok-resultat");
  var STOP = ("och att det som en ett är av för med till den har de inte om på i ska kan var sig men så eller även samt vid där dess deras från under efter mot detta denna dessa också vara blir bli hade skulle").split(" ");
  var SUF = ["arnas", "ernas", "ornas", "heten", "heter", "arna", "erna", "orna", "ande", "ende", "aste", "het", "ens", "ets", "ade", "are", "ast", "en", "et", "ar", "er", "or", "na", "as", "es", "s", "a", "e"];
  function stem(w) {
    for (var i = 0; i < SUF.length; i++) {
      var s = SUF[i];
      if (w.length - s.length >= 4 && w.slice(-s.length) === s) return w.slice(0, -s.length);
    }
    return w;
  }
  function terms(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w.length >= 2 && STOP.indexOf(w) < 0;
    }).map(stem);
  }
  function undelta(d) {
    var out = [], acc = 0;
    for (var i = 0; i < d.length; i++) { acc += d[i]; out.push(acc); }
    return out;
  }
  var index = null;
  function load() {
    if (index) return Promise.resolve(index);
    return fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (j) { index = j; return j; });
  }
  function matches(map, term) {
    var hits = {};
    Object.keys(map).forEach(function (k) {
      if (k.indexOf(term) === 0) undelta(map[k]).forEach(function (d) { hits[d] = true; });
    });
    return hits;
  }
  function search(q) {
    var qs = terms(q);
    if (!qs.length) { show([], q); return; }
    load().then(function (ix) {
      var score = null;
      qs.forEach(function (t) {
        var inTitle = matches(ix.t, t), inText = matches(ix.w, t), s = {};
        Object.keys(inText).forEach(function (d) { s[d] = 1; });
        Object.keys(inTitle).forEach(function (d) { s[d] = (s[d] || 0) + 3; });
        if (score === null) { score = s; } else {
          var next = {};
          Object.keys(score).forEach(function (d) { if (s[d]) next[d] = score[d] + s[d]; });
          score = next;
        }
      });
      var ranked = Object.keys(score || {}).map(Number).sort(function (a, b) { return score[b] - score[a] || a - b; });
      show(ranked.slice(0, 50).map(function (d) { return ix.docs[d]; }), q);
    }).catch(function () { status.textContent = "Sökningen kunde inte laddas."; });
  }
  function show(docs, q) {
    list.innerHTML = "";
    docs.forEach(function (d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = d[0];
      a.textContent = d[1];
      li.appendChild(a);
      if (d[2]) {
        var p = document.createElement("span");
        p.className = "meta";
        p.textContent = " – " + d[2];
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    status.textContent = q.trim() ? (docs.length === 0 ? "Inga träffar för " + q + "." : docs.length + (docs.length === 1 ? " träff" : " träffar") + " för " + q + ".") : "";
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value;
    history.replaceState(null, "", "?q=" + encodeURIComponent(q));
    search(q);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; search(initial); }
  form.hidden = false;
  var nojs = document.getElementById("sok-utan-js");
  if (nojs) nojs.hidden = true;
})();
