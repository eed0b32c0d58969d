/* Succession per post (viz/succession.py): for each post of the page, who holds it by the latest date the sources
 * give, who held it before, who cannot be placed in time; a timeline drawn in SVG, one lane per holder and tenure;
 * and a table of every sighting with its source and the exact words. A sighting is drawn only where a source
 * places it: on its own date ("dated"), as "on or before" its article's publication date ("bounded"), or beside the
 * axis ("undated"), never on a guessed date. Every text goes in as textContent; links only to the site's pages.
 * Indonesian first, English beside it in elements of class "en". */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var L = data.labels || {}, NS = "http://www.w3.org/2000/svg";
  var SAFE_PAGE = /^(\.\.\/)*[A-Za-z0-9_.\/-]+\.html(#[A-Za-z0-9_-]+)?$/;
  var sources = Object.create(null);
  Object.keys(data.sources || {}).forEach(function (key) { sources[key] = data.sources[key]; });

  function el(tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined && text !== null) element.textContent = String(text);
    if (className) element.className = className;
    return element;
  }
  function svg(tag, attrs, text) {
    var element = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (name) { element.setAttribute(name, String(attrs[name])); });
    if (text !== undefined && text !== null) element.textContent = String(text);
    return element;
  }
  function link(path, text) {
    if (typeof path !== "string" || !SAFE_PAGE.test(path)) return el("span", text);
    var a = el("a", text);
    a.href = path;
    return a;
  }
  /* Indonesian text, then the English beside it. */
  function both(parent, id, en) {
    parent.appendChild(document.createTextNode(id));
    if (en && en !== id) {
      parent.appendChild(document.createTextNode(" "));
      var span = el("span", en, "en");
      span.lang = "en";
      parent.appendChild(span);
    }
    return parent;
  }
  function label(name) { return L[name] || {id: name, en: name}; }
  function day(entry, lang) { return entry ? entry[lang || "id"] : null; }
  function time(entry) { return Date.parse(entry.iso + "T00:00:00Z"); }

  function sightingDates(s) {
    return [s.start, s.observed, s.end].filter(function (d) { return d; });
  }
  function lastDated(holder) {
    var found = null;
    holder.sightings.forEach(function (s) {
      sightingDates(s).forEach(function (d) { if (!found || d.iso > found.iso) found = d; });
    });
    return found;
  }
  function lastBound(holder) {
    var found = null;
    holder.sightings.forEach(function (s) { if (s.bound && (!found || s.bound.iso > found.iso)) found = s.bound; });
    return found;
  }
  function sourcesOn(holder, entry) {
    return holder.sightings.filter(function (s) {
      return sightingDates(s).concat(s.bound ? [s.bound] : []).some(function (d) { return d.iso === entry.iso; });
    }).map(function (s) { return s.source; });
  }
  function holderName(parent, holder) {
    parent.appendChild(link(holder.page, holder.name));
    var tenure = el("span", " (" + holder.tenureLabel.id + ")", holder.acting ? "acting" : "tenure");
    parent.appendChild(tenure);
    return parent;
  }

  /* "Who holds it now, and who before": by the latest date the sources give; undated holders are said to be so. */
  function summary(post) {
    var box = el("div", null, "summary");
    var placed = post.holders.filter(function (h) { return h.last; });
    var undated = post.holders.filter(function (h) { return !h.last; });
    if (placed.length) {
      var now = el("p", null, "now");
      now.appendChild(both(el("strong"), "Terakhir diketahui menjabat:", "Last known holder:"));
      now.appendChild(document.createTextNode(" "));
      var latest = placed.filter(function (h) { return h.last.iso === placed[0].last.iso; });
      latest.forEach(function (h, i) {
        if (i) now.appendChild(document.createTextNode("; "));
        holderName(now, h);
        now.appendChild(document.createTextNode(" — " + when(h) + " [" + sourcesOn(h, h.last).join(", ") + "]"));
      });
      if (latest.length > 1) now.appendChild(both(el("span", null, "hint"), " — lebih dari satu orang pada tanggal yang sama",
                                                  "more than one person on the same date"));
      box.appendChild(now);
      var before = placed.slice(latest.length);
      var line = el("p", null, "before");
      line.appendChild(both(el("strong"), "Sebelumnya:", "Before:"));
      line.appendChild(document.createTextNode(" "));
      if (!before.length) both(line, "tidak ada pemegang bertanggal lain.", "no other dated holder.");
      before.forEach(function (h, i) {
        if (i) line.appendChild(document.createTextNode("; "));
        holderName(line, h);
        line.appendChild(document.createTextNode(" — " + when(h) + " [" + sourcesOn(h, h.last).join(", ") + "]"));
      });
      box.appendChild(line);
    }
    if (undated.length) {
      var rest = el("p", null, "unordered");
      rest.appendChild(both(el("strong"), "Tanpa tanggal, tidak dapat diurutkan:", "Undated, cannot be placed in order:"));
      rest.appendChild(document.createTextNode(" "));
      undated.forEach(function (h, i) {
        if (i) rest.appendChild(document.createTextNode("; "));
        holderName(rest, h);
        rest.appendChild(document.createTextNode(" [" + h.sources.join(", ") + "]"));
      });
      box.appendChild(rest);
    }
    return box;
  }
  function when(holder) {
    var dated = lastDated(holder), bound = lastBound(holder);
    if (dated && (!bound || dated.iso >= bound.iso)) return "terakhir terlihat " + dated.id;
    return "paling lambat " + bound.id;
  }

  /* The timeline: one lane per holder and tenure, the axis over every date the sources give. */
  function timeline(post, width) {
    var lanes = post.holders, rowHeight = 60, left = Math.min(320, Math.round(width * 0.28)), side = 150;
    var axisLeft = left + 16, axisRight = width - side - 24, top = 12;
    var height = top + lanes.length * rowHeight + 52;
    var root = svg("svg", {width: width, height: height, viewBox: "0 0 " + width + " " + height, "class": "timeline",
                           role: "img"});
    root.setAttribute("aria-label", "garis waktu " + post.name);
    var days = [];
    lanes.forEach(function (h) {
      h.sightings.forEach(function (s) { days = days.concat(sightingDates(s)); if (s.bound) days.push(s.bound); });
    });
    var times = days.map(time), low = Math.min.apply(null, times), high = Math.max.apply(null, times);
    var dayMs = 86400000, pad = Math.max((high - low) * 0.08, 45 * dayMs);
    if (!times.length) { low = 0; high = 1; pad = 0; }
    low -= pad; high += pad;
    function x(entry) { return axisLeft + (time(entry) - low) / (high - low) * (axisRight - axisLeft); }
    var axisY = top + lanes.length * rowHeight + 6;
    root.appendChild(svg("line", {x1: axisLeft, x2: axisRight, y1: axisY, y2: axisY, "class": "axis"}));
    root.appendChild(svg("line", {x1: axisRight + 12, x2: axisRight + 12, y1: top, y2: axisY, "class": "divider"}));
    var undatedTitle = svg("text", {x: axisRight + 24, y: axisY + 24, "class": "tick"}, "tanpa tanggal");
    root.appendChild(undatedTitle);
    if (times.length) {
      var start = new Date(low), end = new Date(high), span = (high - low) / dayMs;
      var step = span > 1500 ? 12 : span > 700 ? 6 : span > 300 ? 3 : 1;
      var tick = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
      while (tick.getUTCMonth() % step) tick = new Date(Date.UTC(tick.getUTCFullYear(), tick.getUTCMonth() + 1, 1));
      for (; tick < end; tick = new Date(Date.UTC(tick.getUTCFullYear(), tick.getUTCMonth() + step, 1))) {
        var iso = tick.toISOString().slice(0, 7), tx = x({iso: iso + "-01"});
        root.appendChild(svg("line", {x1: tx, x2: tx, y1: top, y2: axisY + 6, "class": "grid-line"}));
        root.appendChild(svg("text", {x: tx, y: axisY + 24, "text-anchor": "middle", "class": "tick"}, iso));
      }
    } else {
      root.appendChild(svg("text", {x: (axisLeft + axisRight) / 2, y: axisY - 10, "text-anchor": "middle", "class": "tick"},
                           window.kgI18n && window.kgI18n.lang === "en" ? "no dates in the sources"
                                                                          : "tidak ada tanggal dari sumber"));
    }
    lanes.forEach(function (h, i) {
      var y = top + i * rowHeight + rowHeight / 2, group = svg("g", {"class": "lane" + (h.acting ? " acting" : ""),
                                                                      "data-person": h.person, "data-tenure": h.tenure});
      var name = svg("text", {x: left, y: y, "text-anchor": "end", "dominant-baseline": "central", "class": "name"});
      name.appendChild(svg("tspan", {}, h.name));
      name.appendChild(svg("tspan", {"class": "tenure"}, " " + (h.acting ? h.tenure : h.tenureLabel.id)));
      group.appendChild(name);
      var dated = [];
      h.sightings.forEach(function (s) { dated = dated.concat(sightingDates(s)); });
      if (dated.length > 1) {
        var xs = dated.map(x);
        group.appendChild(svg("line", {x1: Math.min.apply(null, xs), x2: Math.max.apply(null, xs), y1: y, y2: y,
                                       "class": "held"}));
      }
      var undatedCount = 0;
      h.sightings.forEach(function (s) {
        var tip = s.source + " · " + (s.title || "") ;
        if (s.state === "dated") {
          sightingDates(s).forEach(function (d) {
            var mark = svg("circle", {cx: x(d), cy: y, r: 8, "class": "mark dated", "data-source": s.source,
                                      "data-date": d.iso});
            mark.appendChild(svg("title", {}, tip + " · " + d.id + (s.basis ? " · " + s.basis.id : "")));
            group.appendChild(mark);
            group.appendChild(svg("text", {x: x(d), y: y + 24, "text-anchor": "middle", "class": "source-id"}, s.source));
          });
        } else if (s.state === "bounded") {
          var bx = x(s.bound);
          group.appendChild(svg("line", {x1: Math.max(axisLeft, bx - 70), x2: bx, y1: y, y2: y, "class": "bound"}));
          var stop = svg("line", {x1: bx, x2: bx, y1: y - 10, y2: y + 10, "class": "mark bounded",
                                  "data-source": s.source, "data-date": s.bound.iso});
          stop.appendChild(svg("title", {}, tip + " · paling lambat " + s.bound.id));
          group.appendChild(stop);
          group.appendChild(svg("text", {x: bx, y: y + 26, "text-anchor": "middle", "class": "source-id"}, "≤ " + s.source));
        } else {
          var ux = axisRight + 36 + undatedCount * 44;
          undatedCount += 1;
          var ring = svg("circle", {cx: ux, cy: y, r: 8, "class": "mark undated", "data-source": s.source});
          ring.appendChild(svg("title", {}, tip + " · tanpa tanggal"));
          group.appendChild(ring);
          group.appendChild(svg("text", {x: ux, y: y + 24, "text-anchor": "middle", "class": "source-id"}, s.source));
        }
      });
      root.appendChild(group);
    });
    return root;
  }

  function heading(tr, name) {
    var th = el("th");
    both(th, label(name).id, label(name).en);
    tr.appendChild(th);
  }
  function dateCell(s) {
    var td = el("td", null, "date " + s.state);
    var lines = [["observed", s.observed], ["start", s.start], ["end", s.end]];
    lines.forEach(function (pair) {
      if (!pair[1]) return;
      var line = el("div");
      both(line, label(pair[0]).id + " " + pair[1].id, label(pair[0]).en + " " + pair[1].en);
      td.appendChild(line);
    });
    if (s.state === "bounded") {
      both(td, "tanpa tanggal; paling lambat " + s.bound.id + " (tanggal terbit artikel)",
           "no date; on or before " + s.bound.en + " (the article's publication date)");
    } else if (s.state === "imprecise") {
      both(td, "tanggal tidak tepat: " + s.imprecise, "imprecise date: " + s.imprecise);
    } else if (s.state === "undated") {
      both(td, "tanpa tanggal", "no date: the source does not say when");
    }
    if (s.basis) td.appendChild(both(el("div", null, "hint"), label("basis").id + ": " + s.basis.id, s.basis.en));
    if (s.event) {
      var event = el("div", null, "hint");
      event.appendChild(document.createTextNode(label("event").id + ": "));
      event.appendChild(link(s.eventPage, s.event));
      td.appendChild(event);
    }
    return td;
  }
  function sourceCell(s) {
    var td = el("td", null, "source-cell"), info = sources[s.source] || {title: s.source};
    td.appendChild(link(info.page, info.title));
    td.appendChild(el("div", [s.source, info.publisher || "penerbit tidak disebut",
                              info.date ? info.date.id : "tanpa tanggal terbit"].join(" · "), "meta"));
    s.quotes.forEach(function (q) { td.appendChild(el("blockquote", "“" + q + "”")); });
    if (!s.quotes.length) td.appendChild(el("div", "tidak ada kutipan bukti · no evidence span", "meta"));
    return td;
  }
  function table(post) {
    var t = el("table", null, "sightings"), head = el("tr");
    ["person", "tenure", "observed", "title", "source"].forEach(function (name) { heading(head, name); });
    head.children[2].textContent = "";
    both(head.children[2], "tanggal", "date");
    var thead = el("thead");
    thead.appendChild(head);
    t.appendChild(thead);
    var body = el("tbody");
    post.holders.forEach(function (h) {
      h.sightings.forEach(function (s) {
        var tr = el("tr", null, s.flags.length ? "flagged" : null);
        tr.setAttribute("data-person", h.person);
        tr.setAttribute("data-source", s.source);
        tr.setAttribute("data-state", s.state);
        var who = el("td");
        who.appendChild(link(h.page, h.name));
        tr.appendChild(who);
        var tenure = el("td", null, h.acting ? "acting" : null);
        both(tenure, h.tenureLabel.id, h.tenureLabel.en);
        tr.appendChild(tenure);
        tr.appendChild(dateCell(s));
        tr.appendChild(el("td", s.title || ""));
        tr.appendChild(sourceCell(s));
        body.appendChild(tr);
      });
    });
    t.appendChild(body);
    return t;
  }

  function postSection(post, width) {
    var section = el("section", null, "post");
    section.setAttribute("data-post", post.id);
    var title = el("h2");
    title.appendChild(data.posts.length > 1 ? link(post.page, post.name) : el("span", post.name));
    section.appendChild(title);
    var where = el("p", null, "hint");
    var postWord = label("post").id;
    both(where, postWord.charAt(0).toUpperCase() + postWord.slice(1) + " di " + label("organisation").id + ":", label("post").en + " in " + label("organisation").en + ":");
    where.appendChild(document.createTextNode(" "));
    where.appendChild(link(post.organisationPage, post.organisationName || ""));
    if (data.posts.length === 1 && post.organisationSuccession) {
      where.appendChild(document.createTextNode(" · "));
      where.appendChild(link(post.organisationSuccession, "semua jabatannya"));
      var en = el("span", "all its posts", "en");
      en.lang = "en";
      where.appendChild(document.createTextNode(" "));
      where.appendChild(en);
    }
    section.appendChild(where);
    section.appendChild(summary(post));
    section.appendChild(timeline(post, width));
    post.flags.forEach(function (f) {
      var note = el("p", null, "flag-note");
      both(note, "⚑ " + label("flag").id + " (" + f.id + "): ", label("flag").en + ":");
      note.appendChild(document.createTextNode(" " + f.reason));
      section.appendChild(note);
    });
    section.appendChild(table(post));
    return section;
  }

  var container = document.getElementById("posts");
  var width = Math.max(640, Math.round(container.getBoundingClientRect().width || 1200));
  data.posts.forEach(function (post) { container.appendChild(postSection(post, width)); });
  window.kgSuccession = {data: data};
  document.body.setAttribute("data-drawn", "");
})();
