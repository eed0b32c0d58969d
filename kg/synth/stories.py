"""The kinds of article `kg synth` writes, in the style of Indonesian regional news.

Each story writes the body of one article about one region and one reference month (the
month its figures are "hingga", up to), and returns the headline: a courtesy visit to the head
of region, an evaluation meeting with the month's coverage figures, the launch of an outreach
programme, or an FGD on construction workers. The event is in the month after the reference
month.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from kg.synth.articles import (
    PROGRAMMES,
    RAMADAN,
    Draft,
    Programme,
    english_percent,
    month_text,
    percent_text,
    workers_text,
)
from kg.synth.entities import Org, Region, Stint
from kg.synth.nation import slug
from kg.synth.prose import (
    AGENCY_SAYS,
    GOVERNMENT_SAYS,
    VERBS,
    add_event,
    coverage,
    holder,
    host_post,
    member_present,
    office_of,
    official,
    paragraph,
    pledge,
    regulation,
    say,
    title_pieces,
    written_date,
)
from kg.synth.yaml_writer import Plain

Story = Callable[[Draft, Region, int, date, str], str]
LAUNCH_SAYS = (
    ("Program ini menyasar pekerja bukan penerima upah seperti petani, nelayan dan pedagang di desa-desa",
     "The programme targets non-wage workers such as farmers, fishers and traders in the villages."),
    ("Kami ingin tidak ada lagi pekerja di desa yang belum terlindungi jaminan sosial ketenagakerjaan",
     "The office wants no village worker left without employment social security."),
)
COMPANY_WORDS = ("Karya", "Bangun", "Cipta", "Mitra", "Tunggal", "Perkasa", "Abadi", "Sentosa", "Prima", "Utama")


def _gov(region: Region) -> Org:
    assert region.government is not None
    return region.government


def visit(d: Draft, region: Region, month: int, day: date, suffix: str) -> str:
    """A courtesy visit of the office head to the head of region (or the Sekda)."""
    rng, gov = d.world.rng, _gov(region)
    office, bpost = office_of(region)
    hpost = host_post(d, region)
    bureau, host = holder(bpost, day), holder(hpost, day)
    event = f"silaturahmi-{region.base}-{day.isoformat()}{suffix}"
    written = written_date(d, day)
    lead = d.pos
    official(d, bpost, bureau, day, event)
    d.put(" melakukan kunjungan silaturahmi ke ")
    d.mention(gov, gov.short)
    d.put(" dan diterima langsung oleh ")
    official(d, hpost, host, day, event, comma=False)
    seat = {"Province": f"Gubernur {region.short}", "Regency": f"Bupati {region.short}",
            "City": f"Sekretariat Daerah {region.name}"}[region.kind]
    venue = f"Ruang Rapat {seat}"
    d.put(f" di {venue}, {written[0]}")
    ramadan = RAMADAN[day.year][0] <= day <= RAMADAN[day.year][1]
    if ramadan:
        d.put(", dalam rangkaian ")
        d.mention(PROGRAMMES["safari-ramadan"], "Safari Ramadan")
    lead_span = (lead, d.pos)
    d.put(".")
    participants = [bureau.person.id, host.person.id]
    paragraph(d)
    d.put("Dalam pertemuan tersebut, ")
    coverage(d, region, month, bureau, bpost, event)
    say(d, bureau, bpost, event, AGENCY_SAYS)
    paragraph(d)
    start = d.pos
    d.mention(host.person, host.person.short)
    d.put(" menyambut baik kunjungan tersebut dan menyatakan ")
    support = d.pos
    d.mention(gov, gov.short)
    programme = PROGRAMMES[rng.choice(("bpjamsostek-masuk-desa", "agen-perisai", "ekosistem-desa"))]
    d.put(" mendukung program ")
    d.mention(programme, programme.name)
    d.relation(gov.id, "supports", programme.id, [(support, d.pos)])
    d.add("statements", f"st-{host.person.id}-support", [
        ("speaker", Plain(host.person.id)), ("role", Plain(hpost.id)), ("at_event", Plain(event)),
        ("quote_type", Plain("indirect")),
        ("summary", f"{host.person.name} said {gov.name} supports {programme.name}.")],
        [(start, d.pos)])
    d.put(".")
    if rng.random() < 0.6:
        pledge(d, region, gov, office, host, day, event)
    if rng.random() < 0.5:
        paragraph(d)
        regulation(d, region, gov, bureau, day, event)
    if rng.random() < 0.3:
        participants.append(member_present(d, region, day, event))
    name = f"Silaturahmi {office.short} ke {''.join(t for t, _ in title_pieces(d, hpost, 'definitive'))}"
    add_event(d, "courtesy-visit", event, name, day, region, written, lead_span, participants, (venue, gov),
              PROGRAMMES["safari-ramadan"] if ramadan else None)
    return f"{gov.short} Dukung Perlindungan Pekerja, {office.short} Silaturahmi ke {seat}"


class _Meeting(NamedTuple):
    rng: Any
    gov: Org
    office: Any
    bpost: Any
    hpost: Any
    bureau: Stint
    host: Stint
    event: str
    written: Any
    lead_span: tuple[int, int]
    venue: str


def _office_meeting(d: Draft, region: Region, day: date, event: str, what: str, room: str) -> _Meeting:
    """The opening every meeting at the branch office shares: who hosts, the lead sentence and its span.
    (The random draws happen in the same order as before, so the output stays byte-identical.)"""
    rng, gov = d.world.rng, _gov(region)
    office, bpost = office_of(region)
    hpost = host_post(d, region)
    bureau, host = holder(bpost, day), holder(hpost, day)
    written = written_date(d, day)
    lead = d.pos
    d.mention(office, office.short)
    d.put(f" menggelar {what} bersama ")
    d.mention(gov, gov.short)
    venue = f"{room} {office.short}"
    d.put(f" di {venue}, {written[0]}")
    return _Meeting(rng, gov, office, bpost, hpost, bureau, host, event, written, (lead, d.pos), venue)


def report(d: Draft, region: Region, month: int, day: date, suffix: str) -> str:
    """An evaluation meeting at the office: the month's coverage, by segment, and the year's target."""
    m = _office_meeting(d, region, day, f"rapat-evaluasi-{region.base}-{day.isoformat()}{suffix}",
                        "rapat evaluasi kepesertaan", "Aula")
    rng, gov, office, bpost, hpost, bureau, host = m.rng, m.gov, m.office, m.bpost, m.hpost, m.bureau, m.host
    event, written, lead_span, venue = m.event, m.written, m.lead_span, m.venue
    d.put(".")
    paragraph(d)
    d.put("Dalam rapat tersebut, ")
    start = official(d, bpost, bureau, day, event)[0]
    d.put(", menyampaikan bahwa ")
    coverage(d, region, month, bureau, bpost, event, start)
    d.put(" Rinciannya, segmen ")
    labels = (("PU", "Penerima Upah (PU)"), ("BPU", "Bukan Penerima Upah (BPU)"), ("Jakon", "Jasa Konstruksi (Jakon)"),
              ("pekerja-rentan", "pekerja rentan"))
    for i, (segment, label) in enumerate(labels):
        d.put(", " if 0 < i < 3 else (" dan " if i == 3 else ""))
        count = workers_text(region.covered(month, i))
        span = d.put(f"{label} sebanyak {count}")
        d.figure(f"covered-{segment.lower()}", "covered-workers", count, "workers", span, region=region,
                 segment=segment, month=month, by=bureau.person, event=event)
    d.put(".")
    if rng.random() < 0.03:  # a figure that cannot be right: more informal workers covered than workers at all
        covered = workers_text(region.covered(month))
        informal = workers_text(region.covered(month) * rng.randint(15, 30) // 10)
        d.put(" ")
        span = d.put(f"Sementara itu, pekerja informal yang sudah terlindungi disebut mencapai {informal}")
        d.put(".")
        d.figure("covered-informal", "covered-workers", informal, "workers", span, region=region, segment="informal",
                 month=month, by=bureau.person, event=event)
        d.flags.append(("implausible", ["fig-covered-informal", "fig-covered-workers"],
                        f"The informal workers said to be covered ({informal.removesuffix(' pekerja')}) outnumber all "
                        f"covered workers ({covered.removesuffix(' pekerja')}) in {region.name} in the same month; "
                        "a part cannot be larger than the whole."))
    bpu = percent_text(region.rate(month) * (region.trend.bpu_factor if region.trend else 400) // 1000)
    d.put(" ")
    span = d.put(f"Untuk segmen BPU, cakupan kepesertaan baru mencapai {bpu}")
    d.put(".")
    d.figure("coverage-rate-bpu", "coverage-rate", bpu, "percent", span, region=region, segment="BPU", month=month,
             by=bureau.person, event=event)
    year = day.year if day.month < 10 else day.year + 1
    target = f"{region.target(year)} persen"
    paragraph(d)
    d.put("“")
    said = d.put(f"Tahun {year} kami menargetkan cakupan kepesertaan di {region.short} mencapai {target}")
    d.put(",” ")
    start = d.put(rng.choice(VERBS) + " ")[0]
    d.mention(bureau.person, bureau.person.short)
    d.put(".")
    d.figure("coverage-target", "coverage-rate", target, "percent", said, kind="target", region=region,
             segment="all-workers", year=year, by=bureau.person, event=event)
    d.add("statements", f"st-{bureau.person.id}-target", [
        ("speaker", Plain(bureau.person.id)), ("role", Plain(bpost.id)), ("at_event", Plain(event)),
        ("quote_type", Plain("direct")),
        ("summary", f"The office aims at {english_percent(target)} coverage in {region.name} in {year}.")],
        [said, (start, d.pos - 1)])
    paragraph(d)
    official(d, hpost, host, day, event)
    d.put(" yang hadir dalam rapat itu menegaskan komitmen pemerintah daerah.")
    say(d, host, hpost, event, GOVERNMENT_SAYS)
    if rng.random() < 0.5:
        paragraph(d)
        bps = d.world.nation.statistics
        start = d.put("Berdasarkan data ")[0]
        d.mention(bps, "Badan Pusat Statistik (BPS)")
        count = workers_text(region.workers())
        d.put(f", terdapat {count} di {region.short}")
        d.figure("workers", "workers", count, "workers", (start, d.pos), region=region, segment="all-workers",
                 source=bps)
        d.put(".")
    add_event(d, "evaluation-meeting", event, f"Rapat Evaluasi Kepesertaan {office.short} bersama {gov.short}", day,
              region, written, lead_span, [bureau.person.id, host.person.id], (venue, office))
    headline_rate = percent_text(region.rate(month)).replace("persen", "Persen")
    return f"Cakupan Kepesertaan BPJS Ketenagakerjaan di {region.short} Capai {headline_rate}"


def launch(d: Draft, region: Region, month: int, day: date, suffix: str) -> str:
    """The launch of an outreach programme in the region, by the government and the office together."""
    rng, gov = d.world.rng, _gov(region)
    office, bpost = office_of(region)
    hpost = host_post(d, region)
    bureau, host = holder(bpost, day), holder(hpost, day)
    programme = PROGRAMMES[rng.choice(("bpjamsostek-masuk-desa", "agen-perisai"))]
    event = f"peluncuran-{programme.id}-{region.base}-{day.isoformat()}{suffix}"
    written = written_date(d, day)
    lead = d.pos
    d.mention(gov, gov.short)
    d.put(" bersama ")
    d.mention(office, office.short)
    d.put(" resmi meluncurkan program ")
    d.mention(programme, programme.name)
    d.put(" di ")
    d.mention(region, region.name)
    d.put(f", {written[0]}")
    lead_span = (lead, d.pos)
    d.put(".")
    d.relation(programme.id, "launched_at", event, [lead_span])
    d.relation(office.id, "runs", programme.id, [lead_span])
    d.put(" Peluncuran dilakukan langsung oleh ")
    official(d, hpost, host, day, event, comma=False)
    d.put(" bersama ")
    official(d, bpost, bureau, day, event)
    d.stop()
    say(d, bureau, bpost, event, LAUNCH_SAYS)
    paragraph(d)
    start = d.put("Dengan iuran mulai dari ")[0]
    fee = "Rp16.800"
    d.put(f"{fee} per bulan, pekerja sudah terlindungi program ")
    d.mention(PROGRAMMES["jkk"], "Jaminan Kecelakaan Kerja (JKK)")
    d.put(" dan ")
    d.mention(PROGRAMMES["jkm"], "Jaminan Kematian (JKM)")
    d.figure("minimum-contribution", "minimum-contribution", fee, "idr", (start, d.pos), segment="BPU",
             by=bureau.person, event=event)
    d.put(f". Hingga {month_text(month)}, ")
    rentan = workers_text(region.covered(month, 3))
    span = d.put(f"sebanyak {rentan} rentan di {region.short} telah terlindungi")
    d.put(".")
    d.figure("covered-rentan", "covered-workers", rentan, "workers", span, region=region, segment="pekerja-rentan",
             month=month, by=bureau.person, event=event)
    paragraph(d)
    start = d.pos
    d.mention(host.person, host.person.short)
    d.put(" berjanji menambah jumlah ")
    d.mention(PROGRAMMES["agen-perisai"], "agen perisai")
    year = day.year + 1
    d.put(f" di setiap desa pada {year}")
    d.add("commitments", "c-pledge-agents", [
        ("kind", Plain("pledge")), ("by", Plain(host.person.id)), ("to", [Plain(office.id)]),
        ("what", f"Add Agen Perisai agents in every village of {region.name} in {year}."),
        ("regarding", [Plain("agen-perisai")]), ("due_year", Plain(str(year))), ("status", Plain("unknown")),
        ("at_event", Plain(event))], [(start, d.pos)])
    d.put(".")
    participants = [host.person.id, bureau.person.id, gov.id, office.id]
    if rng.random() < 0.3:
        participants.append(member_present(d, region, day, event))
    add_event(d, "launch", event, f"Peluncuran {programme.name} di {region.name}", day, region, written, lead_span,
              participants, part_of=programme)
    return f"{programme.name} Resmi Diluncurkan di {region.name}"


def fgd(d: Draft, region: Region, month: int, day: date, suffix: str) -> str:
    """An FGD on protecting construction workers, with companies, a regulation and the Jakon figures."""
    m = _office_meeting(d, region, day, f"fgd-jasa-konstruksi-{region.base}-{day.isoformat()}{suffix}",
                        "Focus Group Discussion (FGD) tentang perlindungan pekerja jasa konstruksi", "Ruang Rapat")
    rng, gov, office, bpost, hpost, bureau, host = m.rng, m.gov, m.office, m.bpost, m.hpost, m.bureau, m.host
    event, written, lead_span, venue = m.event, m.written, m.lead_span, m.venue
    d.put(". FGD ini dihadiri ")
    official(d, hpost, host, day, event)
    d.put(", serta perwakilan ")
    companies = []
    count = rng.randint(1, 3)
    for i in range(count):
        d.put("" if i == 0 else (" dan " if i == count - 1 else ", "))
        name = f"PT {' '.join(rng.sample(COMPANY_WORDS, 2))} {region.short}"
        company = Org(f"pt-{slug(name.removeprefix('PT '))}", "Company", name, (), name, region=region)
        d.mention(company, name)
        companies.append(company.id)
    d.put(".")
    paragraph(d)
    d.put("Menurut ")
    start = official(d, bpost, bureau, day, event)[0]
    d.put(", ")
    clause = d.pos
    jakon = workers_text(region.covered(month, 2))
    rate = percent_text(min(950, region.rate(month) * 14 // 10))
    d.put(f"hingga {month_text(month)} pekerja jasa konstruksi yang terlindungi di {region.short} tercatat {jakon} "
          f"atau {rate} dari potensi pekerja konstruksi")
    span = (clause, d.pos)
    d.put(".")
    for measure, value, unit in (("covered-workers", jakon, "workers"), ("coverage-rate", rate, "percent")):
        d.figure(f"jakon-{measure}", measure, value, unit, span, region=region, segment="Jakon", month=month,
                 by=bureau.person, event=event)
    d.add("statements", f"st-{bureau.person.id}-jakon", [
        ("speaker", Plain(bureau.person.id)), ("role", Plain(bpost.id)), ("at_event", Plain(event)),
        ("quote_type", Plain("indirect")),
        ("summary", f"{bureau.person.name} said {english_percent(rate)} of construction workers in {region.name} "
                    f"were covered by {month_text(month)}.")], [(start, span[1])])
    say(d, bureau, bpost, event, AGENCY_SAYS)
    paragraph(d)
    regulation(d, region, gov, bureau, day, event)
    if region.kind == "Province" and hpost.role == "governor" and rng.random() < 0.6:
        _propose(d, region, host, event)
    add_event(d, "fgd", event, f"FGD Perlindungan Pekerja Jasa Konstruksi di {region.name}", day, region, written,
              lead_span, [bureau.person.id, host.person.id, *companies], (venue, office))
    return f"FGD Perlindungan Pekerja Konstruksi, {gov.short} dan {office.short} Perkuat Kepesertaan Jakon"


def _propose(d: Draft, province: Region, host: Stint, event: str) -> None:
    """The governor proposes a province-wide Gertak (simultaneous movement) for vulnerable workers."""
    gertak = Programme(f"gertak-perlindungan-pekerja-rentan-{province.base}", "Campaign",
                       f"Gertak Perlindungan Pekerja Rentan {province.short}",
                       (f"Gerakan Serentak Perlindungan Pekerja Rentan {province.short}",),
                       f"Proposed simultaneous movement (Gerakan Serentak) to protect vulnerable workers in "
                       f"{province.name}.")
    paragraph(d)
    start = d.mention(host.person, host.person.short)[0]
    d.put(" pun mengusulkan ")
    d.mention(gertak, gertak.aliases[0])
    d.put(" agar seluruh kabupaten dan kota bergerak bersama melindungi pekerja rentan")
    d.relation(host.person.id, "proposes", gertak.id, [(start, d.pos)])
    d.add("commitments", "c-propose-gertak", [
        ("kind", Plain("proposal")), ("by", Plain(host.person.id)),
        ("what", f"A simultaneous movement (Gertak) in which every regency and city of {province.name} protects "
                 "vulnerable workers."),
        ("regarding", [Plain(gertak.id)]), ("status", Plain("unknown")), ("at_event", Plain(event))],
        [(start, d.pos)])
    d.put(".")


STORIES: tuple[tuple[Story, int], ...] = ((report, 40), (visit, 30), (launch, 15), (fgd, 15))
