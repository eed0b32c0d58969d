/* The pledge and request tracker page: one row per commitment from the page's data, sortable, filterable by
 * actor (made by or addressed to), region and status, each row opening on its status history and sources. */
(function () {
  "use strict";

  var P = window.kgPack, data = P.data;
  var actor = "", region = "", status = "";
  var table = P.sheet({
    noun: "pledges and requests",
    rows: data.commitments,
    columns: [
      {label: "What", text: function (c) { return c.what; }},
      {label: "Kind", text: function (c) { return c.kind; }},
      {label: "By", text: function (c) { return c.byName; }},
      {label: "To", text: function (c) { return c.toNames; }},
      {label: "Made on", text: function (c) { return c.madeOn || "no date"; }, sort: function (c) { return c.madeOn || ""; }},
      {label: "Due", text: function (c) { return c.dueYear || ""; }},
      {label: "Status", text: function (c) { return c.status; }},
      {label: "Sources", text: function (c) { return c.sources.map(function (s) { return s.id; }).join(", "); }}
    ],
    search: function (c) { return [c.what, c.byName, c.toNames, c.regardingNames, c.status].join(" | "); },
    filters: [
      function (c) { return !actor || c.by === actor || c.to.indexOf(actor) >= 0; },
      function (c) { return !region || c.regionKeys.indexOf(region) >= 0; },
      function (c) { return !status || c.status === status; }
    ],
    details: function (c) {
      var box = P.commitment(c, {by: true});
      if (c.byPage) box.appendChild(P.pageLink(c.byPage, "open the network view of " + c.byName));
      return box;
    }
  });
  var actorSelect = P.selectFilter("actor-filter", data.actors, function () { actor = actorSelect.value; table.apply(); });
  var regionSelect = P.selectFilter("region-filter", data.regions, function () { region = regionSelect.value; table.apply(); });
  var statusSelect = P.selectFilter("status-filter", data.statuses.map(function (s) { return {id: s, label: s}; }),
                                    function () { status = statusSelect.value; table.apply(); });
  window.kgTracker = table;
  P.drawn();
})();
