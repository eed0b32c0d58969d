"""New organisations and regions the article names in a form that says what they are:
"Pemerintah Kabupaten Ogan Ilir" / "Pemkab Ogan Ilir" (a regency government, whose type the ontology's
label "pemerintah kabupaten" gives), "Kabupaten Ogan Ilir" (a regency). Each is drafted once, with
the form it was first written in as its name; its other forms become mentions."""

from __future__ import annotations

import re
from bisect import bisect_right

from kg.draft.candidates import Candidate, Draft
from kg.draft.names import Known, Names, slug

# Short forms of "Pemerintah <level>", as Indonesian news writes them; the levels come from the ontology.
SHORT = {"Pemprov": "Pemerintah Provinsi", "Pemkab": "Pemerintah Kabupaten", "Pemkot": "Pemerintah Kota"}
PLACE = r"(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"


def draft_new_entities(draft: Draft, names: Names) -> None:
    text, article = draft.article.text, draft.article
    for section, types in (("organisations", names.organisation_types), ("regions", names.region_types)):
        words = [w for w in types if section == "regions" or w.startswith("pemerintah ")]
        if section == "organisations":
            words += list(SHORT)
        pattern = re.compile(rf"(?<![\w-])(?P<kind>(?i:{'|'.join(re.escape(w) for w in words)}))\s+{PLACE}(?![\w-])")
        known = names.scan(text)
        for match in pattern.finditer(text):
            if article.is_furniture(match.start()) or not match.group("kind")[0].isupper() \
                    or article.in_headline(match.start()) or _inside_known(known, match.start()):
                continue
            written = " ".join(match.group(0).split())
            if names.entity_of(written) or (names.entity_of(match.group("place")) and section == "regions"):
                continue
            kind = SHORT.get(match.group("kind").capitalize(), match.group("kind"))
            notation = types[kind.lower()]
            full = f"{kind} {match.group('place')}"
            entity_id = draft.unique_id(slug(full))
            forms = {written, full, match.group("place")} if section == "regions" else {written, full}
            short = next((s for s, long in SHORT.items() if long.lower() == kind.lower()), None)
            if short:
                forms.add(f"{short} {match.group('place')}")
            names.add(Known(entity_id, section, notation, forms, new=True))
            values: dict[str, object] = {"id": entity_id, "type": notation, "name": full}
            if written != full:
                values["aliases"] = [written]
            draft.add(Candidate(section, values, f"new-{section[:-1]}-by-type", 0.6, match.start(), written))
            known = names.scan(text)


def _inside_known(known: list[tuple[int, int, str]], offset: int) -> bool:
    i = bisect_right(known, (offset, 1 << 62, "")) - 1  # the last name starting at or before `offset`
    return i >= 0 and known[i][0] <= offset < known[i][1]


def draft_relations(draft: Draft, names: Names) -> None:
    """Relations the names themselves state: an office named after the agency it belongs to
    ("Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel" sub_organization_of BPJS Ketenagakerjaan), a
    government or office named after the region it serves ("Pemprov Babel" serves_region Bangka
    Belitung), and a regency or city written with its province ("Ogan Ilir, Sumatra Selatan")."""
    text, article = draft.article.text, draft.article
    agencies = [k for k in names.entities.values() if k.section == "organisations" and k.type == "Agency"]
    regions = [k for k in names.entities.values() if k.section == "regions"]
    done: set[tuple[str, str, str]] = set()
    scanned = [m for m in names.scan(text) if not article.is_furniture(m[0])]
    for index, (start, end, entity) in enumerate(scanned):
        known = names.entities[entity]
        quote = text[start:end]
        pairs: list[tuple[str, Known]] = []
        if known.section == "organisations" and "Office" in known.type:
            pairs += [("sub_organization_of", a) for a in agencies if a.id != entity and _names_in(a, quote)]
        if known.section == "organisations" and ("Government" in known.type or known.type == "RegionalOffice"):
            pairs += [("serves_region", r) for r in regions if _names_in(r, quote)]
        if known.section == "regions" and known.type in ("Regency", "City") and index + 1 < len(scanned):
            following = scanned[index + 1]
            if names.entities[following[2]].type == "Province" and re.fullmatch(r",\s*", text[end:following[0]]):
                pairs.append(("within_region", names.entities[following[2]]))
                quote, end = text[start:following[1]], following[1]
        for prop, other in pairs:
            if (entity, prop, other.id) in done:
                continue
            done.add((entity, prop, other.id))
            draft.add(Candidate("relations", {
                "id": f"{draft.source_id}-rel-{entity}-{prop.replace('_', '-')}-{other.id}", "subject": entity,
                "property": prop, "object": other.id, "basis": "article",
                "evidence": [draft.evidence(start, end)]}, f"name-{prop.replace('_', '-')}", 0.6, start, quote))


def _names_in(known: Known, quote: str) -> bool:
    return any(len(n) >= 4 and re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", quote) for n in known.names)


# "program BPJamsostek Masuk Desa" (an initiative); "Gerakan Serentak (Gertak) Perlindungan Pekerja" and then
# "Gertak bedah rumah" (campaigns: "gerakan" is the ontology's Indonesian label of a campaign)
PROGRAMME = re.compile(
    r"(?<![\w-])(?P<kind>[Pp]rogram|Gerakan|Gertak|Safari)\s+(?P<name>[A-Z][\w-]*(?:\s+(?:\([A-Z][\w]*\)|[A-Z][\w-]*"
    r"|(?<=Gertak )[a-z]+|[a-z]+(?=\s+[A-Z])))*)")


def draft_programmes(draft: Draft, names: Names) -> None:
    text, article = draft.article.text, draft.article
    campaign = next((n for label, n in names.programme_types.items() if label == "gerakan"), None)
    for match in PROGRAMME.finditer(text):
        if article.is_furniture(match.start()) or article.in_headline(match.start()):
            continue
        kind = match.group("kind")
        written = match.group(0) if kind != "program" and kind != "Program" else match.group("name")
        written = " ".join(written.split())
        if names.entity_of(written) or len(written.split()) < 2:
            continue
        notation = campaign if kind in ("Gerakan", "Gertak") and campaign else "Initiative"
        short = re.search(r"\((\w+)\)", written)
        name = re.sub(r"\s*\(\w+\)", "", written)
        forms = {written, name}
        if short:  # "Gerakan Serentak (Gertak) X" is also written "Gertak X"
            forms.add(short.group(1) + written[short.end():])
        entity_id = draft.unique_id(slug(name))
        names.add(Known(entity_id, "programmes", notation, forms, new=True))
        values: dict[str, object] = {"id": entity_id, "type": notation, "name": name}
        if len(forms - {name}) > 0:
            values["aliases"] = sorted(forms - {name})
        draft.add(Candidate("programmes", values, "new-programme-by-word", 0.5, match.start(), written))
