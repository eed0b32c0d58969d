/* The kg view script, the same for every page: it reads the page's inert JSON (id "kg-data"),
 * draws it with vis-network at the positions computed in Python (physics off), and wires the
 * search, the legend and filters, the date control, neighbour highlighting and the side panel.
 *
 * Safety: every text from the facts reaches the page through textContent or an <option>'s text,
 * never through innerHTML; nodes have no vis "title", so vis never builds an HTML tooltip; links
 * only ever point at the site's own pages, whose paths Python wrote and which are checked again
 * here. Tests read window.kgViz = {network, nodes, edges, ...}.
 */
(function () {
  "use strict";

  /* Every map keyed by an ID or a name has no prototype: an entity may be called "constructor",
   * "__proto__" or "toString", which on a plain object would find Object.prototype's members. */
  function dict(from) {
    var map = Object.create(null);
    if (from) Object.keys(from).forEach(function (key) { map[key] = from[key]; });
    return map;
  }
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var t = window.kgI18n.t, pick = window.kgI18n.pick, relationLabels = dict(data.relationLabels);
  function rel(relation) { return pick(relation, relationLabels[relation]); }  // a relation's name, @id when known
  var nodeInfo = dict(data.nodeInfo), edgeInfo = dict(data.edgeInfo), sourceInfo = dict(data.sources);
  var FONT = "#1d2430", EDGE = "#9aa5b1", EDGE_FONT = "#4a5563";
  var SAFE_PAGE = /^(\.\.\/)?[A-Za-z0-9_.\/-]+\.html$/;

  function el(tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined && text !== null) element.textContent = String(text);
    if (className) element.className = className;
    return element;
  }
  function pageLink(path, text) {
    if (typeof path !== "string" || !SAFE_PAGE.test(path)) return el("span", text);
    var a = el("a", text);
    a.href = path;
    return a;
  }

  var typeStyle = dict();
  data.types.forEach(function (style) {
    style.label = pick(style.label, style.labelId);
    style.kindLabel = pick(style.kindLabel, style.kindLabelId);
    typeStyle[style.type] = style;
  });
  var regionLabel = dict();
  data.regions.forEach(function (r) { regionLabel[r.id] = r.label; });
  var edgesOf = dict();  // node -> ids of its ties in this view
  data.edges.forEach(function (e) {
    (edgesOf[e.from] = edgesOf[e.from] || []).push(e.id);
    if (e.to !== e.from) (edgesOf[e.to] = edgesOf[e.to] || []).push(e.id);
  });
  var edgeById = dict();
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  if (window.kgI18n.lang !== "en") {  // a tie's label on the canvas in Bahasa Indonesia: its relation's @id label
    data.edges.forEach(function (e) { if (edgeInfo[e.id] && edgeInfo[e.id].labelId) e.label = edgeInfo[e.id].labelId; });
  }
  var clusters = window.kgClusters(data);  // a big view's communities, drawn closed (assets/clusters.js), or null
  var nodes = new vis.DataSet(clusters ? clusters.nodes : data.nodes);
  var edges = new vis.DataSet(clusters ? clusters.edges : data.edges);
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, {
    autoResize: true,
    physics: false,  // positions come from Python; see viz/layout.py
    layout: {improvedLayout: false},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: data.big, hideEdgesOnZoom: data.big,
                  keyboard: false, multiselect: false},
    // Label sizes are set per node and tie by labels.js (drawn at a fixed screen size, never overlapping).
    nodes: {borderWidth: 1.5, font: {size: 0, color: FONT, strokeWidth: 4, strokeColor: "#ffffff"}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.5}}, smooth: false, selectionWidth: 1.5,
            color: {color: EDGE, highlight: FONT, hover: EDGE_FONT, inherit: false},
            font: {size: 0, color: EDGE_FONT, strokeWidth: 4, strokeColor: "#ffffff", align: "horizontal"}}
  });
  var labels = window.kgLabels(network, nodes, edges, data.big);
  labels.fit();
  function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
  var subtitle = t("subtitle." + data.view.kind, data.nodes.length, data.edges.length,
                   data.view.focus && nodeInfo[data.view.focus] && typeStyle[nodeInfo[data.view.focus].type] ?
                     capital(typeStyle[nodeInfo[data.view.focus].type].label) : "");
  if (window.kgI18n.lang !== "en" && subtitle !== null) document.getElementById("subtitle").textContent = subtitle;
  var kgViz = window.kgViz = {network: network, nodes: nodes, edges: edges, data: data, firstDraw: null,
                              select: selectNode, visible: visibleCounts, labels: labels, clusters: clusters};
  network.once("afterDrawing", function () {
    kgViz.firstDraw = performance.now();
    document.body.setAttribute("data-drawn", "");  // for tests and benchmarks to wait on, without eval
  });

  /* ---- the side panel ---- */
  var panel = document.getElementById("panel");
  function clear(element) { while (element.firstChild) element.removeChild(element.firstChild); }
  function label(id) { return nodeInfo[id] ? nodeInfo[id].label : id; }
  function typeLine(id) {
    var style = typeStyle[nodeInfo[id].type] || {label: nodeInfo[id].type, glyph: "●", color: "#999"};
    var line = el("p", null, "hint");
    var glyph = el("span", style.glyph, "glyph");
    glyph.style.color = style.color;
    line.appendChild(glyph);
    line.appendChild(document.createTextNode(" " + style.label));
    return line;
  }
  function row(dl, name, value, className) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", name));
    dl.appendChild(el("dd", value, className));
  }
  function datesText(dates) {
    var parts = [];
    if (dates.start) parts.push(t("from", dates.start));
    if (dates.end) parts.push(t("until", dates.end));
    if (dates.observed && dates.observed.length) parts.push(t("observed", dates.observed.join(", ")));
    return parts.length ? parts.join(" · ") : t("no date");
  }
  function sourceBlock(id, quotes) {
    var source = sourceInfo[id] || {title: id};
    var block = el("div", null, "source");
    block.appendChild(pageLink(source.page, source.title));
    var meta = [source.publisher || t("publisher not named"), source.date || t("no date")];
    if (source.reprintOf) meta.push(t("reprint of", source.reprintOf));
    block.appendChild(el("div", meta.join(" · "), "meta"));
    (quotes || []).forEach(function (q) { block.appendChild(el("blockquote", "“" + q + "”")); });
    if (!quotes || !quotes.length) block.appendChild(el("div", t("no evidence"), "meta"));
    return block;
  }
  function nodeButton(id) {
    var button = el("button", label(id), "link");
    button.type = "button";
    button.addEventListener("click", function () { selectNode(id); });
    return button;
  }
  function tieFacts(parent, id) {
    var info = edgeInfo[id];
    var dl = el("dl");
    row(dl, t("dates"), datesText(info.dates));
    if (info.acting === true) row(dl, t("status"), t("acting", info.tenure.join(", ") || "Plt/Plh/Pj"), "acting");
    else if (info.tenure.length) row(dl, t("status"), pick(info.tenure, info.tenureId || info.tenure).join(", "));
    info.details.forEach(function (pair) { row(dl, t("detail." + pair[0]) || pair[0], pick(pair[1], pair[2])); });
    if (!info.sources.length) row(dl, t("basis"), pick(info.basis, info.basisId || info.basis).join(", ") || t("not stated"));
    else row(dl, t("sources"), t("independent", info.sources.length, info.weight));
    parent.appendChild(dl);
    info.sources.forEach(function (s) { parent.appendChild(sourceBlock(s.id, s.quotes)); });
    // the words as written come first (the quotes above, Indonesian); the English summaries second
    (info.summaries || []).forEach(function (text) {
      var summary = el("p", text, "summary");
      summary.lang = "en";
      summary.title = t("p.in English");
      parent.appendChild(summary);
    });
  }
  function showNode(id) {
    var info = nodeInfo[id];
    clear(panel);
    panel.appendChild(el("h3", info.label));
    panel.appendChild(typeLine(id));
    var dl = el("dl");
    if (info.aliases.length) row(dl, t("also called"), info.aliases.join("; "));
    if (info.regions.length) row(dl, t("regions"), info.regions.map(function (r) { return regionLabel[r] || r; }).join("; "));
    if (nodes.get(id) && nodes.get(id).hidden) row(dl, t("note"), t("hidden"));
    panel.appendChild(dl);
    if (info.page && data.view.focus !== id) panel.appendChild(pageLink(info.page, t("open view", info.label)));
    var ties = edgesOf[id] || [];
    panel.appendChild(el("h4", t("ties here", ties.length)));
    ties.forEach(function (eid) {
      var e = edgeById[eid], box = el("div", null, "tie"), line = el("div");
      var outgoing = e.from === id;
      line.appendChild(document.createTextNode(outgoing ? rel(edgeInfo[eid].relation) + " → " : "← " + rel(edgeInfo[eid].relation) + " ← "));
      line.appendChild(nodeButton(outgoing ? e.to : e.from));
      box.appendChild(line);
      tieFacts(box, eid);
      panel.appendChild(box);
    });
    if (info.mentions.length) {
      panel.appendChild(el("h4", t("mentioned")));
      info.mentions.forEach(function (m) { panel.appendChild(sourceBlock(m.id, m.quotes)); });
    }
  }
  function showEdge(id) {
    var e = edgeById[id];
    clear(panel);
    panel.appendChild(el("h3", rel(edgeInfo[id].relation)));
    var line = el("p");
    line.appendChild(nodeButton(e.from));
    line.appendChild(document.createTextNode(" → "));
    line.appendChild(nodeButton(e.to));
    panel.appendChild(line);
    tieFacts(panel, id);
  }

  /* ---- selection and neighbour highlighting ----
   * Dimming goes through the global opacity (one setOptions call) and only the selected node's
   * neighbourhood gets its own opacity: updating every item of a 5,000-node DataSet took seconds.
   * Every item ever given its own opacity is kept in step with the global one. In big views even
   * the global change costs about half a second per click, so there the selection itself (the
   * node and its ties drawn dark, vis-network's own) is the highlight. */
  var DIM = 0.2, DIM_EDGE_OPACITY = 0.12, DIM_FONT = "#c9ced6";
  var touchedNodes = dict(), touchedEdges = dict(), dimmed = false;
  function edgeColor(opacity) {
    return {color: EDGE, highlight: FONT, hover: EDGE_FONT, inherit: false, opacity: opacity};
  }
  function highlight(centre) {
    labels.showEdges(centre ? edgesOf[centre] || [] : []);
    if (data.big || (!centre && !dimmed)) return;
    var keepNodes = dict(), keepEdges = dict();
    if (centre) {
      keepNodes[centre] = true;
      (edgesOf[centre] || []).forEach(function (eid) {
        keepEdges[eid] = true;
        keepNodes[edgeById[eid].from] = keepNodes[edgeById[eid].to] = true;
      });
    }
    var nodeOpacity = centre ? DIM : 1, edgeOpacity = centre ? DIM_EDGE_OPACITY : 1;
    var nodeFont = centre ? DIM_FONT : FONT, edgeFont = centre ? DIM_FONT : EDGE_FONT;
    Object.keys(keepNodes).forEach(function (id) { touchedNodes[id] = true; });
    Object.keys(keepEdges).forEach(function (id) { touchedEdges[id] = true; });
    network.setOptions({nodes: {opacity: nodeOpacity, font: {color: nodeFont}},
                        edges: {color: edgeColor(edgeOpacity), font: {color: edgeFont}}});
    nodes.update(Object.keys(touchedNodes).map(function (id) {
      return keepNodes[id] ? {id: id, opacity: 1, font: {color: FONT}} : {id: id, opacity: nodeOpacity, font: {color: nodeFont}};
    }));
    edges.update(Object.keys(touchedEdges).map(function (id) {
      return keepEdges[id] ? {id: id, color: edgeColor(1), font: {color: EDGE_FONT}}
                           : {id: id, color: edgeColor(edgeOpacity), font: {color: edgeFont}};
    }));
    dimmed = !!centre;
  }
  kgViz.opacity = function (id) { return network.body.nodes[id].options.opacity; };
  function selectNode(id) {
    if (!nodeInfo[id]) return false;
    if (clusters) clusters.reveal(id);
    network.selectNodes([id]);
    var around = [id].concat(network.getConnectedNodes(id).filter(function (n) { return !nodes.get(n).hidden; }));
    labels.fit(around);
    highlight(id);
    showNode(id);
    return true;
  }
  network.on("click", function (params) {
    if (clusters && params.nodes.length && clusters.isCluster(params.nodes[0])) { clusters.open(params.nodes[0]); }
    else if (clusters && !params.nodes.length && params.edges.length && clusters.isTie(params.edges[0])) {
      labels.showEdges([params.edges[0]]); clusters.show(params.edges[0]);
    } else if (params.nodes.length) { highlight(params.nodes[0]); showNode(params.nodes[0]); }
    else if (params.edges.length) { highlight(null); labels.showEdges([params.edges[0]]); showEdge(params.edges[0]); }
    else { highlight(null); labels.showEdges([]); clear(panel); panel.appendChild(el("p", t("panel"), "hint")); }
  });

  /* ---- tooltips, as text ---- */
  var tooltip = document.getElementById("tooltip");
  function tip(text, params) {
    var box = container.getBoundingClientRect();
    tooltip.textContent = text;
    tooltip.style.left = (box.left + params.pointer.DOM.x + 14) + "px";
    tooltip.style.top = (box.top + params.pointer.DOM.y + 14) + "px";
    tooltip.hidden = false;
  }
  network.on("hoverNode", function (p) {
    if (clusters && clusters.isCluster(p.node)) { tip(clusters.tip(p.node), p); return; }
    var style = typeStyle[nodeInfo[p.node].type];
    tip(label(p.node) + (style ? " (" + style.label + ")" : ""), p);
  });
  network.on("hoverEdge", function (p) {
    if (clusters && clusters.isTie(p.edge)) { tip(clusters.tip(p.edge), p); return; }
    var e = edgeById[p.edge];
    tip(label(e.from) + " — " + rel(edgeInfo[p.edge].relation) + " → " + label(e.to), p);
  });
  ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (name) {
    network.on(name, function () { tooltip.hidden = true; });
  });

  /* ---- search by name, alias, title or role ----
   * Each word of the query must begin a word of the name (or alias, title as written, role, tenure), so "pj"
   * finds "Pj Gubernur" but not "BPJS", and "kakanwil" finds the Kakanwil post and its holders. */
  function fold(text) { return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); }
  function words(text) { return fold(text).split(/[^a-z0-9]+/).filter(Boolean); }
  var searchable = Object.keys(nodeInfo).map(function (id) {
    var names = [nodeInfo[id].label].concat(nodeInfo[id].aliases), terms = nodeInfo[id].terms || [];
    return {id: id, names: names.concat(terms), named: names.length,
            keys: names.concat(terms).map(function (n) { return {whole: fold(n), words: words(n)}; })};
  });
  function matches(key, query) {
    return query.every(function (q) { return key.words.some(function (w) { return w.indexOf(q) === 0; }); });
  }
  var search = document.getElementById("search"), results = document.getElementById("results");
  var found = [];
  function runSearch() {
    var query = words(search.value), whole = fold(search.value);
    clear(results);
    found = [];
    if (!query.length) return;
    searchable.forEach(function (entry) {
      var best = 0, name = null;
      entry.keys.forEach(function (key, i) {
        var named = i < entry.named;
        var score = key.whole === whole ? (named ? 4 : 3) : matches(key, query) ? (named ? 2 : 1) : 0;
        if (score > best) { best = score; name = entry.names[i]; }
      });
      if (best) found.push({id: entry.id, name: name, label: entry.names[0], score: best});
    });
    found.sort(function (a, b) { return b.score - a.score || a.label.localeCompare(b.label); });
    found.slice(0, 30).forEach(function (hit) {
      var item = el("li"), button = el("button", hit.label);
      button.type = "button";
      if (hit.name !== hit.label) button.appendChild(el("span", t("also called hit", hit.name), "hint"));
      var style = typeStyle[nodeInfo[hit.id].type];
      if (style) button.appendChild(el("span", " · " + style.label, "hint"));
      button.addEventListener("click", function () { selectNode(hit.id); });
      item.appendChild(button);
      results.appendChild(item);
    });
    if (!found.length) results.appendChild(el("li", t("no hit"), "hint"));
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { runSearch(); if (found.length) selectNode(found[0].id); }
  });

  /* ---- legend and filters ---- */
  var typeOn = dict(), relationOn = dict(), region = "", asOf = null, undated = false;
  function check(parent, text, glyph, color, onChange) {
    var labelElement = el("label"), box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", function () { onChange(box.checked); applyFilters(); });
    labelElement.appendChild(box);
    if (glyph) {
      var mark = el("span", glyph, "glyph");
      mark.style.color = color;
      labelElement.appendChild(mark);
    }
    labelElement.appendChild(el("span", text));
    parent.appendChild(labelElement);
  }
  var legend = document.getElementById("legend"), lastKind = null;
  var typeCount = dict();
  Object.keys(nodeInfo).forEach(function (id) { typeCount[nodeInfo[id].type] = (typeCount[nodeInfo[id].type] || 0) + 1; });
  data.types.forEach(function (style) {
    if (style.kind !== lastKind) { legend.appendChild(el("div", style.kindLabel, "kind")); lastKind = style.kind; }
    typeOn[style.type] = true;
    check(legend, style.label + " (" + (typeCount[style.type] || 0) + ")", style.glyph, style.color,
          function (on) { typeOn[style.type] = on; });
  });
  var relationCount = dict();
  data.edges.forEach(function (e) { var r = edgeInfo[e.id].relation; relationCount[r] = (relationCount[r] || 0) + 1; });
  var relationBox = document.getElementById("relation-filter");
  data.relations.slice().sort(function (a, b) { return rel(a).localeCompare(rel(b)); }).forEach(function (r) {
    relationOn[r] = true;
    check(relationBox, rel(r) + " (" + relationCount[r] + ")", null, null, function (on) { relationOn[r] = on; });
  });
  var regionSelect = document.getElementById("region-filter");
  data.regions.forEach(function (r) {
    var option = el("option", r.label);
    option.value = r.id;
    regionSelect.appendChild(option);
  });
  regionSelect.addEventListener("change", function () { region = regionSelect.value; applyFilters(); });

  /* The date rule; viz/views.py states it and tests hold the two to the same answers. */
  function firstDate(dates) { return dates.start || (dates.observed && dates.observed.length ? dates.observed[0] : null); }
  function shownOn(dates, date, withUndated) {
    var first = firstDate(dates), end = dates.end || null;
    if (!first && !end) return withUndated;
    return (!first || first <= date) && (!end || end >= date);
  }
  kgViz.shownOn = shownOn;

  var counts = document.getElementById("counts");
  function applyFilters(keepZoom) {
    var refit = keepZoom !== true;
    var showNode = dict(), showEdge = dict(), tied = dict();
    data.nodes.forEach(function (n) {
      var info = nodeInfo[n.id];
      showNode[n.id] = typeOn[info.type] !== false && (!region || info.regions.indexOf(region) >= 0);
    });
    data.edges.forEach(function (e) {
      var info = edgeInfo[e.id];
      var on = showNode[e.from] && showNode[e.to] && relationOn[info.relation] !== false &&
               (asOf === null || shownOn(info.dates, asOf, undated));
      showEdge[e.id] = on;
      if (on) tied[e.from] = tied[e.to] = true;
    });
    if (asOf !== null) data.nodes.forEach(function (n) { showNode[n.id] = showNode[n.id] && !!tied[n.id]; });
    if (clusters) clusters.filter(showNode, showEdge);
    var nodeChanges = [], edgeChanges = [];
    nodes.forEach(function (n) { if (!n.hidden !== showNode[n.id]) nodeChanges.push({id: n.id, hidden: !showNode[n.id]}); });
    edges.forEach(function (e) { if (!e.hidden !== showEdge[e.id]) edgeChanges.push({id: e.id, hidden: !showEdge[e.id]}); });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    if (refit) labels.fit(); else labels.place();
    var shown = visibleCounts();
    counts.textContent = clusters ? clusters.counts(showNode) : t("counts", shown.nodes, nodes.length, shown.edges, edges.length);
  }
  function visibleCounts() {
    return {nodes: nodes.get({filter: function (n) { return !n.hidden; }}).length,
            edges: edges.get({filter: function (e) { return !e.hidden; }}).length};
  }

  /* The date page's control (assets/asof.js) sets the date through this. */
  kgViz.applyDate = function (date, withUndated) { asOf = date; undated = withUndated; applyFilters(); };
  kgViz.edgeInfo = edgeInfo;
  kgViz.label = label;
  kgViz.rel = rel;
  if (clusters) {
    clusters.attach(network, nodes, edges, labels, {panel: panel, controls: document.getElementById("controls"), el: el,
                    clear: clear, nodeButton: nodeButton, label: label, edgeColor: edgeColor, refilter: function () { applyFilters(true); }});
  }
  if (data.date) { asOf = data.date.initial; undated = false; }
  applyFilters();

  if (data.view.focus && nodeInfo[data.view.focus]) {
    if (clusters && clusters.clusterOf(data.view.focus)) {  // a big ego or region page: its focus's cluster, open
      clusters.reveal(data.view.focus);
      labels.fit(clusters.members(clusters.opened()));
    }
    network.selectNodes([data.view.focus]);
    showNode(data.view.focus);
  }
})();
