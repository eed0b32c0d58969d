"""Sentences the stories of `kg synth` share: officials with their titles, quotes, dates, figures.

Each helper writes text into a Draft and records the facts it states, with the spans of the
text as their evidence.
"""

from __future__ import annotations

import zlib
from datetime import date

from kg.synth.articles import (
    PROGRAMMES,
    WEEKDAYS,
    Draft,
    Entity,
    Programme,
    Span,
    english_count,
    english_percent,
    long_date,
    month_text,
    percent_text,
    workers_text,
)
from kg.synth.entities import Org, Post, Region, Stint
from kg.synth.yaml_writer import Plain

ACTING = {"definitive": ("",), "Pj": ("Pj ", "Penjabat (Pj) "), "Plt": ("Plt ", "Pelaksana Tugas (Plt) "),
          "Plh": ("Plh ", "Pelaksana Harian (Plh) ")}
VERBS = ("ujar", "kata", "ungkap", "jelas", "tutur")
AGENCY_SAYS = (
    ("Perlindungan jaminan sosial ketenagakerjaan sangat penting agar pekerja dan keluarganya tidak jatuh miskin "
     "ketika terjadi risiko kerja", "Social-security protection matters so that workers and their families do not "
     "fall into poverty when a work risk occurs."),
    ("Tugas kami adalah memperluas cakupan kepesertaan dan memberikan pelayanan terbaik kepada masyarakat",
     "The office's task is to widen coverage and give the public the best service."),
    ("Dengan iuran yang terjangkau, pekerja informal sudah bisa terlindungi dari risiko kecelakaan kerja dan "
     "kematian", "With affordable contributions, informal workers can be protected against work accidents and death."),
    ("Kolaborasi dengan pemerintah daerah menjadi kunci untuk mencapai cakupan semesta",
     "Collaboration with the regional government is the key to universal coverage."),
)
GOVERNMENT_SAYS = (
    ("Pemerintah daerah berkomitmen melindungi seluruh pekerja, baik formal maupun informal",
     "The regional government is committed to protecting all workers, formal and informal."),
    ("Kami akan mendorong perusahaan dan perangkat daerah untuk mendaftarkan pekerjanya",
     "The government will push companies and regional agencies to enrol their workers."),
    ("Perlindungan pekerja rentan adalah bagian dari upaya kami menekan angka kemiskinan",
     "Protecting vulnerable workers is part of the effort to reduce poverty."),
)
PARLIAMENT_SAYS = (
    ("DPRD siap mendukung penganggaran iuran bagi pekerja rentan",
     "The DPRD is ready to support budgeting the contributions of vulnerable workers."),
    ("Sosialisasi program jaminan sosial ketenagakerjaan harus sampai ke desa-desa",
     "Outreach on employment social security must reach the villages."),
)
FURNITURE = ("BACA JUGA: Harga Cabai Merah di Pasar Tradisional Mulai Turun",
             "Baca Juga: Jadwal Samsat Keliling Pekan Ini", "BACA JUGA: Festival Kuliner Nusantara Digelar Akhir Pekan",
             "Berita Terkait: Cuaca Cerah Berawan Hari Ini")


def title_pieces(d: Draft, post: Post, tenure: str) -> list[tuple[str, Entity | None]]:
    """A post's title as an article writes it, the organisation or region inside it named as an entity."""
    rng, org = d.world.rng, post.org
    acting = rng.choice(ACTING[tenure])
    region = org.region
    assert region is not None or post.role == "director-of-membership"
    if post.role == "head-of-branch-office":
        assert region is not None
        lead, name = rng.choice(((f"{acting}Kepala ", f"BPJS Ketenagakerjaan Cabang {region.short}"),
                                 (f"{acting}Kepala Kantor Cabang ", f"BPJS Ketenagakerjaan {region.short}"),
                                 (f"{acting}Kepala ", f"BPJamsostek Cabang {region.short}")))
        return [(lead, None), (name, org)]
    if post.role == "head-of-regional-office":
        return [(f"{acting}{rng.choice(('Kepala Kantor Wilayah (Kakanwil) ', 'Kakanwil '))}", None), (org.short, org)]
    if post.role == "deputy-head-membership":
        return [(f"{acting}Wakil Kepala Kepesertaan ", None), (org.short, org)]
    if post.role == "director-of-membership":
        return [(f"{acting}Direktur Kepesertaan ", None), ("BPJS Ketenagakerjaan", org)]
    if post.role == "member-of-parliament":
        return [(rng.choice(("Anggota ", "Anggota Komisi IV ")), None), (org.short, org)]
    assert region is not None
    if post.role == "regional-secretary":
        where = region.name if region.kind == "City" else rng.choice((region.short, region.name))
        return [(f"{acting}{rng.choice(('Sekda ', 'Sekretaris Daerah (Sekda) '))}", None), (where, region)]
    return [(f"{acting}{'Gubernur' if post.role == 'governor' else 'Bupati'} ", None), (region.short, region)]


