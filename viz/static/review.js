/* The review page of a draft (viz/review.py): the article with every drafted span highlighted, the records beside it.
 *
 * Everything from the article and the draft goes into the page through textContent, never as markup. A span of
 * text covered by several quotes (a name inside a longer quote) is one <mark> per stretch between boundaries,
 * listing every quote and record that covers it, so each quote is exactly the text of its marks.
 * Clicking a record marks its quotes and scrolls the first into view; clicking marked words selects the records
 * whose quotes cover them and scrolls to the first.
 */
(function () {
  "use strict";
  var t = window.kgI18n.t;
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var text = data.text;
  var marksOf = Object.create(null), cardOf = Object.create(null), spanMarks = Object.create(null);
  var spans = [];  // {id, start, end, key}

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = String(content);
    return node;
  }

  data.sections.forEach(function (section) {
    section.records.forEach(function (record) {
      record.evidence.forEach(function (evidence, index) {
        if (evidence.state !== "ok") return;
        evidence.span = "s" + spans.length;
        spans.push({id: evidence.span, start: evidence.from, end: evidence.to, key: record.key, index: index});
      });
    });
  });

  /* The article: cut at every start and end, each stretch covered by a quote a <mark> naming its quotes and records. */
  function drawText() {
    var box = document.getElementById("text"), bounds = [0, text.length], at = Object.create(null);
    spans.forEach(function (span) { bounds.push(span.start, span.end); });
    bounds = Array.from(new Set(bounds)).sort(function (a, b) { return a - b; });
    spans.forEach(function (span) {
      (at[span.start] = at[span.start] || {open: [], close: []}).open.push(span);
      (at[span.end] = at[span.end] || {open: [], close: []}).close.push(span);
    });
    var active = Object.create(null), fragment = document.createDocumentFragment();
    for (var i = 0; i < bounds.length - 1; i++) {
      var here = at[bounds[i]];
      if (here) {
        here.close.forEach(function (span) { delete active[span.id]; });
        here.open.forEach(function (span) { active[span.id] = span; });
      }
      var piece = text.slice(bounds[i], bounds[i + 1]), covering = Object.keys(active).map(function (id) {
        return active[id];
      });
      if (!piece) continue;
      if (!covering.length) { fragment.appendChild(document.createTextNode(piece)); continue; }
      var mark = element("mark", "hl", piece), keys = [];
      covering.forEach(function (span) {
        if (keys.indexOf(span.key) < 0) keys.push(span.key);
        (spanMarks[span.id] = spanMarks[span.id] || []).push(mark);
      });
      keys.forEach(function (key) { (marksOf[key] = marksOf[key] || []).push(mark); });
      if (keys.length > 1) mark.classList.add("multi");
      mark.dataset.spans = covering.map(function (span) { return span.id; }).join(" ");
      mark.dataset.records = keys.join(" ");
      mark.addEventListener("click", function (event) { selectRecords(event.currentTarget.dataset.records.split(" ")); });
      fragment.appendChild(mark);
    }
    box.appendChild(fragment);
  }

  function clear() {
    Array.prototype.forEach.call(document.querySelectorAll("mark.active, mark.focus"), function (mark) {
      mark.classList.remove("active", "focus");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".card.selected"), function (card) {
      card.classList.remove("selected");
      card.querySelector("button.head").setAttribute("aria-pressed", "false");
    });
  }

  function mark(keys) {
    keys.forEach(function (key) {
      (marksOf[key] || []).forEach(function (node) { node.classList.add("active"); });
      var card = cardOf[key];
      if (card) {
        card.classList.add("selected");
        card.querySelector("button.head").setAttribute("aria-pressed", "true");
      }
    });
  }

  /* A record chosen in the list: its quotes marked, the first (or `span`) scrolled into the middle of the article. */
  function selectRecord(key, span) {
    clear();
    mark([key]);
    var marks = span ? spanMarks[span] || [] : marksOf[key] || [];
    marks.forEach(function (node) { node.classList.add("focus"); });
    if (marks.length) marks[0].scrollIntoView({block: "center"});
    document.body.dataset.selected = key;
  }

  /* Marked words chosen in the article: every record whose quote covers them, the first scrolled into view. */
  function selectRecords(keys) {
    clear();
    mark(keys);
    var first = document.querySelector(".card.selected");  // the first in the list's order
    if (first) first.scrollIntoView({block: "nearest"});
    document.body.dataset.selected = keys.join(" ");
  }

  function confidenceClass(value) {
    var number = parseFloat(value);
    if (isNaN(number)) return "";
    return number >= 0.8 ? "high" : number >= 0.5 ? "mid" : "low";
  }

  function card(record) {
    var box = element("article", "card" + (record.candidate ? " candidate" : " accepted"));
    box.dataset.key = record.key;
    cardOf[record.key] = box;
    var head = element("button", "head");
    head.type = "button";
    head.setAttribute("aria-pressed", "false");
    head.appendChild(element("span", "heading", record.heading));
    head.appendChild(element("span", "line", t("review.line", record.line)));
    head.addEventListener("click", function () { selectRecord(record.key); });
    box.appendChild(head);
    var badge = element("p", "badge");
    if (record.candidate) {
      badge.appendChild(element("span", "rule", t("review.rule") + " " + record.candidate.rule));
      badge.appendChild(element("span", "confidence " + confidenceClass(record.candidate.confidence),
                                t("review.confidence") + " " + record.candidate.confidence));
    } else {
      badge.appendChild(element("span", "ok", t("review.accepted")));
    }
    box.appendChild(badge);
    var fields = element("dl", "fields");
    record.fields.forEach(function (pair) {
      fields.appendChild(element("dt", "", pair[0]));
      fields.appendChild(element("dd", "", pair[1]));
    });
    if (record.fields.length) box.appendChild(fields);
    var list = element("ol", "evidence");
    record.evidence.forEach(function (evidence) {
      var item = element("li", "quote " + evidence.state);
      item.appendChild(element("q", "", evidence.quote));
      if (evidence.state === "ok") {
        item.appendChild(element("span", "where", " " + evidence.start + "–" + evidence.end));
        item.tabIndex = 0;
        item.addEventListener("click", function () { selectRecord(record.key, evidence.span); });
      } else {
        var values = evidence.state === "elsewhere" ? [evidence.source] : [evidence.start, evidence.end];
        item.appendChild(element("span", "problem", " " + t.apply(null, ["review.state." + evidence.state].concat(values))));
      }
      list.appendChild(item);
    });
    if (!record.evidence.length) list.appendChild(element("li", "quote none", t("review.no evidence")));
    box.appendChild(list);
    return box;
  }

  function drawRecords() {
    var groups = document.getElementById("groups"), candidates = 0, total = 0;
    data.sections.forEach(function (section) {
      var group = element("section", "group");
      group.dataset.section = section.name;
      var title = element("h3", "");
      title.appendChild(element("code", "", section.name + ":"));
      title.appendChild(document.createTextNode(" " + t("review.section", section.records.length)));
      group.appendChild(title);
      section.records.forEach(function (record) {
        total += 1;
        if (record.candidate) candidates += 1;
        group.appendChild(card(record));
      });
      groups.appendChild(group);
    });
    if (!total) groups.appendChild(element("p", "hint", t("review.none")));
    document.getElementById("counts").textContent = t("review.counts", candidates, total);
  }

  drawText();
  drawRecords();
  document.body.dataset.drawn = "1";
})();
