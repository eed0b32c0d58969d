/* Overrides recorded live on the grid page. A facilitator picks an actor, moves it on the grid (or types its
 * influence and interest), and says who decides, when and why; the override is kept in the browser
 * (localStorage, so a reload loses nothing), drawn on the grid as a dashed arrow to a hollow diamond, and
 * exported as a fact file that `kg overrides import FILE` validates and merges into facts/overrides.yaml.
 * Everything typed is data: it goes into the page as textContent and into the file as JSON strings (which YAML
 * reads as double-quoted text), never as markup. The labels of the fields are the ontology's (data.overrideLabels).
 * Tests read window.kgOverrides. */
(function () {
  "use strict";

  var P = window.kgPack, G = window.kgGrid, data = P.data, geometry = G.geometry, NS = "http://www.w3.org/2000/svg";
  var L = data.overrideLabels || {};
  var KEY = "kg-overrides:" + JSON.stringify([data.page.session, data.page.region, data.page.asOf]);
  var NAME_KEY = "kg-overrides:facilitator";
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var byId = P.dict(), spots = P.dict(), imported = P.dict();
  data.actors.forEach(function (a) {
    byId[a.id] = a;
    a.overrides.forEach(function (o) { imported[o.id] = true; });
  });
  geometry.actors.forEach(function (s) { spots[s.id] = s; });

  function label(name) { return L[name] || {id: name, en: name}; }
  function both(parent, id, en) {
    parent.appendChild(document.createTextNode(id));
    if (en && en !== id) {
      parent.appendChild(document.createTextNode(" "));
      var span = P.el("span", en, "en");
      span.lang = "en";
      parent.appendChild(span);
    }
    return parent;
  }
  function svg(tag, attrs) {
    var element = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (name) { element.setAttribute(name, String(attrs[name])); });
    return element;
  }
  function round(value) { return Math.round(Number(value) * 10) / 10; }
  function clamp(value) { return Math.max(0, Math.min(geometry.max, value)); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() { var d = new Date(); return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }

  /* ---- storage: a list of overrides, oldest first; a broken or foreign value is set aside, not thrown away ---- */
  function load() {
    var text = null;
    try { text = window.localStorage.getItem(KEY); } catch (e) { return []; }
    if (!text) return [];
    try {
      var list = JSON.parse(text);
      if (Array.isArray(list)) return list.filter(function (o) { return o && typeof o === "object" && typeof o.id === "string"; });
    } catch (e) { /* kept below */ }
    try { window.localStorage.setItem(KEY + ":unreadable:" + Date.now(), text); } catch (e) { /* full */ }
    return [];
  }
  function store(list) {
    try { window.localStorage.setItem(KEY, JSON.stringify(list)); return true; } catch (e) { return false; }
  }
  var recorded = load();

  /* ---- the form ---- */
  var root = document.getElementById("live-overrides"), form = P.el("form", null, "live-form"), fields = {};
  form.noValidate = true;
  var title = P.el("h2");
  both(title, "Catat " + label("override").id + " di sesi ini", "record a " + label("override").en + " in this session");
  root.appendChild(title);
  function field(name, tag, attrs, text) {
    var wrap = P.el("label", null, "field field-" + name), caption = P.el("span", null, "caption");
    both(caption, text ? text.id : label(name).id, text ? text.en : label(name).en);
    wrap.appendChild(caption);
    var input = document.createElement(tag);
    Object.keys(attrs).forEach(function (key) { input.setAttribute(key, attrs[key]); });
    input.name = name;
    wrap.appendChild(input);
    fields[name] = input;
    form.appendChild(wrap);
    return input;
  }
  var actorLine = P.el("p", null, "live-actor");
  form.appendChild(actorLine);
  field("new_influence", "input", {type: "number", min: "0", max: String(geometry.max), step: "0.1"});
  field("new_interest", "input", {type: "number", min: "0", max: String(geometry.max), step: "0.1"});
  var move = P.el("button", null, "move");
  move.type = "button";
  both(move, "Pindahkan di grid", "move on the grid");
  form.appendChild(move);
  field("by", "input", {type: "text", autocomplete: "name", maxlength: "200"});
  field("on", "input", {type: "date"}, {id: "tanggal", en: "date"});
  field("why", "textarea", {rows: "3", maxlength: "4000"});
  var save = P.el("button", null, "save");
  save.type = "submit";
  both(save, "Simpan", "save");
  form.appendChild(save);
  var message = P.el("p", null, "live-message");
  message.setAttribute("role", "status");
  form.appendChild(message);
  root.appendChild(form);
  var listTitle = P.el("h3"), list = P.el("ol", null, "live-list"), actions = P.el("p", null, "live-actions");
  root.appendChild(listTitle);
  root.appendChild(list);
  var exportButton = P.el("button", null, "export");
  exportButton.type = "button";
  both(exportButton, "Ekspor berkas", "export the file");
  actions.appendChild(exportButton);
  actions.appendChild(both(P.el("span", null, "hint"), " lalu: kg overrides import BERKAS, kg build, kg workshop",
                           "then: kg overrides import FILE, kg build, kg workshop"));
  root.appendChild(actions);

  try { fields.by.value = window.localStorage.getItem(NAME_KEY) || ""; } catch (e) { /* no storage */ }
  fields.on.value = today();
  var chosen = null, picking = false;

  function choose(id) {
    var a = byId[id];
    if (!a) return false;
    chosen = id;
    P.clear(actorLine);
    actorLine.appendChild(both(P.el("strong"), label("actor").id + ":", label("actor").en + ":"));
    actorLine.appendChild(document.createTextNode(" " + a.name + " — " + P.placement(a)));
    fields.new_influence.value = round(a.shownInfluence);
    fields.new_interest.value = round(a.shownInterest);
    return true;
  }
  function say(id, en, bad) {
    P.clear(message);
    both(message, id, en);
    message.className = "live-message" + (bad ? " bad" : "");
  }
  P.clear(actorLine);
  both(actorLine, "Klik seorang aktor di grid.", "Click an actor on the grid.");

  /* a click on an actor chooses it; after "move on the grid", the next click on the plot places it */
  var plot = document.getElementById("grid");
  plot.addEventListener("click", function (event) {
    if (picking && chosen) {
      var point = plot.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var at = point.matrixTransform(plot.getScreenCTM().inverse());
      fields.new_interest.value = round(clamp((at.x - geometry.scale.x[0]) / geometry.scale.x[1]));
      fields.new_influence.value = round(clamp((at.y - geometry.scale.y[0]) / geometry.scale.y[1]));
      picking = false;
      plot.classList.remove("picking");
      say("Posisi baru dipilih; isi alasan lalu simpan.", "New place picked; give the reason, then save.");
      event.stopPropagation();
      return;
    }
    var group = event.target.closest ? event.target.closest(".actor") : null;
    if (group) choose(group.getAttribute("data-id"));
  }, true);
  move.addEventListener("click", function () {
    if (!chosen) { say("Pilih aktor dulu.", "Choose an actor first.", true); return; }
    picking = true;
    plot.classList.add("picking");
    say("Klik tempat baru di grid.", "Click the new place on the grid.");
  });

  function problems() {
    var found = [];
    if (!chosen) found.push(["pilih aktor", "choose an actor"]);
    ["new_influence", "new_interest"].forEach(function (name) {
      var raw = fields[name].value, value = Number(raw);
      if (raw === "" || !isFinite(value) || value < 0 || value > geometry.max) {
        found.push([label(name).id + ": 0-" + geometry.max, label(name).en + ": 0-" + geometry.max]);
      }
    });
    if (!fields.by.value.trim()) found.push([label("by").id + " wajib diisi", label("by").en + " is required"]);
    if (!fields.why.value.trim()) found.push([label("why").id + " wajib diisi", label("why").en + " is required"]);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(fields.on.value)) found.push(["tanggal wajib diisi", "the date is required"]);
    return found;
  }
  function newId(actor) {
    var d = new Date(), stamp = d.getFullYear() + pad(d.getMonth() + 1) + pad(d.getDate()) + "-" + pad(d.getHours()) +
        pad(d.getMinutes()) + pad(d.getSeconds());
    var id = "override-" + (ID.test(actor) ? actor : "actor") + "-" + stamp, n = 1, base = id;
    while (recorded.some(function (o) { return o.id === id; }) || imported[id]) { n += 1; id = base + "-" + n; }
    return id;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var found = problems();
    if (found.length) {
      say("Belum disimpan: " + found.map(function (f) { return f[0]; }).join("; "),
          "not saved: " + found.map(function (f) { return f[1]; }).join("; "), true);
      return;
    }
    var a = byId[chosen];
    var entry = {id: newId(chosen), actor: chosen, by: fields.by.value.trim(), on: fields.on.value,
                 why: fields.why.value.trim(), old_influence: round(a.shownInfluence),
                 new_influence: round(fields.new_influence.value), old_interest: round(a.shownInterest),
                 new_interest: round(fields.new_interest.value)};
    recorded.push(entry);
    if (!store(recorded)) {
      recorded.pop();
      say("Tidak dapat disimpan di peramban ini; ekspor sekarang.", "could not be kept in this browser; export now.", true);
      return;
    }
    try { window.localStorage.setItem(NAME_KEY, entry.by); } catch (e) { /* no storage */ }
    fields.why.value = "";
    say("Disimpan di peramban ini (" + entry.id + ").", "kept in this browser.");
    redraw();
  });

  /* ---- the list and the grid layer ---- */
  var layer = svg("g", {id: "live-layer"});
  plot.appendChild(layer);
  function redraw() {
    P.clear(list);
    P.clear(listTitle);
    both(listTitle, "Tercatat di peramban ini: " + recorded.length, "recorded in this browser: " + recorded.length);
    while (layer.firstChild) layer.removeChild(layer.firstChild);
    recorded.forEach(function (o, index) {
      var a = byId[o.actor], item = P.el("li", null, "live-item" + (imported[o.id] ? " imported" : ""));
      item.setAttribute("data-id", o.id);
      item.appendChild(P.el("div", (a ? a.name : o.actor) + " — " + label("new_influence").id + " " + P.score(o.new_influence) +
                                   " · " + label("new_interest").id + " " + P.score(o.new_interest), "what"));
      var dl = P.el("dl");
      P.row(dl, label("by").id, o.by);
      P.row(dl, "tanggal", o.on);
      P.row(dl, label("why").id, o.why);
      item.appendChild(dl);
      if (imported[o.id]) item.appendChild(both(P.el("p", null, "hint"), "sudah diimpor ke fakta", "already in the facts"));
      var remove = P.el("button", null, "remove");
      remove.type = "button";
      both(remove, "Hapus", "delete");
      remove.addEventListener("click", function () {
        recorded.splice(index, 1);
        store(recorded);
        redraw();
      });
      item.appendChild(remove);
      list.appendChild(item);
      var spot = spots[o.actor];
      if (!spot) return;
      var x = geometry.scale.x[0] + Number(o.new_interest) * geometry.scale.x[1];
      var y = geometry.scale.y[0] + Number(o.new_influence) * geometry.scale.y[1], r = geometry.marker / 2 * 1.3;
      var group = svg("g", {"class": "live-override", "data-id": o.id, "data-actor": o.actor});
      group.appendChild(svg("line", {x1: spot.at[0], y1: spot.at[1], x2: x, y2: y, "class": "live-arrow"}));
      group.appendChild(svg("polygon", {points: [x, y - r, x + r, y, x, y + r, x - r, y].join(" "), "class": "live-marker"}));
      layer.appendChild(group);
    });
    exportButton.disabled = !recorded.length;
  }

  /* ---- the export: a fact file of one section, one key per line; JSON is YAML, a comment says what it is ---- */
  function exportText() {
    var header = "# Overrides recorded on the grid page of " + JSON.stringify(data.page.session) + ".\n" +
                 "# Import with: kg overrides import THIS-FILE --facts facts\n";
    var body = recorded.map(function (o) {
      return {id: o.id, actor: o.actor, by: o.by, on: o.on, why: o.why, old_influence: o.old_influence,
              new_influence: o.new_influence, old_interest: o.old_interest, new_interest: o.new_interest};
    });
    // JSON leaves DEL, C1 controls, NEL, the line and paragraph separators and BOM raw; YAML would read some of them
    // as line breaks, so they are written as escapes too: the file reads back as the very text typed.
    return (header + JSON.stringify({overrides: body}, null, 2) + "\n").replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g,
      function (c) { return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4); });
  }
  function fileName() { return "kg-overrides-" + today() + ".yaml"; }
  exportButton.addEventListener("click", function () {
    var blob = new Blob([exportText()], {type: "application/x-yaml"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = fileName();
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });

  redraw();
  window.kgOverrides = {recorded: function () { return recorded.slice(); }, choose: choose, exportText: exportText,
                        key: KEY};
})();
