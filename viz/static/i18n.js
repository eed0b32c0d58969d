/* Every page in Bahasa Indonesia first, with a switch to English (loaded before the other page scripts): the graph
 * views, and the register, grid and tracker (keys "p.", "c." and "g.", used by pack.js and the page scripts).
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
      /* big views clustered (viz/static/clusters.js) */
      "cluster.hint": "Dikelompokkan: {0} kelompok (komunitas Louvain) dari {1} entitas. Klik kelompok untuk " +
                      "membukanya; pencarian menemukan setiap entitas.",
      "cluster.name": "Kelompok {0}", "cluster.members": "{0} entitas", "cluster.tip": "{0} entitas, klik untuk membuka",
      "cluster.close": "tutup kelompok", "cluster.open": "buka {0}", "cluster.ties": "{0} ikatan antara {1} dan {2}",
      "cluster.main": "Anggota utama (PageRank tertinggi):",
      "cluster.counts": "Kelompok yang tampil: {0}; {1} dari {2} entitas lolos filter.",
      "home": "← semua tampilan", "find": "Cari nama, jabatan, singkatan atau alias", "placeholder": "mis. Sekda, Muhyidin",
      "asof": "Per tanggal", "show.undated": "tampilkan ikatan tanpa tanggal yang diketahui",
      "date.rule": "Ikatan tampil sejak tanggal mulainya (atau tanggal pertama teramati) hingga tanggal selesainya, " +
                   "jika ada. Entitas tampil selama salah satu ikatannya tampil.",
      "types": "Jenis entitas", "region": "Wilayah", "all.regions": "semua wilayah", "all.types": "semua jenis",
      "all.actors": "semua aktor", "all.statuses": "semua status", "relations": "Relasi",
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
      "switch": "English",
      "p.seen": "teramati {0}", "p.seen span": "teramati {0} s.d. {1}", "p.named": "tempat artikel menyebut mereka:",
      "p.by": "oleh", "p.to": "kepada", "p.regarding": "perihal", "p.made on": "dibuat pada", "p.due": "tenggat",
      "p.status history": "riwayat status", "p.organisation": "organisasi", "p.tenure": "status jabatan",
      "p.on the date": "pada tanggal sesi",
      "p.imprecise": "tidak tepat: sumber memberi tanggal terlalu kasar untuk dipastikan, jadi mungkin berlaku, mungkin tidak",
      "p.undated": "tanpa tanggal: tidak ada sumber yang menyebut kapan, jadi mungkin berlaku, mungkin tidak",
      "p.kind": "jenis", "p.raised by": "diangkat oleh", "p.claims": "klaim", "p.quoted": "kutipan",
      "p.date": "tanggal", "p.placed": "Ditempatkan fasilitator: {0}, {1}", "p.why": "alasan",
      "p.influence": "pengaruh", "p.interest": "kepentingan", "p.placement": "pengaruh {0} · kepentingan {1}",
      "p.placement derived": " (turunan; ditampilkan di {0} · {1})", "p.influence why": "Pengaruh {0}: mengapa",
      "p.interest why": "Kepentingan {0}: mengapa",
      "p.no interest": "tidak ada janji, permintaan, dukungan, program atau acara yang tercatat",
      "p.organisations": "organisasi", "p.first seen": "pertama teramati", "p.last seen": "terakhir teramati",
      "p.posts": "Jabatan", "p.pledges": "Janji dan usulan", "p.requests made": "Permintaan yang diajukan",
      "p.requests received": "Permintaan yang diterima", "p.statements": "Pernyataan",
      "p.involvements": "Program, dukungan dan acara", "p.disagreements": "Perbedaan antarsumber",
      "p.open": "buka tampilan jaringan {0}", "p.counts": "Menampilkan {0} dari {1} {2}.",
      "p.actors": "aktor", "p.commitments": "janji dan permintaan", "p.imprecise mark": "tidak tepat",
      "p.undated mark": "tanpa tanggal", "p.derived": "turunan {0}", "p.in English": "ringkasan bahasa Inggris",
      "p.title as written": "jabatan sebagaimana tertulis", "p.in role": "dalam peran", "p.at event": "pada acara",
      "c.name": "Nama", "c.type": "Jenis", "c.posts": "Jabatan", "c.regions": "Wilayah", "c.influence": "Pengaruh",
      "c.interest": "Kepentingan", "c.quadrant": "Kuadran", "c.pledges": "Janji", "c.sources": "Sumber",
      "c.last seen": "Terakhir teramati", "c.what": "Apa", "c.kind": "Jenis", "c.by": "Oleh", "c.to": "Kepada",
      "c.made on": "Dibuat pada", "c.due": "Tenggat", "c.status": "Status",
      "g.interest": "Kepentingan / dukungan (0-10)", "g.influence": "Pengaruh (0-10)", "g.derived": "turunan",
      "g.shown at": "ditampilkan di", "g.placed": " (penempatan fasilitator)",
      "g.register": "lihat {0} di daftar pemangku kepentingan",
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
      "review.state.elsewhere": "di sumber lain: {0}"
    },
    en: {
      /* big views clustered (viz/static/clusters.js) */
      "cluster.hint": "Clustered: {0} clusters (Louvain communities) of {1} entities. Click a cluster to open it; " +
                      "search finds every entity.",
      "cluster.name": "Cluster {0}", "cluster.members": "{0} entities", "cluster.tip": "{0} entities, click to open",
      "cluster.close": "close cluster", "cluster.open": "open {0}", "cluster.ties": "{0} ties between {1} and {2}",
      "cluster.main": "Main members (highest PageRank):",
      "cluster.counts": "Clusters shown: {0}; {1} of {2} entities pass the filters.",
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
      "switch": "Bahasa Indonesia",
      "p.seen": "seen {0}", "p.seen span": "seen {0} to {1}", "p.named": "where the article names them:",
      "p.by": "by", "p.to": "to", "p.regarding": "regarding", "p.made on": "made on", "p.due": "due",
      "p.status history": "status history", "p.organisation": "organisation", "p.tenure": "tenure",
      "p.on the date": "on the session's date",
      "p.imprecise": "imprecise: the sources date it too coarsely to tell, so it may or may not hold",
      "p.undated": "undated: no source says when, so it may or may not hold",
      "p.kind": "kind", "p.raised by": "raised by", "p.claims": "claims", "p.quoted": "quoted",
      "p.date": "date", "p.placed": "Placed by a facilitator: {0}, {1}", "p.why": "why",
      "p.influence": "influence", "p.interest": "interest", "p.placement": "influence {0} · interest {1}",
      "p.placement derived": " (derived; shown at {0} · {1})", "p.influence why": "Influence {0}: why",
      "p.interest why": "Interest {0}: why",
      "p.no interest": "no pledge, request, support, programme or event on record",
      "p.organisations": "organisations", "p.first seen": "first seen", "p.last seen": "last seen",
      "p.posts": "Posts", "p.pledges": "Pledges and proposals", "p.requests made": "Requests made",
      "p.requests received": "Requests received", "p.statements": "Statements",
      "p.involvements": "Programmes, supports and events", "p.disagreements": "Disagreements",
      "p.open": "open the network view of {0}", "p.counts": "Showing {0} of {1} {2}.",
      "p.actors": "actors", "p.commitments": "pledges and requests", "p.imprecise mark": "imprecise",
      "p.undated mark": "undated", "p.derived": "derived {0}", "p.in English": "English summary",
      "p.title as written": "title as written", "p.in role": "in role", "p.at event": "at event",
      "c.name": "Name", "c.type": "Type", "c.posts": "Posts", "c.regions": "Regions", "c.influence": "Influence",
      "c.interest": "Interest", "c.quadrant": "Quadrant", "c.pledges": "Pledges", "c.sources": "Sources",
      "c.last seen": "Last seen", "c.what": "What", "c.kind": "Kind", "c.by": "By", "c.to": "To",
      "c.made on": "Made on", "c.due": "Due", "c.status": "Status",
      "g.interest": "Interest / support (0-10)", "g.influence": "Influence (0-10)", "g.derived": "derived",
      "g.shown at": "shown at", "g.placed": " (a facilitator's placement)",
      "g.register": "see {0} in the register",
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
      "review.state.elsewhere": "in another source: {0}"
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
  /* A value the ontology labels (a type, status, tenure, kind, role or quadrant) in the page's language, from
   * `terms` (English label or notation -> the @id label, read from the ontology by viz/labels.py). */
  window.kgI18n.term = function (terms, value) {
    return lang === "id" && terms && Object.prototype.hasOwnProperty.call(terms, value) ? terms[value] : value;
  };
  var button = document.getElementById("lang-switch");
  if (button) {
    button.textContent = t("switch");
    button.hidden = false;
    button.addEventListener("click", function () { window.kgI18n.set(lang === "id" ? "en" : "id"); });
  }
})();
