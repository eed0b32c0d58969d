/* Shared by the stakeholder pages (register, grid, tracker): reads the page's inert JSON (id "kg-data")
 * and offers what the page scripts build with: elements filled with textContent only (never innerHTML),
 * links only to the folder's own pages (paths Python wrote, checked again here), source blocks with
 * publisher, date and the words of the evidence, an actor's facts, and a sortable, filterable table
 * whose rows open on their details. Tests read window.kgPack.
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
    if (from) parts.push("from " + from);
    if (to) parts.push("until " + to);
    if (firstSeen) parts.push(firstSeen === lastSeen || !lastSeen ? "seen " + firstSeen : "seen " + firstSeen + " to " + lastSeen);
    return parts.length ? parts.join(" · ") : "no date";
  }

  /* A source as cited: title (a link to the article's view when the folder has it), ID, publisher, date, and the
   * exact words; the web address is text, never a link, so nothing leaves the folder. */
  function sourceBlock(entry) {
    var source = sourceInfo[entry.id] || {title: entry.id};
    var block = el("div", null, "source");
    block.appendChild(pageLink(source.page, source.title));
    block.appendChild(el("div", [entry.id, source.publisher || "publisher not named", source.date || "no date"].join(" · "), "meta"));
    if (source.url) block.appendChild(el("div", source.url, "meta url"));
    if (entry.named && entry.quotes.length) block.appendChild(el("div", "where the article names them:", "meta"));
    entry.quotes.forEach(function (q) { block.appendChild(el("blockquote", "“" + q + "”")); });
    if (!entry.quotes.length) block.appendChild(el("div", "no evidence span recorded", "meta"));
    return block;
  }
  function sources(parent, list) { (list || []).forEach(function (s) { parent.appendChild(sourceBlock(s)); }); }
  function status(value) { return el("span", value, "status status-" + String(value).replace(/[^a-z-]/g, "")); }
  function history(c) {
    return c.history.map(function (h) { return h.source + ": " + h.status + " (" + (h.date || "no date") + ")"; }).join("; ");
  }

  function commitment(c, options) {
    var box = el("div", null, "item");
    box.setAttribute("data-commitment", c.id);
    var line = el("div", null, "what");
    line.appendChild(document.createTextNode(c.kind + ": " + c.what + " — "));
    line.appendChild(status(c.status));
    box.appendChild(line);
    var dl = el("dl");
    if (options && options.by) row(dl, "by", c.byName);
    row(dl, "to", c.toNames);
    row(dl, "regarding", c.regardingNames);
    row(dl, "made on", c.madeOn || "no date");
    row(dl, "due", c.dueYear);
    row(dl, "status", c.status);
    row(dl, "status history", history(c));
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
    box.appendChild(el("div", p.name + " — " + p.role, "what"));
    var dl = el("dl");
    row(dl, "organisation", p.organisation);
    row(dl, "tenure", p.acting ? p.tenure + " (acting)" : p.tenure, p.acting ? "acting" : null);
    row(dl, "dates", span(p.start, p.end, p.firstSeen, p.lastSeen));
    if (p.undated) row(dl, "on the session's date", p.onDate === "imprecise"
      ? "imprecise: the sources date it too coarsely to tell, so it may or may not hold"
      : "undated: no source says when, so it may or may not hold", "undated");
    row(dl, "title as written", p.titles);
    box.appendChild(dl);
    sources(box, p.sources);
    return box;
  }
  function disagreement(d) {
    var box = el("div", null, "item");
    box.appendChild(el("div", d.reason, "what"));
    var dl = el("dl");
    row(dl, "kind", d.kind);
    row(dl, "raised by", d.origin);
    row(dl, "claims", d.claims.join(", "));
    box.appendChild(dl);
    return box;
  }
  function statement(s) {
    var box = el("div", null, "item");
    box.appendChild(el("div", s.summary, "what"));
    var dl = el("dl");
    row(dl, "quoted", s.quoteType);
    row(dl, "in role", s.role);
    row(dl, "at event", s.event);
    row(dl, "date", s.date || "no date");
    box.appendChild(dl);
    sources(box, s.sources);
    return box;
  }
  function involvement(i) {
    var box = el("div", null, "item");
    box.appendChild(el("div", i.name + " (" + i.how + (i.date ? ", " + i.date : "") + ")", "what"));
    sources(box, i.sources);
    return box;
  }
  function reason(r) {
    var box = el("div", null, "item reason");
    box.appendChild(el("div", (r.points >= 0 ? "+" : "") + score(r.points) + "  " + r.reason, "what"));
    sources(box, r.sources);
    return box;
  }
  function override(o) {
    var box = el("div", null, "override-note");
    box.appendChild(el("div", "Placed by a facilitator: " + o.by + ", " + o.on, "what"));
    var dl = el("dl");
    row(dl, "why", o.why);
    row(dl, "influence", score(o.oldInfluence) + " → " + score(o.newInfluence));
    row(dl, "interest", score(o.oldInterest) + " → " + score(o.newInterest));
    box.appendChild(dl);
    return box;
  }
  function placement(a) {
    var text = "influence " + score(a.influence) + " · interest " + score(a.interest);
    return a.overrides.length ? text + " (derived; shown at " + score(a.shownInfluence) + " · " +
                                score(a.shownInterest) + ")" : text;
  }

  /* An actor's facts and the evidence of its scores; `evidenceFirst` for the grid's panel. */
  function actorDetails(a, evidenceFirst) {
    var box = el("div", null, "actor-details");
    var evidence = function () {
      var influence = a.reasons.filter(function (r) { return r.score === "influence"; });
      var interest = a.reasons.filter(function (r) { return r.score === "interest"; });
      box.appendChild(el("h4", "Influence " + score(a.influence) + ": why"));
      influence.forEach(function (r) { box.appendChild(reason(r)); });
      box.appendChild(el("h4", "Interest " + score(a.interest) + ": why"));
      interest.forEach(function (r) { box.appendChild(reason(r)); });
      if (!interest.length) box.appendChild(el("p", "no pledge, request, support, programme or event on record", "hint"));
      a.overrides.slice().reverse().forEach(function (o) { box.appendChild(override(o)); });
    };
    if (evidenceFirst) evidence();
    var dl = el("dl");
    row(dl, "also called", a.aliases.join("; "));
    row(dl, "organisations", a.organisations.join("; "));
    row(dl, "regions", a.regions.join("; "));
    row(dl, "sources", a.sources.length + " (independent: " + a.independentSources + ")");
    row(dl, "first seen", a.firstSeen || "no date");
    row(dl, "last seen", a.lastSeen || "no date");
    box.appendChild(dl);
    section(box, "Posts", a.posts, post);
    section(box, "Pledges and proposals", a.pledges, function (c) { return commitment(c); });
    section(box, "Requests made", a.requestsMade, function (c) { return commitment(c); });
    section(box, "Requests received", a.requestsReceived, function (c) { return commitment(c, {by: true}); });
    section(box, "Statements", a.statements, statement);
    section(box, "Programmes, supports and events", a.involvements, involvement);
    // Sources that disagree about the actor (or a claim that cannot be true): every side is kept.
    section(box, "Disagreements", a.disagreements || [], disagreement);
    if (!evidenceFirst) evidence();
    if (a.page) box.appendChild(pageLink(a.page, "open the network view of " + a.name));
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
          var toggle = el("button", "▸ " + text, "toggle");
          toggle.type = "button";
          toggle.setAttribute("aria-expanded", "false");
          toggle.addEventListener("click", function () { open(entry, details.hidden); });
          td.appendChild(toggle);
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
      toggle.firstChild.textContent = (show ? "▾ " : "▸ ") + options.columns[0].text(entry.item);
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
      counts.textContent = "Showing " + shown + " of " + entries.length + " " + options.noun + ".";
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

  window.kgPack = {data: data, dict: dict, el: el, clear: clear, fold: fold, pageLink: pageLink, row: row, score: score,
                   sourceBlock: sourceBlock, commitment: commitment, history: history, status: status,
                   actorDetails: actorDetails, placement: placement, sheet: sheet, selectFilter: selectFilter,
                   drawn: drawn};
})();
