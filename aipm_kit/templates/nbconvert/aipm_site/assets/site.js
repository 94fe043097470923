/* The course site's search box and contents sidebar. Works from file:// with no network: the index
   is window.AIPM_SEARCH, set by search-index.js (loaded with a plain <script src> before this file).
   Each entry is one section of one page: {p: page, t: notebook title, h: heading, a: anchor, x: text}. */
(function () {
  "use strict";
  var index = window.AIPM_SEARCH || [];
  var input = document.getElementById("aipm-search");
  var list = document.getElementById("aipm-search-results");
  var toc = document.querySelector(".aipm-toc");

  // On a narrow screen the sidebar sits above the page: keep its contents list folded there.
  if (toc && window.matchMedia && window.matchMedia("(max-width: 960px)").matches) {
    toc.removeAttribute("open");
  }
  if (!input || !list) { return; }

  function snippet(text, term) {
    var at = text.toLowerCase().indexOf(term);
    if (at < 0) { return text.slice(0, 110); }
    var start = Math.max(0, at - 45);
    return (start > 0 ? "\u2026" : "") + text.slice(start, at + 75) + "\u2026";
  }

  function count(hay, term) {
    var n = 0, at = hay.indexOf(term);
    while (at >= 0 && n < 50) { n += 1; at = hay.indexOf(term, at + term.length); }
    return n;
  }

  function search(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
    if (!terms.length) { return []; }
    var found = [];
    index.forEach(function (e) {
      var head = e.h.toLowerCase();
      var title = e.t.toLowerCase();
      var body = e.x.toLowerCase();
      var score = 0;
      for (var i = 0; i < terms.length; i += 1) {
        var inHead = head.indexOf(terms[i]) >= 0;
        var n = count(body, terms[i]);
        if (!inHead && n === 0) { return; }  // the section itself must say it, not just its notebook's title
        score += (inHead ? 20 : 0) + (title.indexOf(terms[i]) >= 0 ? 2 : 0) + n;
      }
      found.push({e: e, score: score});
    });
    found.sort(function (a, b) { return b.score - a.score; });
    return found.slice(0, 15).map(function (f) { return {e: f.e, term: terms[0]}; });
  }

  function show() {
    var query = input.value.trim();
    list.textContent = "";
    if (!query) { list.hidden = true; return; }
    var hits = search(query);
    if (!hits.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "Nothing found for \u201c" + query + "\u201d.";
      list.appendChild(none);
    }
    hits.forEach(function (hit) {
      var e = hit.e;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.p + (e.a ? "#" + e.a : "");
      a.textContent = e.h || e.t;
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = e.t;
      var text = document.createElement("span");
      text.className = "snippet";
      text.textContent = snippet(e.x, hit.term);
      li.appendChild(a);
      li.appendChild(where);
      li.appendChild(text);
      list.appendChild(li);
    });
    list.hidden = false;
  }

  input.addEventListener("input", show);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var first = list.querySelector("a");
      if (first) { window.location.href = first.href; }
      ev.preventDefault();
    } else if (ev.key === "Escape") {
      input.value = "";
      show();
    }
  });
  if (input.value) { show(); }
}());