def official(d: Draft, post: Post, stint: Stint, day: date, event: str, comma: bool = True,
             started: date | None = None) -> Span:
    """Write "title, name as written" and record the holding it shows."""
    pieces = title_pieces(d, post, stint.tenure)
    span = d.pieces(pieces)
    d.put(", " if comma else " ")
    d.mention(stint.person, stint.person.written)
    if started:
        d.put(f" yang dilantik pada {long_date(started).split(', ')[1]}")
    d.holding(post, stint, "".join(text for text, _ in pieces), (span[0], d.pos), event, day, started)
    return span[0], d.pos


def say(d: Draft, stint: Stint, post: Post, event: str, pool: tuple[tuple[str, str], ...]) -> None:
    """A direct quote, attributed as "ujar Edward"."""
    quote, summary = d.world.rng.choice(pool)
    d.put("\n\n“")
    said = d.put(quote)
    d.put(",” ")
    start = d.put(d.world.rng.choice(VERBS) + " ")[0]
    d.mention(stint.person, stint.person.short)
    evidence = [said, (start, d.pos)]
    d.put(".")
    d.add("statements", f"st-{stint.person.id}-{len(d.records)}", [
        ("speaker", Plain(stint.person.id)), ("role", Plain(post.id)), ("at_event", Plain(event)),
        ("quote_type", Plain("direct")), ("summary", summary)], evidence)


def written_date(d: Draft, day: date) -> tuple[str, str, str | None]:
    """The event date as written, how it was obtained, and a note when the year comes from context."""
    pick = d.world.rng.random()
    weekday = WEEKDAYS[day.weekday()]
    if pick < 0.5:
        return f"{weekday} ({day.day}/{day.month}/{day.year})", "stated", None
    if pick < 0.85:
        return long_date(day), "stated", None
    return (f"{weekday} ({day.day}/{day.month})", "weekday-and-context",
            "The year comes from the article's publication date; the weekday confirms it.")


def office_of(region: Region) -> tuple[Org, Post]:
    office = region.regional_office if region.kind == "Province" else region.branch
    assert office is not None
    return office, office.posts["head-of-regional-office" if region.kind == "Province" else "head-of-branch-office"]


def host_post(d: Draft, region: Region) -> Post:
    gov = region.government
    assert gov is not None
    if region.kind == "City" or d.world.rng.random() < 0.25:
        return gov.posts["regional-secretary"]
    return gov.posts["governor" if region.kind == "Province" else "regent"]


def holder(post: Post, day: date) -> Stint:
    stint = post.holder(day)
    assert stint is not None, (post.id, day)
    return stint


def paragraph(d: Draft) -> None:
    if d.world.rng.random() < 0.15:
        d.put("\n\n" + d.world.rng.choice(FURNITURE))
    d.put("\n\n")


def add_event(d: Draft, kind: str, event: str, name: str, day: date, region: Region,
              written: tuple[str, str, str | None], lead: Span, participants: list[str],
              venue: tuple[str, Org] | None = None, part_of: Programme | None = None) -> None:
    text, basis, note = written
    fields = [("type", Plain(kind)), ("name", name), ("date", day), ("date_as_written", text),
              ("date_basis", Plain(basis))]
    if venue:
        fields += [("venue_as_written", venue[0]), ("venue", Plain(venue[1].id))]
    fields += [("region", Plain(region.id)), ("participants", [Plain(p) for p in dict.fromkeys(participants)])]
    if part_of:
        fields.append(("part_of", Plain(part_of.id)))
    if note:
        fields.append(("note", note))
    d.add("events", event, fields, [lead], once=True)


def coverage(d: Draft, region: Region, month: int, speaker: Stint, post: Post, event: str,
             start: int | None = None) -> None:
    """The month's coverage rate, covered and potential workers, as one reported statement (from `start`)."""
    if start is None:
        start = d.pos
        d.mention(speaker.person, speaker.person.short)
        d.put(" memaparkan, ")
    clause = d.pos
    d.put(f"hingga {month_text(month)} cakupan kepesertaan BPJS Ketenagakerjaan di ")
    d.mention(region, region.name if region.kind == "Province" else region.short)
    rate, covered, potential = (percent_text(region.rate(month)), workers_text(region.covered(month)),
                                workers_text(region.potential()))
    d.put(f" baru mencapai {rate} atau {covered} dari {potential} yang berpotensi menjadi peserta")
    span = (clause, d.pos)
    d.put(".")
    for measure, written, unit in (("coverage-rate", rate, "percent"), ("covered-workers", covered, "workers"),
                                   ("potential-workers", potential, "workers")):
        d.figure(measure, measure, written, unit, span, region=region, segment="all-workers", month=month,
                 by=speaker.person, event=event)
    d.add("statements", f"st-{speaker.person.id}-coverage", [
        ("speaker", Plain(speaker.person.id)), ("role", Plain(post.id)), ("at_event", Plain(event)),
        ("quote_type", Plain("indirect")),
        ("summary", f"{speaker.person.name} said coverage in {region.name} had reached {english_percent(rate)} "
                    f"({english_count(covered)} of {english_count(potential)} workers) by {month_text(month)}.")],
        [(start, d.pos - 1)])


