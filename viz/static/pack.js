/* Shared by the stakeholder pages (register, grid, tracker): reads the page's inert JSON (id "kg-data")
 * and offers what the page scripts build with: elements filled with textContent only (never innerHTML),
 * links only to the folder's own pages (paths Python wrote, checked again here), source blocks with
 * publisher, date and the words of the evidence, an actor's facts, and a sortable, filterable table
 * whose rows open on their details. Tests read window.kgPack.
 *
 * Bahasa Indonesia first (assets/i18n.js, loaded before this): the page's words come from kgI18n.t, values the
 * ontology labels (types, statuses, tenures, kinds, quadrants) from the ontology's @id labels in data.terms, and a
 * pledge or statement shows its words as written (the evidence quote, Indonesian) before its English summary.
 */
(function () {
  "use strict";

  /* Maps keyed by an ID have no prototype: an actor or source may be called "constructor" or "__proto__". */
  function dict(from) {
    var map = Object.create(null);
    if (from) Object.keys(from).forEach(function (key) { map[key] = from[key]; });
    return map;
  }
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var sourceInfo = dict(data.sources);
  var I18N = window.kgI18n;
  function t(key) { return I18N.t.apply(null, arguments); }
  function term(value) { return I18N.term(data.terms, value); }
  /* How an actor is involved ("runs; pledge regarding"): each part by the ontology's @id labels, a commitment's as
   * its kind's label and its property's ("janji mengenai"). */
  function how(text) {
    return String(text).split("; ").map(function (part) {
      if (term(part) !== part) return term(part);
      var words = part.split(" ");
      for (var cut = 1; cut < words.length; cut++) {
        var head = words.slice(0, cut).join(" "), tail = words.slice(cut).join(" ");
        if (term(head) !== head && term(tail) !== tail) return term(head) + " " + term(tail);
      }
      return part;
    }).join("; ");
  }
  var SAFE_PAGE = /^(\.\.\/)?[A-Za-z0-9_.\/-]+\.html(#[A-Za-z0-9_-]+)?$/;

  function el(tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined && text !== null) element.textContent = String(text);
    if (className) element.className = className;
    return element;
  }
  function clear(element) { while (element.firstChild) element.removeChild(element.firstChild); }
  function fold(text) { return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); }
  function pageLink(path, text) {
    if (typeof path !== "string" || !SAFE_PAGE.test(path)) return el("span", text);
    var a = el("a", text);
    a.href = path;
    return a;
  }
  function row(dl, name, value, className) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", name));
    dl.appendChild(el("dd", value, className));
  }
  function score(value) { return Number(value).toFixed(1).replace(/\.0$/, ""); }
  function span(from, to, firstSeen, lastSeen) {
    var parts = [];
    if (from) parts.push(t("from", from));
    if (to) parts.push(t("until", to));
    if (firstSeen) parts.push(firstSeen === lastSeen || !lastSeen ? t("p.seen", firstSeen) : t("p.seen span", firstSeen, lastSeen));
    return parts.length ? parts.join(" · ") : t("no date");
  }

  /* A source as cited: title (a link to the article's view when the folder has it), ID, publisher, date, and the
   * exact words; the web address is text, never a link, so nothing leaves the folder. */
  function sourceBlock(entry) {
    var source = sourceInfo[entry.id] || {title: entry.id};
    var block = el("div", null, "source");
    block.appendChild(pageLink(source.page, source.title));
    block.appendChild(el("div", [entry.id, source.publisher || t("publisher not named"), source.date || t("no date")].join(" · "), "meta"));
    if (source.url) block.appendChild(el("div", source.url, "meta url"));
    if (entry.named && entry.quotes.length) block.appendChild(el("div", t("p.named"), "meta"));
    entry.quotes.forEach(function (q) { block.appendChild(el("blockquote", "“" + q + "”")); });
    if (!entry.quotes.length) block.appendChild(el("div", t("no evidence"), "meta"));
    return block;
  }
  function sources(parent, list) { (list || []).forEach(function (s) { parent.appendChild(sourceBlock(s)); }); }
  function status(value) { return el("span", term(value), "status status-" + String(value).replace(/[^a-z-]/g, "")); }
  function history(c) {
    return c.history.map(function (h) { return h.source + ": " + term(h.status) + " (" + (h.date || t("no date")) + ")"; }).join("; ");
  }
  /* The words as written (Indonesian, quoted), then the English summary, marked as English. */
  function wordsFirst(line, words, summary) {
    if (words && words.length) {
      line.appendChild(el("span", "“" + words[0] + "”", "words"));
      line.appendChild(document.createTextNode(" — "));
      var english = el("span", summary, "summary");
      english.lang = "en";
      english.title = t("p.in English");
      line.appendChild(english);
    } else {
      var only = el("span", summary, "summary");
      only.lang = "en";
      line.appendChild(only);
    }
    return line;
  }
  /* The same as one line of text, for a table cell: “words” — summary. */
  function wordsText(words, summary) { return words && words.length ? "“" + words[0] + "” — " + summary : summary; }

  function commitment(c, options) {
    var box = el("div", null, "item");
    box.setAttribute("data-commitment", c.id);
    var line = el("div", null, "what");
    line.appendChild(document.createTextNode(term(c.kind) + ": "));
    wordsFirst(line, c.words, c.what);
    line.appendChild(document.createTextNode(" — "));
    line.appendChild(status(c.status));
    box.appendChild(line);
    var dl = el("dl");
    if (options && options.by) row(dl, t("p.by"), c.byName);
    row(dl, t("p.to"), c.toNames);
    row(dl, t("p.regarding"), c.regardingNames);
    row(dl, t("p.made on"), c.madeOn || t("no date"));
    row(dl, t("p.due"), c.dueYear);
    row(dl, t("status"), term(c.status));
    row(dl, t("p.status history"), history(c));
    box.appendChild(dl);
    sources(box, c.sources);
    return box;
  }

  function section(parent, title, items, build) {
    if (!items.length) return;
    parent.appendChild(el("h4", title + " (" + items.length + ")"));
    items.forEach(function (item) { parent.appendChild(build(item)); });
  }
  function post(p) {
    var box = el("div", null, "item");
    box.appendChild(el("div", p.name + " — " + term(p.role), "what"));
    var dl = el("dl");
    row(dl, t("p.organisation"), p.organisation);
    row(dl, t("p.tenure"), p.acting ? term(p.tenure) + " (" + term("acting") + ")" : term(p.tenure), p.acting ? "acting" : null);
    row(dl, t("dates"), span(p.start, p.end, p.firstSeen, p.lastSeen));
    if (p.undated) row(dl, t("p.on the date"), p.onDate === "imprecise" ? t("p.imprecise") : t("p.undated"), "undated");
    row(dl, t("p.title as written"), p.titles);
    box.appendChild(dl);
    sources(box, p.sources);
    return box;
  }
  function disagreement(d) {
    var box = el("div", null, "item");
    box.appendChild(el("div", d.reason, "what"));
    var dl = el("dl");
    row(dl, t("p.kind"), term(d.kind));
    row(dl, t("p.raised by"), term(d.origin));
    row(dl, t("p.claims"), d.claims.join(", "));
    box.appendChild(dl);
    return box;
  }
  function statement(s) {
    var box = el("div", null, "item");
    box.appendChild(wordsFirst(el("div", null, "what"), s.words, s.summary));
    var dl = el("dl");
    row(dl, t("p.quoted"), term(s.quoteType));
    row(dl, t("p.in role"), term(s.role));
    row(dl, t("p.at event"), s.event);
    row(dl, t("p.date"), s.date || t("no date"));
    box.appendChild(dl);
    sources(box, s.sources);
    return box;
  }
  function involvement(i) {
    var box = el("div", null, "item");
    box.appendChild(el("div", i.name + " (" + how(i.how) + (i.date ? ", " + i.date : "") + ")", "what"));
    sources(box, i.sources);
    return box;
  }
  function reason(r) {
    var box = el("div", null, "item reason");
    box.appendChild(el("div", (r.points >= 0 ? "+" : "") + score(r.points) + "  " + I18N.pick(r.reason, r.reasonId), "what"));
    sources(box, r.sources);
    return box;
  }
  function override(o) {
    var box = el("div", null, "override-note");
    box.appendChild(el("div", t("p.placed", o.by, o.on), "what"));
    var dl = el("dl");
    row(dl, t("p.why"), o.why);
    row(dl, t("p.influence"), score(o.oldInfluence) + " → " + score(o.newInfluence));
    row(dl, t("p.interest"), score(o.oldInterest) + " → " + score(o.newInterest));
    box.appendChild(dl);
    return box;
  }
  function placement(a) {
    var text = t("p.placement", score(a.influence), score(a.interest));
    return a.overrides.length ? text + t("p.placement derived", score(a.shownInfluence), score(a.shownInterest)) : text;
  }

  /* An actor's facts and the evidence of its scores; `evidenceFirst` for the grid's panel. */
  function actorDetails(a, evidenceFirst) {
    var box = el("div", null, "actor-details");
    var evidence = function () {
      var influence = a.reasons.filter(function (r) { return r.score === "influence"; });
      var interest = a.reasons.filter(function (r) { return r.score === "interest"; });
      box.appendChild(el("h4", t("p.influence why", score(a.influence))));
      influence.forEach(function (r) { box.appendChild(reason(r)); });
      box.appendChild(el("h4", t("p.interest why", score(a.interest))));
      interest.forEach(function (r) { box.appendChild(reason(r)); });
      if (!interest.length) box.appendChild(el("p", t("p.no interest"), "hint"));
      a.overrides.slice().reverse().forEach(function (o) { box.appendChild(override(o)); });
    };
    if (evidenceFirst) evidence();
    var dl = el("dl");
    row(dl, t("also called"), a.aliases.join("; "));
    row(dl, t("p.organisations"), a.organisations.join("; "));
    row(dl, t("regions"), a.regions.join("; "));
    row(dl, t("sources"), t("independent", a.sources.length, a.independentSources));
    row(dl, t("p.first seen"), a.firstSeen || t("no date"));
    row(dl, t("p.last seen"), a.lastSeen || t("no date"));
    box.appendChild(dl);
    section(box, t("p.posts"), a.posts, post);
    section(box, t("p.pledges"), a.pledges, function (c) { return commitment(c); });
    section(box, t("p.requests made"), a.requestsMade, function (c) { return commitment(c); });
    section(box, t("p.requests received"), a.requestsReceived, function (c) { return commitment(c, {by: true}); });
    section(box, t("p.statements"), a.statements, statement);
    section(box, t("p.involvements"), a.involvements, involvement);
    // Sources that disagree about the actor (or a claim that cannot be true): every side is kept.
    section(box, t("p.disagreements"), a.disagreements || [], disagreement);
    if (!evidenceFirst) evidence();
    if (a.page) box.appendChild(pageLink(a.page, t("p.open", a.name)));
    return box;
  }

  /* A table from rows: columns sort on a click (numbers descending first), filters hide rows, and a row's first
   * cell opens its details (built on first opening). */
  function sheet(options) {
    var table = document.getElementById("sheet"), head = table.tHead, body = table.tBodies[0];
    var counts = document.getElementById("counts"), entries = [];
    var headRow = el("tr");
    options.columns.forEach(function (column, i) {
      var th = el("th"), button = el("button", column.label);
      button.type = "button";
      button.addEventListener("click", function () { sortBy(i); });
      th.appendChild(button);
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    options.rows.forEach(function (item) {
      var tr = el("tr", null, "row"), details = el("tr", null, "details"), cell = el("td");
      tr.setAttribute("data-id", item.id);
      details.hidden = true;
      cell.colSpan = options.columns.length;
      details.appendChild(cell);
      options.columns.forEach(function (column, i) {
        var td = el("td", null, column.numeric ? "number" : null), text = column.text(item);
        if (i === 0) {
          var toggle = el("button", "▸ ", "toggle");
          if (column.cell) column.cell(toggle, item); else toggle.appendChild(document.createTextNode(text));
          toggle.type = "button";
          toggle.setAttribute("aria-expanded", "false");
          toggle.addEventListener("click", function () { open(entry, details.hidden); });
          td.appendChild(toggle);
        } else if (column.cell) {
          column.cell(td, item);  // built of elements: e.g. the words as written, then the English summary marked so
        } else {
          td.textContent = text;
        }
        tr.appendChild(td);
      });
      var entry = {item: item, tr: tr, details: details, cell: cell, built: false, search: fold(options.search(item))};
      entries.push(entry);
      body.appendChild(tr);
      body.appendChild(details);
    });
    function open(entry, show) {
      if (show && !entry.built) { entry.cell.appendChild(options.details(entry.item)); entry.built = true; }
      entry.details.hidden = !show || entry.tr.hidden;
      var toggle = entry.tr.querySelector("button.toggle");
      toggle.setAttribute("aria-expanded", String(show));
      toggle.firstChild.textContent = show ? "▾ " : "▸ ";
    }
    var sorted = {index: -1, descending: false};
    function sortBy(i) {
      var column = options.columns[i];
      sorted.descending = sorted.index === i ? !sorted.descending : !!column.numeric;
      sorted.index = i;
      var key = column.sort || column.text;
      entries.sort(function (a, b) {
        var x = key(a.item), y = key(b.item);
        var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return (sorted.descending ? -order : order) || String(a.item.id).localeCompare(String(b.item.id));
      });
      entries.forEach(function (entry) { body.appendChild(entry.tr); body.appendChild(entry.details); });
      Array.prototype.forEach.call(head.querySelectorAll("th"), function (th, j) {
        if (j === i) th.setAttribute("aria-sort", sorted.descending ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      });
    }
    function apply() {
      var shown = 0, text = fold(document.getElementById("text-filter").value);
      entries.forEach(function (entry) {
        var on = (!text || entry.search.indexOf(text) >= 0) &&
                 options.filters.every(function (f) { return f(entry.item); });
        entry.tr.hidden = !on;
        entry.details.hidden = !on || entry.tr.querySelector("button.toggle").getAttribute("aria-expanded") !== "true";
        if (on) shown += 1;
      });
      counts.textContent = t("p.counts", shown, entries.length, options.noun);
    }
    document.getElementById("text-filter").addEventListener("input", apply);
    apply();
    return {
      apply: apply,
      open: function (id) {
        var entry = entries.filter(function (e) { return e.item.id === id; })[0];
        if (entry) { open(entry, true); entry.tr.scrollIntoView({block: "start"}); }
        return !!entry;
      },
      shown: function () { return entries.filter(function (e) { return !e.tr.hidden; }).map(function (e) { return e.item.id; }); }
    };
  }

  /* A <select> filter: options as text, and a redraw on change. */
  function selectFilter(id, options, onChange) {
    var select = document.getElementById(id);
    options.forEach(function (o) {
      var option = el("option", o.label);
      option.value = o.id;
      select.appendChild(option);
    });
    select.addEventListener("change", onChange);
    return select;
  }
  function drawn() { document.body.setAttribute("data-drawn", ""); }  // for tests to wait on, without eval

  window.kgPack = {data: data, t: t, term: term, wordsText: wordsText, wordsFirst: wordsFirst, dict: dict, el: el, clear: clear, fold: fold, pageLink: pageLink, row: row, score: score,
                   sourceBlock: sourceBlock, commitment: commitment, history: history, status: status,
                   actorDetails: actorDetails, placement: placement, sheet: sheet, selectFilter: selectFilter,
                   drawn: drawn};
})();
