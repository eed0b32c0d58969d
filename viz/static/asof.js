/* The date control of the as-of page (loaded after viz.js): the date field and the slider move
 * together, and the ties without a known date are counted, hidden by default, and when shown
 * drawn dotted and listed by name. A tie's date is known when its "onDate" is "known"; any other
 * value (undated, or one a later build adds, such as an imprecise date) counts as not known.
 * Text from the facts goes into the page through textContent only.
 */
(function () {
  "use strict";
  var kgViz = window.kgViz, data = kgViz && kgViz.data;
  var dateInput = document.getElementById("asof");
  if (!dateInput || !data || !data.date) return;
  var stops = data.date.dates, steps = document.getElementById("asof-steps");
  var undatedBox = document.getElementById("undated"), count = document.getElementById("undated-count");
  var list = document.getElementById("undated-list");
  var notKnown = data.edges.filter(function (e) { return kgViz.edgeInfo[e.id].onDate !== "known"; });
  var asOf = data.date.initial, undated = false;

  function el(tag, text) {
    var element = document.createElement(tag);
    if (text !== undefined) element.textContent = String(text);
    return element;
  }
  /* The slider's stop for a date: the last stop on or before it (the first stop before them all). */
  function stopOf(date) {
    var at = 0;
    stops.forEach(function (stop, i) { if (stop <= date) at = i; });
    return at;
  }
  function show() {
    kgViz.applyDate(asOf, undated);
    dateInput.value = asOf;
    steps.value = String(stopOf(asOf));
    undatedBox.checked = undated;
    var t = window.kgI18n.t;
    count.textContent = t("undated count", notKnown.length, data.edges.length) +
      t(undated ? "undated shown" : "undated hidden");
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!undated) return;
    notKnown.forEach(function (e) {
      if (kgViz.edges.get(e.id).hidden) return;
      var item = el("li"), button = el("button", kgViz.label(e.from) + " — " + kgViz.rel(kgViz.edgeInfo[e.id].relation) + " → " +
                                                 kgViz.label(e.to));
      button.type = "button";
      button.className = "link";
      button.addEventListener("click", function () { kgViz.select(e.from); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }
  if (stops.length) { dateInput.min = stops[0]; dateInput.max = stops[stops.length - 1]; }
  steps.max = String(Math.max(0, stops.length - 1));
  steps.disabled = !stops.length;
  dateInput.addEventListener("change", function () {
    if (/^\d{4}-\d{2}-\d{2}$/.test(dateInput.value)) { asOf = dateInput.value; show(); }
  });
  dateInput.addEventListener("input", function () {
    if (/^\d{4}-\d{2}-\d{2}$/.test(dateInput.value)) { asOf = dateInput.value; show(); }
  });
  steps.addEventListener("input", function () { asOf = stops[Number(steps.value)]; show(); });
  undatedBox.addEventListener("change", function () { undated = undatedBox.checked; show(); });
  kgViz.setDate = function (date, withUndated) { asOf = date; undated = withUndated; show(); };
  kgViz.notKnown = notKnown.length;
  show();
})();