def regulation(d: Draft, region: Region, gov: Org, bureau: Stint, day: date, event: str) -> None:
    """A regulation in force (defined where first cited, mentioned after), or one the office asks for."""
    code = zlib.crc32(region.id.encode())
    kind, long = {"Province": ("Pergub", "Peraturan Gubernur"), "Regency": ("Perbup", "Peraturan Bupati"),
                  "City": ("Perwali", "Peraturan Wali Kota")}[region.kind]
    number, year = code % 40 + 1, 2015 + code % 8
    if code % 5 < 3 and year < day.year:
        title = "Perlindungan Jaminan Sosial Ketenagakerjaan bagi Pekerja Rentan"
        reg_id = f"{kind.lower()}-{region.base}-{number}-{year}"
        d.mention(gov, gov.short)
        d.put(" sendiri telah memiliki ")
        written = f"{long} ({kind}) {region.short} Nomor {number} Tahun {year} tentang {title}"
        if reg_id in d.world.defined:
            d.cite(reg_id, written)
        else:
            d.world.defined.add(reg_id)
            span = d.put(written)
            d.add("regulations", reg_id, [
                ("type", Plain(kind)), ("title", title), ("number", str(number)), ("year", Plain(str(year))),
                ("region", Plain(region.id)), ("issuer", Plain(gov.id)), ("status", Plain("in-force"))], [span],
                once=True)
        d.put(".")
        return
    start = d.pos
    d.mention(bureau.person, bureau.person.short)
    d.put(" juga meminta ")
    d.mention(gov, gov.short)
    d.put(f" menerbitkan {long} tentang kewajiban kepesertaan BPJS Ketenagakerjaan bagi seluruh pekerja di ")
    d.mention(region, region.short)
    span = (start, d.pos)
    d.put(".")
    reg_id = d.add("regulations", f"{d.sid}-reg-{region.base}-kepesertaan", [
        ("type", Plain(kind)), ("region", Plain(region.id)), ("issuer", Plain(gov.id)),
        ("status", Plain("requested"))], [span], once=True)
    d.add("commitments", "c-request-regulation", [
        ("kind", Plain("request")), ("by", Plain(bureau.person.id)), ("to", [Plain(gov.id)]),
        ("what", f"Issue a {kind} making BPJS Ketenagakerjaan membership mandatory for all workers in {region.name}."),
        ("regarding", [Plain(reg_id)]), ("status", Plain("unknown")), ("at_event", Plain(event))], [span])


def pledge(d: Draft, region: Region, gov: Org, office: Org, host: Stint, day: date, event: str) -> None:
    """The head of region pledges to pay vulnerable workers' contributions next year (a target figure too)."""
    year = day.year + 1
    funded = workers_text(region.funded_target(year))
    paragraph(d)
    start = d.pos
    d.mention(host.person, host.person.short)
    d.put(" berjanji ")
    d.mention(gov, gov.short)
    d.put(" akan menanggung iuran program ")
    d.mention(PROGRAMMES["jkk"], "Jaminan Kecelakaan Kerja (JKK)")
    d.put(" dan ")
    d.mention(PROGRAMMES["jkm"], "Jaminan Kematian (JKM)")
    d.put(f" bagi {funded} rentan pada {year}")
    span = (start, d.pos)
    d.put(".")
    d.figure("funded-target", "government-funded-workers", funded, "workers", span, kind="target", region=region,
             segment="pekerja-rentan", year=year, by=host.person, event=event)
    d.add("commitments", "c-pledge-contributions", [
        ("kind", Plain("pledge")), ("by", Plain(host.person.id)), ("to", [Plain(office.id)]),
        ("what", f"{gov.name} will pay the JKK and JKM contributions of {english_count(funded)} vulnerable "
                 f"workers in {year}."), ("regarding", [Plain("jkk"), Plain("jkm")]), ("due_year", Plain(str(year))),
        ("status", Plain(d.world.rng.choice(("unknown", "in-progress")))), ("at_event", Plain(event))], [span])


def member_present(d: Draft, region: Region, day: date, event: str) -> str:
    """A DPRD member present at the event, with a direct quote; returns the member's ID."""
    post, stint = d.world.nation.member(region, day, d.world.rng)
    paragraph(d)
    d.put("Turut hadir dalam kegiatan tersebut ")
    official(d, post, stint, day, event, comma=False, started=stint.start if d.world.rng.random() < 0.5 else None)
    d.stop()
    say(d, stint, post, event, PARLIAMENT_SAYS)
    return stint.person.id


