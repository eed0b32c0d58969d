/* The graph views in Bahasa Indonesia first, with a switch to English (loaded before the other page scripts).
 *
 * The language is Indonesian unless the reader chose English with the switch in the header, which is
 * remembered in the browser (localStorage "kg-lang"). The page's own words are below, in both
 * languages; names of entity types and relations come from the ontology's @id and @en labels, in the
 * page data (viz/catalogue.py), never from here. Elements with data-i18n="key" get the text of that key,
 * through textContent.
 */
(function () {
  "use strict";
  var WORDS = {
    id: {
      "home": "← semua tampilan", "find": "Cari nama, jabatan, singkatan atau alias", "placeholder": "mis. Sekda, Muhyidin",
      "asof": "Per tanggal", "show.undated": "tampilkan ikatan tanpa tanggal yang diketahui",
      "date.rule": "Ikatan tampil sejak tanggal mulainya (atau tanggal pertama teramati) hingga tanggal selesainya, " +
                   "jika ada. Entitas tampil selama salah satu ikatannya tampil.",
      "types": "Jenis entitas", "region": "Wilayah", "all.regions": "semua wilayah", "relations": "Relasi",
      "lines": "Garis putus panjang: pejabat sementara (Plh, Pj, Plt). Bertitik: tanggal tidak diketahui. " +
               "Lebih tebal: lebih banyak sumber independen.",
      "panel": "Klik entitas atau ikatan untuk melihat fakta dan sumbernya.",
      "from": "sejak {0}", "until": "hingga {0}", "observed": "teramati {0}", "no date": "tanpa tanggal",
      "publisher not named": "penerbit tidak disebut", "reprint of": "cetak ulang dari {0}",
      "no evidence": "tidak ada kutipan bukti", "dates": "tanggal", "status": "status", "acting": "sementara ({0})",
      "basis": "dasar", "not stated": "tidak disebut", "sources": "sumber", "independent": "{0} (independen: {1})",
      "also called": "juga disebut", "regions": "wilayah", "note": "catatan", "hidden": "disembunyikan oleh filter",
      "open view": "buka tampilan {0}", "ties here": "{0} ikatan dalam tampilan ini", "mentioned": "Disebut dalam",
      "also called hit": " (juga disebut {0})", "no hit": "tidak ada entitas bernama itu di tampilan ini",
      "counts": "Menampilkan {0} dari {1} entitas dan {2} dari {3} ikatan.",
      "undated count": "{0} dari {1} ikatan tanpa tanggal yang diketahui: ",
      "undated shown": "ditampilkan bertitik, didaftar di bawah.",
      "undated hidden": "disembunyikan (centang kotak untuk menampilkannya).",
      "detail.title as written": "jabatan sebagaimana tertulis", "detail.at event": "pada acara",
      "detail.in role": "dalam peran", "detail.due year": "tahun target", "detail.post": "jabatan",
      "detail.kind": "jenis", "detail.status": "status", "detail.measure": "ukuran",
      "title.whole": "Seluruh jaringan", "title.detailed": "Seluruh jaringan, dengan jabatan",
      "title.hierarchy": "Hierarki organisasi", "title.date": "Jaringan per tanggal",
      "subtitle.whole": "Setiap entitas dan ikatan, orang terikat langsung ke organisasinya ({0} entitas, {1} ikatan).",
      "subtitle.detailed": "Setiap entitas dan ikatan, setiap jabatan sebagai simpul antara pemegangnya dan " +
                           "organisasinya ({0} entitas, {1} ikatan).",
      "subtitle.hierarchy": "Organisasi, jabatannya dan pemegangnya, satu tingkat per kolom ({0} entitas, {1} ikatan).",
      "subtitle.date": "Pilih tanggal: ikatan tampil sejak tanggal mulai (atau pertama teramati) hingga tanggal " +
                       "selesai, jika ada.",
      "subtitle.ego": "{2}: semua yang berjarak paling jauh dua ikatan ({0} entitas, {1} ikatan).",
      "subtitle.region": "{2}: yang berada di dalamnya atau terikat dengannya ({0} entitas, {1} ikatan).",
      "subtitle.source": "Apa kata artikel ini: {0} entitas, {1} ikatan.",
      "review.kicker": "Tinjauan draf", "review.article": "Artikel", "review.records": "Rekaman draf",
      "review.how": "Klik rekaman untuk melihat kata-katanya di artikel; klik kata yang disorot untuk melihat " +
                    "rekamannya. Terima rekaman dengan menghapus baris \"candidate:\"-nya di berkas, tolak dengan " +
                    "menghapus rekamannya, lalu jalankan kg validate.",
      "review.counts": "({0} kandidat belum ditinjau dari {1} rekaman)", "review.section": "{0} rekaman",
      "review.rule": "aturan", "review.confidence": "keyakinan", "review.accepted": "diterima: tanpa baris candidate",
      "review.line": "baris {0}", "review.none": "Draf ini tidak berisi rekaman.",
      "review.no evidence": "tanpa kutipan bukti",
      "review.state.unanchored": "belum berposisi: tanpa start/end (jalankan kg anchor)",
      "review.state.mismatch": "kutipan ini tidak sama dengan teks pada {0}–{1}",
      "review.state.elsewhere": "di sumber lain: {0}",
      "switch": "English"
    },
    en: {
      "home": "← all views", "find": "Find by name, title, short form or alias", "placeholder": "e.g. Sekda, Muhyidin",
      "asof": "As of", "show.undated": "show ties without a known date",
      "date.rule": "A tie shows from its start date (else the first date it was observed on) until its end date, if " +
                   "any. Entities show while one of their ties does.",
      "types": "Entity types", "region": "Region", "all.regions": "all regions", "relations": "Relations",
      "lines": "Long dashes: an acting holder (Plh, Pj, Plt). Dotted: no known date. Thicker: more independent sources.",
      "panel": "Click an entity or a tie to see its facts and sources.",
      "from": "from {0}", "until": "until {0}", "observed": "observed {0}", "no date": "no date",
      "publisher not named": "publisher not named", "reprint of": "reprint of {0}",
      "no evidence": "no evidence span recorded", "dates": "dates", "status": "status", "acting": "acting ({0})",
      "basis": "basis", "not stated": "not stated", "sources": "sources", "independent": "{0} (independent: {1})",
      "also called": "also called", "regions": "regions", "note": "note", "hidden": "hidden by the filters",
      "open view": "open the view of {0}", "ties here": "{0} tie(s) in this view", "mentioned": "Mentioned in",
      "also called hit": " (also called {0})", "no hit": "no entity of this view has that name",
      "counts": "Showing {0} of {1} entities and {2} of {3} ties.",
      "undated count": "{0} of {1} ties have no known date: ",
      "undated shown": "shown dotted, listed below.", "undated hidden": "hidden (tick the box to show them).",
      "review.kicker": "Draft review", "review.article": "Article", "review.records": "Drafted records",
      "review.how": "Click a record to see its words in the article; click highlighted words to see their records. " +
                    "Accept a record by deleting its \"candidate:\" line in the file, reject it by deleting the " +
                    "record, then run kg validate.",
      "review.counts": "({0} candidates to review of {1} records)", "review.section": "{0} records",
      "review.rule": "rule", "review.confidence": "confidence", "review.accepted": "accepted: no candidate line",
      "review.line": "line {0}", "review.none": "This draft holds no records.",
      "review.no evidence": "no evidence quote",
      "review.state.unanchored": "not anchored: no start/end (run kg anchor)",
      "review.state.mismatch": "this quote is not what the text holds at {0}–{1}",
      "review.state.elsewhere": "in another source: {0}",
      "switch": "Bahasa Indonesia"
    }
  };
  var lang = "id";
  try {
    var saved = window.localStorage.getItem("kg-lang");
    if (saved === "en" || saved === "id") lang = saved;
  } catch (error) { /* storage refused (a strict browser setting): stay Indonesian */ }

  /* The text of a key in the page's language, with {0}, {1} … filled in; null when neither language has it. */
  function t(key) {
    var text = WORDS[lang][key], values = Array.prototype.slice.call(arguments, 1);
    if (text === undefined) text = lang === "en" ? undefined : WORDS.en[key];
    if (text === undefined) return null;
    return text.replace(/\{(\d)\}/g, function (_, i) { return String(values[Number(i)]); });
  }
  window.kgI18n = {
    lang: lang, t: t,
    /* An ontology label in the page's language: the @id one in Indonesian, when the ontology has it. */
    pick: function (en, id) { return lang === "id" && id ? id : en; },
    set: function (next) {
      try { window.localStorage.setItem("kg-lang", next); } catch (error) { /* nothing to remember it in */ }
      window.location.reload();
    }
  };
  document.documentElement.lang = lang;
  Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (element) {
    var text = t(element.getAttribute("data-i18n"));
    if (text !== null && lang !== "en") element.textContent = text;
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-i18n-placeholder]"), function (element) {
    element.placeholder = t(element.getAttribute("data-i18n-placeholder"));
  });
  var button = document.getElementById("lang-switch");
  if (button) {
    button.textContent = t("switch");
    button.hidden = false;
    button.addEventListener("click", function () { window.kgI18n.set(lang === "id" ? "en" : "id"); });
  }
})();
