/* The power/interest grid page: draws the placement kg.stakeholders.grid computed (marker positions and label boxes in the
 * figure's pixels, y down; see viz/stakeholders.py) as SVG, so that the page and grid.png agree. Pointing at an
 * actor, or clicking it, shows in the panel why it sits there: its scores, the evidence of each part with its
 * sources, and any facilitator's override (who, when, why). Every text goes in as textContent. */
(function () {
  "use strict";

  var P = window.kgPack, data = P.data, g = data.grid, NS = "http://www.w3.org/2000/svg";
  var byId = P.dict();
  data.actors.forEach(function (a) { byId[a.id] = a; });
  function svg(tag, attrs, text) {
    var element = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (name) { element.setAttribute(name, String(attrs[name])); });
    if (text !== undefined && text !== null) element.textContent = String(text);
    return element;
  }
  function sx(score) { return g.scale.x[0] + score * g.scale.x[1]; }
  function sy(score) { return g.scale.y[0] + score * g.scale.y[1]; }

  var root = document.getElementById("grid");
  root.setAttribute("viewBox", g.viewBox.join(" "));
  var defs = svg("defs");
  var head = svg("marker", {id: "arrow-head", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
                            orient: "auto-start-reverse"});
  head.appendChild(svg("path", {d: "M 0 0 L 10 5 L 0 10 z", fill: g.colours.override}));
  defs.appendChild(head);
  root.appendChild(defs);
  var f = g.frame;
  root.appendChild(svg("rect", {x: f[0], y: f[1], width: f[2] - f[0], height: f[3] - f[1], "class": "frame"}));
  root.appendChild(svg("line", {x1: sx(g.split), x2: sx(g.split), y1: f[1], y2: f[3], "class": "split"}));
  root.appendChild(svg("line", {x1: f[0], x2: f[2], y1: sy(g.split), y2: sy(g.split), "class": "split"}));
  for (var tick = 0; tick <= g.max; tick += 2) {
    root.appendChild(svg("line", {x1: sx(tick), x2: sx(tick), y1: f[3], y2: f[3] + 7, "class": "split"}));
    root.appendChild(svg("text", {x: sx(tick), y: f[3] + 28, "text-anchor": "middle", "class": "tick"}, tick));
    root.appendChild(svg("line", {x1: f[0] - 7, x2: f[0], y1: sy(tick), y2: sy(tick), "class": "split"}));
    root.appendChild(svg("text", {x: f[0] - 12, y: sy(tick), "text-anchor": "end", "dominant-baseline": "central",
                                  "class": "tick"}, tick));
  }
  root.appendChild(svg("text", {x: (f[0] + f[2]) / 2, y: f[3] + 62, "text-anchor": "middle", "class": "axis-title"},
                       "Interest / support (0-10)"));
  var yTitle = svg("text", {x: 0, y: 0, "text-anchor": "middle", "class": "axis-title",
                            transform: "translate(" + (f[0] - 62) + " " + (f[1] + f[3]) / 2 + ") rotate(-90)"},
                   "Influence (0-10)");
  root.appendChild(yTitle);
  g.quadrants.forEach(function (q) {
    root.appendChild(svg("text", {x: q.at[0], y: q.at[1], "class": "quadrant",
                                  "text-anchor": q.anchor === "left" ? "start" : "end",
                                  "dominant-baseline": q.baseline === "top" ? "hanging" : "auto"}, q.name));
  });

  function marker(kind, x, y, attrs) {
    var r = g.marker / 2, shape;
    if (kind === "override") {
      shape = svg("polygon", {points: [x, y - r * 1.25, x + r * 1.25, y, x, y + r * 1.25, x - r * 1.25, y].join(" ")});
    } else if (kind === "Organization") {
      shape = svg("rect", {x: x - r, y: y - r, width: 2 * r, height: 2 * r});
    } else {
      shape = svg("circle", {cx: x, cy: y, r: r});
    }
    Object.keys(attrs).forEach(function (name) { shape.setAttribute(name, String(attrs[name])); });
    return shape;
  }
  function nearest(box, x, y) {  // the point of a label's box nearest its marker, where a leader line ends
    return [Math.max(box[0], Math.min(x, box[2])), Math.max(box[1], Math.min(y, box[3]))];
  }

  var groups = P.dict(), selected = null;
  g.actors.forEach(function (spot) {
    var a = byId[spot.id], group = svg("g", {"class": "actor" + (spot.override ? " override" : ""), tabindex: 0,
                                               role: "button", "data-id": spot.id, "data-interest": spot.interest,
                                               "data-influence": spot.influence});
    group.setAttribute("aria-label", a.name + ": " + P.placement(a));
    group.appendChild(svg("title", null, a.name));
    if (spot.override) {
      group.appendChild(marker(spot.kind, spot.derivedAt[0], spot.derivedAt[1],
                               {fill: "none", stroke: g.colours.override, "stroke-width": 2, "class": "derived"}));
      group.appendChild(svg("line", {x1: spot.derivedAt[0], y1: spot.derivedAt[1], x2: spot.at[0], y2: spot.at[1],
                                     "class": "arrow", "marker-end": "url(#arrow-head)"}));
      group.appendChild(marker("override", spot.at[0], spot.at[1], {fill: g.colours.override, "class": "marker"}));
    } else {
      group.appendChild(marker(spot.kind, spot.at[0], spot.at[1],
                               {fill: g.colours[spot.kind] || "#333333", "class": "marker"}));
    }
    var box = spot.box;
    if (spot.leader) {
      var end = nearest(box, spot.at[0], spot.at[1]);
      group.appendChild(svg("line", {x1: spot.at[0], y1: spot.at[1], x2: end[0], y2: end[1], "class": "leader"}));
    }
    // stretched to the width kg.stakeholders.grid measured, so that the label fills the box it was placed in
    group.appendChild(svg("text", {x: box[0], y: (box[1] + box[3]) / 2, "dominant-baseline": "central",
                                   textLength: Math.max(1, box[2] - box[0]), lengthAdjust: "spacingAndGlyphs",
                                   "font-size": g.fontSize, "class": "label"}, spot.label));
    group.addEventListener("mouseenter", function () { show(spot.id); });
    group.addEventListener("focus", function () { show(spot.id); });
    group.addEventListener("mouseleave", function () { if (selected) show(selected); });
    group.addEventListener("click", function () { select(spot.id); });
    group.addEventListener("keydown", function (event) { if (event.key === "Enter" || event.key === " ") select(spot.id); });
    groups[spot.id] = group;
    root.appendChild(group);
  });

  var panel = document.getElementById("panel");
  function show(id) {
    var a = byId[id];
    if (!a) return false;
    P.clear(panel);
    panel.setAttribute("data-actor", id);
    panel.appendChild(P.el("h3", a.name));
    panel.appendChild(P.el("p", a.type + " · " + a.quadrant, "hint"));
    var dl = P.el("dl");
    P.row(dl, "derived", "influence " + P.score(a.influence) + " · interest " + P.score(a.interest));
    if (a.overrides.length) {
      P.row(dl, "shown at", "influence " + P.score(a.shownInfluence) + " · interest " + P.score(a.shownInterest) +
            " (a facilitator's placement)");
    }
    panel.appendChild(dl);
    panel.appendChild(P.actorDetails(a, true));
    panel.appendChild(P.pageLink("register.html#" + id, "see " + a.name + " in the register"));
    return true;
  }
  function select(id) {
    if (selected && groups[selected]) groups[selected].classList.remove("selected");
    selected = id;
    if (groups[id]) groups[id].classList.add("selected");
    return show(id);
  }
  window.kgGrid = {show: show, select: select, geometry: g};
  P.drawn();
})();
