/* The stakeholder register page: one row per actor from the page's data, sortable, filterable by region, type
 * and text, each row opening on the actor's facts and the evidence of its scores (built by assets/pack.js). */
(function () {
  "use strict";

  var P = window.kgPack, data = P.data, t = P.t, term = P.term;
  var region = "", type = "";
  function posts(a) {
    return a.posts.map(function (p) {
      var marks = (p.acting ? [term(p.tenure) + ", " + term("acting")] : [])
        .concat(p.undated ? [p.onDate === "imprecise" ? t("p.imprecise mark") : t("p.undated mark")] : []);
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
      return a.overrides.length ? text + " (" + t("p.derived", P.score(a[name])) + ")" : text;
    };
  }
  var table = P.sheet({
    noun: t("p.actors"),
    rows: data.actors,
    columns: [
      {label: t("c.name"), text: function (a) { return a.name; }},
      {label: t("c.type"), text: function (a) { return term(a.type); }},
      {label: t("c.posts"), text: posts},
      {label: t("c.regions"), text: function (a) { return a.regions.join("; "); }},
      {label: t("c.influence"), numeric: true, text: withDerived("influence"), sort: shown.influence},
      {label: t("c.interest"), numeric: true, text: withDerived("interest"), sort: shown.interest},
      {label: t("c.quadrant"), text: function (a) { return term(a.quadrant); }},
      {label: t("c.pledges"), numeric: true, text: function (a) { return String(a.pledges.length); },
       sort: function (a) { return a.pledges.length; }},
      {label: t("c.sources"), numeric: true, text: function (a) { return String(a.independentSources); },
       sort: function (a) { return a.independentSources; }},
      {label: t("c.last seen"), text: function (a) { return a.lastSeen || t("no date"); },
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
  var typeSelect = P.selectFilter("type-filter", data.types.map(function (type) { return {id: type, label: term(type)}; }),
                                  function () { type = typeSelect.value; table.apply(); });
  // register.html#<actor> (from the grid's panel) opens that actor's row
  if (location.hash.length > 1) table.open(decodeURIComponent(location.hash.slice(1)));
  window.kgRegister = table;
  P.drawn();
})();
