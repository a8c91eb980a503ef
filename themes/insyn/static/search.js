/* Insyn search: progressive enhancement of the search page. The index is built at build time
   (src/render/search.rs) and carries the stemming rules (`rules`): this file has none of its
   own, so the browser stems exactly as the build did. The index comes in parts: a small table
   of contents (the rules and the first term of each part of the term list), parts of the
   sorted term list, and parts of the document list. A query fetches only the parts of the term
   list that can hold its terms, then only the parts with the documents it shows. */
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
  var index = null, base = "", parts = {};
  function load() {
    if (index) return Promise.resolve(index);
    var url = form.getAttribute("data-index");
    return fetch(url).then(function (r) { return r.json(); }).then(function (j) {
      index = j;
      rules = j.rules;
      base = url.replace(/[^\/]*$/, "") + j.dir;
      return j;
    });
  }
  // One part of the index, fetched once.
  function part(kind, i) {
    var name = kind + i;
    if (!parts[name]) {
      parts[name] = fetch(base + name + "." + index.gen + ".json").then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
    }
    return parts[name];
  }
  // Strings in code point order, as the build sorts them (UTF-16 order differs above U+FFFF).
  function cmp(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return i < a.length ? 1 : (j < b.length ? -1 : 0);
  }
  // The parts of the term list that can hold terms beginning with `t`: the last part that
  // begins at or before `t`, and every later part that begins with `t`.
  function termParts(t) {
    var firsts = index.terms, lo = 0, hi = firsts.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(firsts[mid], t) <= 0) { at = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    var out = firsts.length ? [at] : [];
    for (var k = at + 1; k < firsts.length && firsts[k].indexOf(t) === 0; k++) out.push(k);
    return out;
  }
  // Documents with a term beginning with `t`: {doc: score}, 3 for the title, 1 for the text.
  function matches(t) {
    return Promise.all(termParts(t).map(function (i) { return part("t", i); })).then(function (ps) {
      var inTitle = {}, inText = {}, s = {};
      ps.forEach(function (p) {
        Object.keys(p).forEach(function (k) {
          if (k.indexOf(t) !== 0) return;
          undelta(p[k][0]).forEach(function (d) { inTitle[d] = true; });
          undelta(p[k][1]).forEach(function (d) { inText[d] = true; });
        });
      });
      Object.keys(inText).forEach(function (d) { s[d] = 1; });
      Object.keys(inTitle).forEach(function (d) { s[d] = (s[d] || 0) + 3; });
      return s;
    });
  }
  // The documents numbered `ds`, in that order.
  function documents(ds) {
    var needed = {};
    ds.forEach(function (d) { needed[Math.floor(d / index.per)] = true; });
    var keys = Object.keys(needed).map(Number);
    return Promise.all(keys.map(function (k) { return part("d", k); })).then(function (ps) {
      var got = {};
      keys.forEach(function (k, n) { got[k] = ps[n]; });
      return ds.map(function (d) { return got[Math.floor(d / index.per)][d % index.per]; });
    });
  }
  function search(q) {
    load().then(function () {
      var qs = terms(q);
      if (!qs.length) { show([], q, qs); return null; }
      return Promise.all(qs.map(matches)).then(function (all) {
        var score = null;
        all.forEach(function (s) {
          if (score === null) { score = s; } else {
            var next = {};
            Object.keys(score).forEach(function (d) { if (s[d]) next[d] = score[d] + s[d]; });
            score = next;
          }
        });
        var ranked = Object.keys(score || {}).map(Number).sort(function (a, b) { return score[b] - score[a] || a - b; });
        return documents(ranked.slice(0, 50)).then(function (docs) { show(docs, q, qs); });
      });
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
