/* The stakeholder register page: one row per actor from the page's data, sortable, filterable by region, type
 * and text, each row opening on the actor's facts and the evidence of its scores (built by assets/pack.js). */
(function () {
  "use strict";

  var P = window.kgPack, data = P.data;
  var region = "", type = "";
  function posts(a) {
    return a.posts.map(function (p) {
      var marks = (p.acting ? [p.tenure + ", acting"] : []).concat(p.undated ? [p.onDate === "imprecise" ? "imprecise" : "undated"] : []);
      return p.name + (marks.length ? " (" + marks.join(", ") + ")" : "");
    }).join("; ");
  }
  var shown = {
    influence: function (a) { return a.overrides.length ? a.shownInfluence : a.influence; },
    interest: function (a) { return a.overrides.length ? a.shownInterest : a.interest; }
  };
  function withDerived(name) {
    return function (a) {
      var text = P.score(shown[name](a));
      return a.overrides.length ? text + " (derived " + P.score(a[name]) + ")" : text;
    };
  }
  var table = P.sheet({
    noun: "actors",
    rows: data.actors,
    columns: [
      {label: "Name", text: function (a) { return a.name; }},
      {label: "Type", text: function (a) { return a.type; }},
      {label: "Posts", text: posts},
      {label: "Regions", text: function (a) { return a.regions.join("; "); }},
      {label: "Influence", numeric: true, text: withDerived("influence"), sort: shown.influence},
      {label: "Interest", numeric: true, text: withDerived("interest"), sort: shown.interest},
      {label: "Quadrant", text: function (a) { return a.quadrant; }},
      {label: "Pledges", numeric: true, text: function (a) { return String(a.pledges.length); },
       sort: function (a) { return a.pledges.length; }},
      {label: "Sources", numeric: true, text: function (a) { return String(a.independentSources); },
       sort: function (a) { return a.independentSources; }},
      {label: "Last seen", text: function (a) { return a.lastSeen || "no date"; },
       sort: function (a) { return a.lastSeen || ""; }}
    ],
    search: function (a) {
      return [a.name].concat(a.aliases, a.organisations, a.regions, a.posts.map(function (p) { return p.name; })).join(" | ");
    },
    filters: [
      function (a) { return !region || a.regionKeys.indexOf(region) >= 0; },
      function (a) { return !type || a.type === type; }
    ],
    details: function (a) { return P.actorDetails(a, false); }
  });
  var regionSelect = P.selectFilter("region-filter", data.regions, function () { region = regionSelect.value; table.apply(); });
  var typeSelect = P.selectFilter("type-filter", data.types.map(function (t) { return {id: t, label: t}; }),
                                  function () { type = typeSelect.value; table.apply(); });
  // register.html#<actor> (from the grid's panel) opens that actor's row
  if (location.hash.length > 1) table.open(decodeURIComponent(location.hash.slice(1)));
  window.kgRegister = table;
  P.drawn();
})();
