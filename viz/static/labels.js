/* Labels that read on a projector, and zooming to fit, for the kg views (loaded before viz.js).
 *
 * vis-network draws a label at its font size times the zoom, so a whole network fitted into
 * 1280x720 drew 9 px names. Here every label shown is drawn at LABEL_PX CSS pixels whatever the
 * zoom (its font size is LABEL_PX / scale), and labels that would overlap are not drawn: the
 * biggest nodes (PageRank) get theirs first, the others show their full name on hover and
 * appear as one zooms in. Edge labels are drawn only for the ties of the selected entity or the
 * selected tie, at EDGE_PX. Only labels whose size changes are updated, so a 5,000-node page
 * updates the few hundred that fit on the screen, not every node; a selection that does not move the view
 * updates only the edge labels (profiled: re-placing every node label was much of a click at 5,000 nodes).
 */
(function () {
  "use strict";
  var LABEL_PX = 15, EDGE_PX = 14, GAP = 3, CELL = 96, MAX_SCALE = 1.6, MARGIN = 0.95, ROOM = 48;
  var FACE = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';

  /* `big`: a view of thousands of items, where any DataSet update is slow (vis-network then re-scales every node
   * and edge; most of a click's time at 5,000 nodes, profiled): there the selection's edge labels are painted on the canvas after each
   * drawing instead of being set as edge fonts, so a click updates nothing. */
  window.kgLabels = function (network, nodes, edges, big) {
    var measure = document.createElement("canvas").getContext("2d");
    measure.font = LABEL_PX + "px " + FACE;
    var widths = Object.create(null), nodeFont = Object.create(null), edgeFont = Object.create(null);
    var edgesOn = [];
    function width(text) {
      if (!(text in widths)) widths[text] = measure.measureText(text).width;
      return widths[text];
    }
    function visibleIds() { return nodes.getIds({filter: function (n) { return !n.hidden; }}); }

    /* Which labels fit without overlapping, biggest nodes first; then the font sizes that say so. */
    function place() {
      var scale = network.getScale(), size = LABEL_PX / scale;
      var shown = nodes.get({filter: function (n) { return !n.hidden; }, fields: ["id", "label", "size"]});
      shown.sort(function (a, b) { return (b.size || 0) - (a.size || 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
      var positions = network.getPositions(shown.map(function (n) { return n.id; }));
      var cells = Object.create(null), want = Object.create(null), at = Object.create(null);
      function cellsOf(box) {
        var keys = [];
        for (var cx = Math.floor(box[0] / CELL); cx <= Math.floor(box[2] / CELL); cx++) {
          for (var cy = Math.floor(box[1] / CELL); cy <= Math.floor(box[3] / CELL); cy++) keys.push(cx + ":" + cy);
        }
        return keys;
      }
      shown.forEach(function (n) { at[n.id] = network.canvasToDOM(positions[n.id]); });
      shown.forEach(function (n) {
        if (!isFinite(at[n.id].x) || !isFinite(at[n.id].y)) return;  // no position yet: no label, and no endless loop
        var lines = String(n.label || "").split("\n");  // a cluster's label has two (viz/clusters.py)
        var p = at[n.id], half = Math.max.apply(null, lines.map(width)) / 2 + GAP, high = LABEL_PX * 1.3 * lines.length;
        var top = p.y + (n.size || 10) * scale + 1, box = [p.x - half, top, p.x + half, top + high + GAP];
        var keys = cellsOf(box), free = true;
        keys.forEach(function (key) {
          (cells[key] || []).forEach(function (other) {
            if (box[0] < other[2] && other[0] < box[2] && box[1] < other[3] && other[1] < box[3]) free = false;
          });
        });
        if (!free) return;
        keys.forEach(function (key) { (cells[key] = cells[key] || []).push(box); });
        want[n.id] = size;
      });
      var changes = [];
      shown.forEach(function (n) {
        var target = want[n.id] || 0;
        if ((nodeFont[n.id] || 0) !== target) {  // untouched nodes have no label already: only changes are sent
          nodeFont[n.id] = target;
          changes.push({id: n.id, font: {size: target}});
        }
      });
      if (changes.length) nodes.update(changes);
      placeEdges();
    }

    /* The edge labels of the selection, at EDGE_PX for the current zoom (a click changes only these: the node
     * labels stay as placed, so a click on a 5,000-node page does not walk every node again). */
    function placeEdges() {
      if (big) { network.body.emitter.emit("_requestRedraw"); return; }  // one drawing per frame, shared with vis
      var scale = network.getScale(), edgeChanges = [], on = Object.create(null);
      edgesOn.forEach(function (id) { on[id] = EDGE_PX / scale; });
      Object.keys(edgeFont).concat(edgesOn).forEach(function (id) {
        var target = on[id] || 0;
        if ((edgeFont[id] || 0) !== target && edges.get(id)) { edgeFont[id] = target; edgeChanges.push({id: id, font: {size: target}}); }
      });
      if (edgeChanges.length) edges.update(edgeChanges);
    }

    /* Zoom so that the given nodes (by default every visible one) fill the drawing, never closer than MAX_SCALE.
     * vis-network's own fit frames the labels too, which here grow as one zooms out, so the frame is computed
     * from the positions and sizes, with room around it for the labels. */
    function fit(ids) {
      ids = ids || visibleIds();
      if (ids.length) {
        var positions = network.getPositions(ids), box = [Infinity, Infinity, -Infinity, -Infinity];
        var sizes = Object.create(null);
        nodes.get({fields: ["id", "size"]}).forEach(function (n) { sizes[n.id] = n.size || 10; });
        ids.forEach(function (id) {
          var p = positions[id], r = sizes[id] || 10;
          box = [Math.min(box[0], p.x - r), Math.min(box[1], p.y - r), Math.max(box[2], p.x + r), Math.max(box[3], p.y + r)];
        });
        var frame = network.body.container.getBoundingClientRect();
        var room = [Math.max(1, frame.width - 2 * ROOM), Math.max(1, frame.height - 2 * ROOM)];
        var scale = Math.min(room[0] / Math.max(1, box[2] - box[0]), room[1] / Math.max(1, box[3] - box[1]));
        network.moveTo({position: {x: (box[0] + box[2]) / 2, y: (box[1] + box[3]) / 2},
                        scale: Math.min(MAX_SCALE, scale * MARGIN), animation: false});
      }
      place();
    }

    /* In a big view: the selection's edge labels, painted at EDGE_PX CSS pixels beside the middle of each tie. */
    if (big) {
      network.on("afterDrawing", function (ctx) {
        if (!edgesOn.length) return;
        var scale = network.getScale(), size = EDGE_PX / scale;
        ctx.save();
        ctx.font = "600 " + size + "px " + FACE;
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.lineWidth = 4 / scale;
        ctx.strokeStyle = "#ffffff";
        ctx.fillStyle = "#1d2430";
        edgesOn.forEach(function (id) {
          var edge = network.body.edges[id];
          if (!edge || !edge.from || !edge.to || edge.options.hidden) return;
          var x = (edge.from.x + edge.to.x) / 2, y = (edge.from.y + edge.to.y) / 2, text = String(edges.get(id).label || "");
          ctx.strokeText(text, x, y);
          ctx.fillText(text, x, y);
        });
        ctx.restore();
      });
    }

    // an item removed (a cluster closing, viz/static/clusters.js) has no label any more: added again, it is placed anew
    nodes.on("remove", function (_, params) { params.items.forEach(function (id) { delete nodeFont[id]; }); });
    edges.on("remove", function (_, params) { params.items.forEach(function (id) { delete edgeFont[id]; }); });

    var pending = null;
    function later() {
      if (pending !== null) clearTimeout(pending);
      pending = setTimeout(function () { pending = null; place(); }, 60);
    }
    network.on("zoom", later);
    network.on("dragEnd", later);
    network.on("animationFinished", place);

    return {
      place: place, fit: fit,
      /* The ties whose labels are drawn: those of the selection. */
      showEdges: function (ids) { edgesOn = ids.slice(); placeEdges(); },
      /* Each drawn label's size in CSS pixels (0: not drawn), for tests. */
      sizes: function () {
        var scale = network.getScale(), out = {nodes: Object.create(null), edges: Object.create(null)};
        Object.keys(nodeFont).forEach(function (id) { out.nodes[id] = nodeFont[id] * scale; });
        Object.keys(edgeFont).forEach(function (id) { out.edges[id] = edgeFont[id] * scale; });
        if (big) edgesOn.forEach(function (id) { out.edges[id] = EDGE_PX; });  // painted, not set as fonts
        return out;
      }
    };
  };
})();
