/* The power/interest grid page: draws the placement kg.stakeholders.grid computed (marker positions in the figure's
 * pixels, y down; see viz/stakeholders.py) as SVG, so that the page and grid.png agree. Labels are drawn for the
 * projector: LABEL_PX CSS pixels whatever the screen, placed around their marker where they overlap no other label,
 * marker or quadrant name (the highest influence first), shortened in the middle where the full name finds no room
 * (never to another label's text: Python shortened them), and left out where neither fits; the full name shows on
 * pointing (the marker's title), in the panel, and on the label of the selected actor. Pointing at an
 * actor, or clicking it, shows in the panel why it sits there: its scores, the evidence of each part with its
 * sources, and any facilitator's override (who, when, why). Every text goes in as textContent. */
(function () {
  "use strict";

  var P = window.kgPack, data = P.data, g = data.grid, NS = "http://www.w3.org/2000/svg", t = P.t, term = P.term;
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
                       t("g.interest")));
  var yTitle = svg("text", {x: 0, y: 0, "text-anchor": "middle", "class": "axis-title",
                            transform: "translate(" + (f[0] - 62) + " " + (f[1] + f[3]) / 2 + ") rotate(-90)"},
                   t("g.influence"));
  root.appendChild(yTitle);
  g.quadrants.forEach(function (q) {
    root.appendChild(svg("text", {x: q.at[0], y: q.at[1], "class": "quadrant",
                                  "text-anchor": q.anchor === "left" ? "start" : "end",
                                  "dominant-baseline": q.baseline === "top" ? "hanging" : "auto"}, term(q.name)));
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

  var groups = P.dict(), selected = null, labels = [];
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
    var text = svg("text", {x: box[0], y: (box[1] + box[3]) / 2, "dominant-baseline": "central", "class": "label"},
                   spot.label);
    group.appendChild(text);
    labels.push({spot: spot, text: text, group: group});
    group.addEventListener("mouseenter", function () { show(spot.id); });
    group.addEventListener("focus", function () { show(spot.id); });
    group.addEventListener("mouseleave", function () { if (selected) show(selected); });
    group.addEventListener("click", function () { select(spot.id); });
    group.addEventListener("keydown", function (event) { if (event.key === "Enter" || event.key === " ") select(spot.id); });
    groups[spot.id] = group;
    root.appendChild(group);
  });

  /* Place every label at LABEL_PX CSS pixels (see the top of this file); again when the drawing's size changes. */
  var LABEL_PX = 15, GAP_PX = 3;
  function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
  function placeLabels() {
    var ctm = root.getScreenCTM();
    if (!ctm || !ctm.a) return;
    var unit = 1 / ctm.a, size = LABEL_PX * unit, gap = GAP_PX * unit, r = g.marker / 2 + gap;
    var view = g.viewBox, taken = [];
    g.actors.forEach(function (spot) {
      [spot.at].concat(spot.override ? [spot.derivedAt] : []).forEach(function (at) {
        taken.push([at[0] - g.marker / 2, at[1] - g.marker / 2, at[0] + g.marker / 2, at[1] + g.marker / 2]);
      });
    });
    Array.prototype.forEach.call(root.querySelectorAll(".quadrant, .tick, .axis-title"), function (q) {
      var b = q.getBBox(), turned = /translate\(([-\d.e]+) ([-\d.e]+)\)/.exec(q.getAttribute("transform") || "");
      if (turned) {  // the y axis title, turned 90° about its translated origin
        var tx = Number(turned[1]), ty = Number(turned[2]);
        b = {x: tx - b.height, y: ty - b.width / 2, width: b.height * 1.5, height: b.width};
      }
      taken.push([b.x, b.y, b.x + b.width, b.y + b.height]);
    });
    var order = labels.slice().sort(function (a, b) {
      return b.spot.influence - a.spot.influence || b.spot.interest - a.spot.interest ||
             (a.spot.id < b.spot.id ? -1 : a.spot.id > b.spot.id ? 1 : 0);
    });
    order.forEach(function (entry) {
      var spot = entry.spot, text = entry.text, x = spot.at[0], y = spot.at[1], h = size * 1.25, placed = null;
      text.setAttribute("font-size", String(size));
      text.classList.remove("unplaced");  // measured while shown: a hidden text has no box
      var old = entry.group.querySelector("line.leader");
      if (old) old.parentNode.removeChild(old);
      [spot.label, spot.short].some(function (words, i) {
        if (i && words === spot.label) return false;
        text.textContent = words;
        text.setAttribute("x", "0");
        text.setAttribute("y", "0");
        var cell = text.getBBox(), w = cell.width;  // the drawn box, relative to the text's anchor
        h = cell.height;
        // right, left, below, above, then the diagonals, then farther out (with a leader line)
        return [1, 2.2, 3.6].some(function (ring) {
          var d = r * ring;
          return [[x + d, y - h / 2], [x - d - w, y - h / 2], [x - w / 2, y + d], [x - w / 2, y - d - h],
                  [x + d * 0.7, y + d * 0.7], [x + d * 0.7, y - d * 0.7 - h], [x - d * 0.7 - w, y + d * 0.7],
                  [x - d * 0.7 - w, y - d * 0.7 - h]].some(function (corner) {
            var b = [corner[0], corner[1], corner[0] + w, corner[1] + h];
            b.anchor = [corner[0] - cell.x, corner[1] - cell.y];
            if (b[0] < view[0] || b[1] < view[1] || b[2] > view[0] + view[2] || b[3] > view[1] + view[3]) return false;
            var padded = [b[0] - gap, b[1] - gap, b[2] + gap, b[3] + gap];
            if (taken.some(function (other) { return overlaps(padded, other); })) return false;
            placed = {box: b, ring: ring};
            return true;
          });
        });
      });
      entry.box = placed ? placed.box : null;
      text.classList.toggle("unplaced", !placed);
      text.setAttribute("data-full", text.textContent === spot.label ? "true" : "false");
      if (!placed) { text.textContent = spot.short; return; }
      taken.push(placed.box);
      text.setAttribute("x", String(placed.box.anchor[0]));
      text.setAttribute("y", String(placed.box.anchor[1]));
      if (placed.ring > 1) {
        var end = nearest(placed.box, x, y);
        entry.group.insertBefore(svg("line", {x1: x, y1: y, x2: end[0], y2: end[1], "class": "leader"}), text);
      }
    });
    if (selected) showFull(selected);
  }
  /* The selected actor's label in full, drawn above the others (where it had none, beside its marker). */
  function showFull(id) {
    labels.forEach(function (entry) {
      var on = entry.spot.id === id;
      entry.group.classList.toggle("selected", on);
      if (on) {
        entry.text.textContent = entry.spot.label;
        if (!entry.box) {
          entry.text.setAttribute("x", String(entry.spot.at[0] + g.marker));
          entry.text.setAttribute("y", String(entry.spot.at[1]));
        }
        root.appendChild(entry.group);
      } else if (entry.text.getAttribute("data-full") !== "true") {
        entry.text.textContent = entry.spot.short;
      }
    });
  }
  placeLabels();
  if (window.ResizeObserver) new ResizeObserver(function () { placeLabels(); }).observe(root);

  var panel = document.getElementById("panel");
  function show(id) {
    var a = byId[id];
    if (!a) return false;
    P.clear(panel);
    panel.setAttribute("data-actor", id);
    panel.appendChild(P.el("h3", a.name));
    panel.appendChild(P.el("p", term(a.type) + " · " + term(a.quadrant), "hint"));
    var dl = P.el("dl");
    P.row(dl, t("g.derived"), t("p.placement", P.score(a.influence), P.score(a.interest)));
    if (a.overrides.length) {
      P.row(dl, t("g.shown at"), t("p.placement", P.score(a.shownInfluence), P.score(a.shownInterest)) + t("g.placed"));
    }
    panel.appendChild(dl);
    panel.appendChild(P.actorDetails(a, true));
    panel.appendChild(P.pageLink("register.html#" + id, t("g.register", a.name)));
    return true;
  }
  function select(id) {
    selected = id;
    showFull(id);
    return show(id);
  }
  window.kgGrid = {show: show, select: select, geometry: g, placeLabels: placeLabels, labelPx: LABEL_PX};
  P.drawn();
})();
