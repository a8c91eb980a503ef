/* Insyn search: progressive enhancement of the search page. The index is built at build time
   (src/render/search.rs) and carries the stemming rules (`rules`): this file has none of its
   own, so the browser stems exactly as the build did. */
(function () {
  "use strict";
  var form = document.getElementById("sok-form");
  if (!form || !window.fetch) return;
  var input = document.getElementById("sok-fraga");
  var status = document.getElementById("sok-status");
  var list = document.getElementById("sok-resultat");
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var rules = null;

  // One character at a time, as Rust's char::to_lowercase (no final-sigma rule).
  function lower(w) {
    var out = "";
    for (var c of w) out += c.toLowerCase();
    return out;
  }
  function chars(s) { return Array.from(s).length; }
  function stem(w) {
    var again = true;
    while (again) {
      again = false;
      for (var i = 0; i < rules.suffixes.length; i++) {
        var s = rules.suffixes[i];
        if (w.length > s.length && w.slice(-s.length) === s) {
          var rest = w.slice(0, -s.length);
          if (chars(rest) >= rules.min_stem) { w = rest; again = true; break; }
        }
      }
    }
    return w;
  }
  function term(word) {
    var w = lower(word);
    if (chars(w) < rules.min_word || rules.stop.indexOf(w) >= 0) return null;
    return stem(w);
  }
  function terms(text) {
    var out = [];
    (text.match(WORD) || []).forEach(function (w) {
      var t = term(w);
      if (t !== null) out.push(t);
    });
    return out;
  }
  function undelta(d) {
    var out = [], acc = 0;
    for (var i = 0; i < d.length; i++) { acc += d[i]; out.push(acc); }
    return out;
  }
  var index = null;
  function load() {
    if (index) return Promise.resolve(index);
    return fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (j) {
      index = j;
      rules = j.rules;
      return j;
    });
  }
  function matches(map, t) {
    var hits = {};
    Object.keys(map).forEach(function (k) {
      if (k.indexOf(t) === 0) undelta(map[k]).forEach(function (d) { hits[d] = true; });
    });
    return hits;
  }
  function search(q) {
    load().then(function (ix) {
      var qs = terms(q);
      if (!qs.length) { show([], q, qs); return; }
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
      show(ranked.slice(0, 50).map(function (d) { return ix.docs[d]; }), q, qs);
    }).catch(function () { status.textContent = "Sökningen kunde inte laddas."; });
  }
  // The words of `text` that a query term finds, as [start, end] ranges.
  function hits(text, qs) {
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      var t = term(m[0]);
      if (t !== null && qs.some(function (q) { return t.indexOf(q) === 0; })) out.push([m.index, m.index + m[0].length]);
    }
    return out;
  }
  // `text` into `el`, the hits marked.
  function marked(el, text, qs) {
    var at = 0;
    hits(text, qs).forEach(function (r) {
      el.appendChild(document.createTextNode(text.slice(at, r[0])));
      var m = document.createElement("mark");
      m.textContent = text.slice(r[0], r[1]);
      el.appendChild(m);
      at = r[1];
    });
    el.appendChild(document.createTextNode(text.slice(at)));
  }
  // A piece of the text around the first hit, the hits in it marked.
  function snippet(text, qs) {
    var h = hits(text, qs);
    var el = document.createElement("span");
    el.className = "snippet";
    if (!text) return null;
    var from = 0, to = Math.min(text.length, 200);
    if (h.length) {
      from = Math.max(0, h[0][0] - 70);
      to = Math.min(text.length, h[0][1] + 130);
      if (from > 0) { var sp = text.indexOf(" ", from); if (sp >= 0 && sp < h[0][0]) from = sp + 1; }
    }
    if (to < text.length) { var back = text.lastIndexOf(" ", to); if (back > from + 40) to = back; }
    var at = from;
    if (from > 0) el.appendChild(document.createTextNode("… "));
    h.forEach(function (r) {
      if (r[0] < at || r[1] > to) return;
      el.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      el.appendChild(mark);
      at = r[1];
    });
    el.appendChild(document.createTextNode(text.slice(at, to) + (to < text.length ? " …" : "")));
    return el;
  }
  function show(docs, q, qs) {
    list.innerHTML = "";
    docs.forEach(function (d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = d[0];
      marked(a, d[1], qs);
      // Where the page belongs is part of the link's name: two pages called "Ekonomi" differ.
      if (d[2]) {
        var p = document.createElement("span");
        p.className = "meta";
        p.textContent = " – " + d[2];
        a.appendChild(p);
      }
      li.appendChild(a);
      var s = snippet(d[3] || "", qs);
      if (s) li.appendChild(s);
      list.appendChild(li);
    });
    status.textContent = q.trim() ? (docs.length === 0 ? "Inga träffar för " + q + "." : docs.length + (docs.length === 1 ? " träff" : " träffar") + " för " + q + ".") : "";
  }
  // For the browser test: the same words through this file's rules and the build's.
  window.insynSok = { load: load, terms: function (t) { return terms(t); } };
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
