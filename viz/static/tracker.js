/* The pledge and request tracker page: one row per commitment from the page's data, sortable, filterable by
 * actor (made by or addressed to), region and status, each row opening on its status history and sources. */
(function () {
  "use strict";

  var P = window.kgPack, data = P.data, t = P.t, term = P.term;
  var actor = "", region = "", status = "";
  var table = P.sheet({
    noun: t("p.commitments"),
    rows: data.commitments,
    columns: [
      // the words as written (the evidence quote, Indonesian) first, then the English summary
      {label: t("c.what"), text: function (c) { return P.wordsText(c.words, c.what); },
       cell: function (td, c) { P.wordsFirst(td, c.words, c.what); }},
      {label: t("c.kind"), text: function (c) { return term(c.kind); }},
      {label: t("c.by"), text: function (c) { return c.byName; }},
      {label: t("c.to"), text: function (c) { return c.toNames; }},
      {label: t("c.made on"), text: function (c) { return c.madeOn || t("no date"); }, sort: function (c) { return c.madeOn || ""; }},
      {label: t("c.due"), text: function (c) { return c.dueYear || ""; }},
      {label: t("c.status"), text: function (c) { return term(c.status); }},
      {label: t("c.sources"), text: function (c) { return c.sources.map(function (s) { return s.id; }).join(", "); }}
    ],
    search: function (c) { return [c.what].concat(c.words, [c.byName, c.toNames, c.regardingNames, c.status, term(c.status)]).join(" | "); },
    filters: [
      function (c) { return !actor || c.by === actor || c.to.indexOf(actor) >= 0; },
      function (c) { return !region || c.regionKeys.indexOf(region) >= 0; },
      function (c) { return !status || c.status === status; }
    ],
    details: function (c) {
      var box = P.commitment(c, {by: true});
      if (c.byPage) box.appendChild(P.pageLink(c.byPage, t("p.open", c.byName)));
      return box;
    }
  });
  var actorSelect = P.selectFilter("actor-filter", data.actors, function () { actor = actorSelect.value; table.apply(); });
  var regionSelect = P.selectFilter("region-filter", data.regions, function () { region = regionSelect.value; table.apply(); });
  var statusSelect = P.selectFilter("status-filter", data.statuses.map(function (s) { return {id: s, label: term(s)}; }),
                                    function () { status = statusSelect.value; table.apply(); });
  window.kgTracker = table;
  P.drawn();
})();
