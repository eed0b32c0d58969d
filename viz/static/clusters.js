/* Big views with structure (loaded before viz.js): a view above viz/clusters.py's CLUSTER_MIN entities opens with
 * its communities (Louvain) drawn closed, one node each, and the ties between two of them drawn as one, as wide as
 * their number. A click on a cluster opens it: the cluster node gives way to its members, at positions computed in
 * Python inside the cluster's disk, with the ties among them; their ties to the other clusters, which stay closed,
 * are drawn one per member and cluster. One cluster is open at a time; "tutup kelompok" closes it. Search and the
 * panel's links open the cluster of the entity they select.
 *
 * Only the drawn items are in vis-network's DataSets (a closed 5,000-node page holds a few dozen), so the first
 * drawing and a click cost what a small page does. Every text from the facts goes in through textContent or a vis
 * label (drawn on the canvas as text). window.kgViz.clusters is this object, for tests.
 */
(function () {
  "use strict";
  window.kgClusters = function (data) {
    if (!data.clusters) return null;
    var t = window.kgI18n.t;
    function dict() { return Object.create(null); }
    var cluster = dict(), clusterOf = dict(), nodeById = dict(), edgesOf = dict(), tieById = dict();
    var FADED = 0.15, VIA = "clustervia:", FIELDS = ["id", "label", "shape", "size", "x", "y", "color", "borderWidth"];
    data.clusters.nodes.forEach(function (c, i) {
      c.number = i + 1;
      cluster[c.id] = c;
      c.members.forEach(function (m) { clusterOf[m] = c.id; });
    });
    data.nodes.forEach(function (n) { nodeById[n.id] = n; });
    data.edges.forEach(function (e) {
      (edgesOf[e.from] = edgesOf[e.from] || []).push(e);
      if (e.to !== e.from) (edgesOf[e.to] = edgesOf[e.to] || []).push(e);
    });
    data.clusters.ties.forEach(function (e) { tieById[e.id] = e; });
    function drawnNode(c) {  // the vis item of a closed cluster: no member list in the DataSet
      var item = {};
      FIELDS.forEach(function (name) { item[name] = c[name]; });
      return item;
    }
    var open = null, via = [], inside = [], openTies = [], vis = null, ui = null;

    /* Whether a filter hides anything (the items a click adds then need it applied): read from the controls. */
    function filtering() {
      return !!document.querySelector("#legend input:not(:checked), #relation-filter input:not(:checked)") ||
             !!document.getElementById("region-filter").value;
    }
    function name(cid) { return t("cluster.name", cluster[cid].number); }
    function closedTies(cid) {
      return data.clusters.ties.filter(function (e) { return e.from === cid || e.to === cid; });
    }
    /* The drawn items when `cid` opens: its members, the ties among them, and one tie per member and other cluster. */
    function opening(cid) {
      var own = dict(), count = dict(), ties = [];
      cluster[cid].members.forEach(function (m) { own[m] = true; });
      cluster[cid].members.forEach(function (m) {
        (edgesOf[m] || []).forEach(function (e) {
          var other = e.from === m ? e.to : e.from;
          if (own[other]) { if (e.from === m) ties.push(e); return; }
          var key = m + "\u0000" + clusterOf[other];
          if (!(key in count)) { count[key] = {from: m, to: clusterOf[other], count: 0}; }
          count[key].count += 1;
        });
      });
      var aggregated = Object.keys(count).sort().map(function (key, i) {
        var tie = count[key];
        return {id: VIA + i, from: tie.from, to: tie.to, count: tie.count, label: String(tie.count), arrows: "",
                width: Math.round((1 + 1.8 * Math.log(tie.count)) * 100) / 100};
      });
      return {ties: ties, via: aggregated};
    }
    /* vis-network draws only nodes whose box it knows to be on screen, and learns a new node's box by drawing: without
     * this, the one drawing after a click would leave out every node it added. */
    function boxed(ids) {
      var context = vis.network.canvas.getContext();
      ids.forEach(function (id) { var node = vis.network.body.nodes[id]; if (node) node.updateBoundingBox(context, false); });
    }
    function shut() {
      if (open === null) return;
      var cid = open, drawn = openTies.concat(via).map(function (e) { return e.id; });
      vis.edges.remove(drawn);
      vis.nodes.remove(inside);
      vis.nodes.add(drawnNode(cluster[cid]));
      boxed([cid]);
      vis.network.setOptions({edges: {color: ui.edgeColor(1)}});
      vis.edges.add(closedTies(cid).map(function (e) { return Object.assign({}, e); }));
      open = null;
      via = [];
      inside = [];
      openTies = [];
    }
    function openCluster(cid) {
      if (open === cid || !cluster[cid]) return;
      shut();
      var found = opening(cid);
      vis.edges.remove(closedTies(cid).map(function (e) { return e.id; }));
      vis.nodes.remove(cid);
      inside = cluster[cid].members.slice();
      vis.nodes.add(inside.map(function (id) { return Object.assign({}, nodeById[id]); }));
      boxed(inside);
      via = found.via;
      openTies = found.ties;
      // the ties among the closed clusters fade (one global option); the open cluster's own ties keep their colour
      vis.network.setOptions({edges: {color: ui.edgeColor(FADED)}});
      vis.edges.add(found.ties.concat(via).map(function (e) { return Object.assign({color: ui.edgeColor(1)}, e); }));
      open = cid;
    }
    var viaById = function (id) { return via.filter(function (e) { return e.id === id; })[0]; };
    /* Every change to vis-network's data redraws the whole canvas at once (profiled: four to eight drawings per
     * click, most of its time), so the changes of one click are made with drawing blocked, then drawn once. */
    function batch(change) {
      var emitter = vis.network.body.emitter;
      emitter.emit("_blockRedraw");
      try { change(); } finally { emitter.emit("_allowRedraw"); emitter.emit("_requestRedraw"); }
    }

    var api = {
      nodes: data.clusters.nodes.map(drawnNode),
      edges: data.clusters.ties.map(function (e) { return Object.assign({}, e); }),
      isCluster: function (id) { return id in cluster; },
      isTie: function (id) { return id in tieById || String(id).indexOf(VIA) === 0; },
      clusterOf: function (id) { return clusterOf[id] || null; },
      opened: function () { return open; },
      members: function (cid) { return cluster[cid] ? cluster[cid].members.slice() : []; },
      /* Called by viz.js once the network is drawn: the DataSets, the label placer, and the panel's helpers. */
      attach: function (network, nodes, edges, labels, helpers) {
        vis = {network: network, nodes: nodes, edges: edges, labels: labels};
        ui = helpers;
        var section = document.createElement("section"), hint = document.createElement("p");
        hint.className = "hint";
        hint.id = "cluster-hint";
        hint.textContent = t("cluster.hint", data.clusters.nodes.length, data.nodes.length);
        section.appendChild(hint);
        var close = document.createElement("button");
        close.type = "button";
        close.id = "cluster-close";
        close.textContent = t("cluster.close");
        close.hidden = true;
        close.addEventListener("click", function () { api.close(); });
        section.appendChild(close);
        ui.controls.insertBefore(section, ui.controls.children[1] || null);
        api.button = close;
      },
      /* Open a cluster and zoom to its members (a click on it). */
      open: function (cid) {
        batch(function () {
          openCluster(cid);
          if (filtering()) ui.refilter();
          vis.labels.fit(inside.filter(function (id) { return !vis.nodes.get(id).hidden; }));
        });
        api.button.hidden = false;
        api.show(cid);
      },
      close: function () {
        batch(function () { shut(); if (filtering()) ui.refilter(); vis.labels.fit(); });
        api.button.hidden = true;
        ui.clear(ui.panel);
        ui.panel.appendChild(ui.el("p", t("panel"), "hint"));
      },
      /* Make an entity drawn (open its cluster), before viz.js selects it. */
      reveal: function (id) {
        var cid = clusterOf[id];
        if (!cid || open === cid) return;
        batch(function () { openCluster(cid); if (filtering()) ui.refilter(); });
        api.button.hidden = false;
      },
      /* The filters: a cluster shows while one of its members passes them, a tie while both its ends show. */
      filter: function (showNode, showEdge) {
        data.clusters.nodes.forEach(function (c) {
          showNode[c.id] = c.members.some(function (m) { return showNode[m]; });
        });
        vis.edges.forEach(function (e) {
          if (api.isTie(e.id)) showEdge[e.id] = !!(showNode[e.from] && showNode[e.to]);
        });
      },
      counts: function (showNode) {
        var clusters = 0, entities = 0;
        data.clusters.nodes.forEach(function (c) { if (showNode[c.id]) clusters += 1; });
        data.nodes.forEach(function (n) { if (showNode[n.id]) entities += 1; });
        return t("cluster.counts", clusters, entities, data.nodes.length);
      },
      tip: function (id) {
        if (cluster[id]) return name(id) + ": " + cluster[id].label.replace("\n", ", ") + " (" + t("cluster.tip", cluster[id].count) + ")";
        var tie = tieById[id] || viaById(id);
        return tie ? t("cluster.ties", tie.count, api.title(tie.from), api.title(tie.to)) : "";
      },
      title: function (id) { return cluster[id] ? name(id) : ui.label(id); },
      /* The panel of a cluster (its main members and size) or of a tie drawn between clusters. */
      show: function (id) {
        var panel = ui.panel;
        ui.clear(panel);
        if (cluster[id]) {
          var c = cluster[id];
          panel.appendChild(ui.el("h3", name(id) + " · " + t("cluster.members", c.count)));
          panel.appendChild(ui.el("p", t("cluster.main"), "hint"));
          var list = ui.el("p");
          c.main.forEach(function (m) { list.appendChild(ui.nodeButton(m)); list.appendChild(document.createTextNode(" ")); });
          panel.appendChild(list);
          return;
        }
        var tie = tieById[id] || viaById(id);
        if (!tie) return;
        panel.appendChild(ui.el("h3", t("cluster.ties", tie.count, api.title(tie.from), api.title(tie.to))));
        [tie.from, tie.to].forEach(function (end) {
          if (!cluster[end]) return;
          var button = ui.el("button", t("cluster.open", name(end)), "link");
          button.type = "button";
          button.addEventListener("click", function () { api.open(end); });
          panel.appendChild(ui.el("p")).appendChild(button);
        });
      }
    };
    return api;
  };
})();
