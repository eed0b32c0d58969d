"""People with their titles: "Kepala Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel, Muhyidin",
"Penjabat (Pj) Gubernur Sumsel, Dr H Agus Fatoni,M.Si", "Kepala BPJS Ketenagakerjaan Kantor Cabang
Palembang Mochammad Faisal". Each gives a holding, and the person, post or organisation when the
facts do not know it yet. Acting titles (Plh, Pj, Plt, written short or long) stay distinct from
definitive ones."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.draft.candidates import Candidate, Draft
from kg.draft.names import DEGREE, HONORIFIC, NAME_WORD, Known, Names, clean_person_name, slug

# after the role: capitalised words, bracketed short forms "(Plh Sekda)", and commas between them
RUN = re.compile(r"(?:[ \t]*\([^)\n]{1,40}\)|,(?=[ \t]*[A-Z])|[ \t]*(?<=[ \t,])(?:[A-Z][\w.'’-]*|dan(?=[ \t]+[A-Z])))+")
LOWER_TAIL = re.compile(r"[ \t]+([a-z]{3,})(?=[ \t]+(?:me\w+kan|berharap|mengaku|menilai)\b)")
NAME_AT_END = re.compile(rf"(?P<name>{HONORIFIC}*{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}}{DEGREE}*)\s*,?\s*$")
# organisation types a new organisation gets from the role of its head
ORG_TYPE_OF_ROLE = {"head-of-regional-office": "RegionalOffice", "head-of-branch-office": "BranchOffice",
                    "head-of-office": "Office", "governor": "ProvincialGovernment", "regent": "RegencyGovernment",
                    "member-of-parliament": "Parliament"}
HEAD_OF_TYPE = {"RegionalOffice": "head-of-regional-office", "BranchOffice": "head-of-branch-office",
                "Office": "head-of-office"}
GOVERNMENT_ROLES = {"governor": "ProvincialGovernment", "regent": "RegencyGovernment",
                    "regional-secretary": ""}


@dataclass
class Holder:
    person: str
    post: str
    start: int  # the whole "title, name" span
    end: int
    name_start: int


def draft_people(draft: Draft, names: Names) -> list[Holder]:
    text = draft.article.text
    roles = sorted(names.roles, key=len, reverse=True)
    tenures = sorted(names.tenures, key=len, reverse=True)
    tenure_re = "|".join(re.escape(t) for t in tenures)
    pattern = re.compile(
        rf"(?<![\w])(?P<tenure>(?:(?:{tenure_re})\.?\s*(?:\([^)]*\)\s*)?))?"
        rf"(?P<role>{'|'.join(re.escape(r) for r in roles)})(?![\w])", re.IGNORECASE)
    holders: list[Holder] = []
    for match in pattern.finditer(text):
        if draft.article.is_furniture(match.start()) or draft.article.in_headline(match.start()):
            continue
        holder = _title_and_name(draft, names, match)
        if holder:
            holders.append(holder)
    return holders


def _title_and_name(draft: Draft, names: Names, match: re.Match[str]) -> Holder | None:
    text = draft.article.text
    run = RUN.match(text, match.end())
    run_end = run.end() if run else match.end()
    if text[run_end - 1:run_end] == "." and re.search(r"\w{3}\.$", text[match.end():run_end]):
        run_end -= 1  # the full stop of the sentence, not an initial or a degree
    lower_tail = LOWER_TAIL.match(text, run_end)
    if lower_tail and text[run_end - 1:run_end].isalpha():  # "Abdul shoheh mengatakan": a name written in lower case
        run_end = lower_tail.end()
    tail = text[match.end():run_end]
    if lower_tail:
        tail = tail[:-len(lower_tail.group(1))] + lower_tail.group(1).capitalize()  # same length: offsets hold
    named = NAME_AT_END.search(tail)
    if not named:
        return None
    name_start = match.end() + named.start("name")
    org_text = text[match.end():name_start]
    written = text[match.end() + named.start("name"):match.end() + named.end("name")].strip()
    if "," not in org_text and names.entity_of(written) is None:
        # no comma between title and name: the organisation must be a known name, and the rest the person
        org_id = _known_prefix(names, org_text + written)
        if org_id is None:
            return None
        pattern, _ = names.pattern()
        found = pattern.match(text, match.end() + (len(text[match.end():]) - len(text[match.end():].lstrip())))
        if not found or found.end() >= name_start + len(written):
            return None
        name_start = found.end() + 1
        written = text[name_start: match.end() + named.end("name")].strip()
        org_text = text[match.end():name_start]
    if not written or written.split()[0].lower() in {"dan", "yang"} or _in_other_name(names, written):
        return None
    role = next((n for r, n in names.roles.items() if r.lower() == match.group("role").lower()), "")
    tenure = _tenure(names, match.group("tenure") or "", org_text)
    title_end = match.end() + len(org_text.split(",")[0].rstrip(" ,"))
    title = text[match.start():title_end].strip()
    person = _person(draft, names, written, name_start)
    post = _post(draft, names, role, match.group("role"), org_text, title, tenure, match.start())
    if person is None or post is None:
        return None
    holding_end = name_start + len(written)
    draft.add(Candidate("holdings", {
        "id": f"{draft.source_id}-holding-{person}-{post}", "person": person, "post": post, "tenure": tenure,
        "title_as_written": title, "evidence": [draft.evidence(match.start(), holding_end)]},
        "title-comma-name" if "," in org_text else "title-known-org-name", 0.85 if "," in org_text else 0.7,
        match.start(), text[match.start():holding_end]))
    return Holder(person, post, match.start(), holding_end, name_start)


def _in_other_name(names: Names, written: str) -> bool:
    """Whether a would-be person's name is a word of an organisation's or region's name ("Ketenagakerjaan")."""
    words = set(clean_person_name(written).lower().split())
    return any(words <= set(n.lower().split()) for k in names.entities.values()
               if k.section in ("organisations", "regions") for n in k.names)


def _known_prefix(names: Names, text: str) -> str | None:
    pattern, surface = names.pattern()
    found = pattern.match(text.lstrip())
    return surface.get(re.sub(r"\s+", " ", found.group("core")).lower()) if found else None


def _tenure(names: Names, written: str, org_text: str) -> str:
    for form in (written.strip(" .("), *re.findall(r"\(([^)]*)\)", org_text)):
        for tenure, notation in names.tenures.items():
            if form and re.match(rf"{re.escape(tenure)}\b", form, re.IGNORECASE):
                return notation
    return "definitive"


def _person(draft: Draft, names: Names, written: str, at: int) -> str | None:
    known = names.entity_of(written)
    if known:
        return known if names.entities[known].section == "people" else None
    clean = " ".join(w[:1].upper() + w[1:] for w in clean_person_name(written).split())
    if len(clean) < 3:
        return None
    person_id = draft.unique_id(slug(clean))
    names.add(Known(person_id, "people", "", {clean, written}, new=True))
    draft.add(Candidate("people", {"id": person_id, "name": clean}, "title-comma-name", 0.8, at, written))
    return person_id


def _post(draft: Draft, names: Names, role: str, title_role: str, org_text: str, title: str, tenure: str,
          at: int) -> str | None:
    if not role:
        return None
    org = _organisation(draft, names, role, org_text, at, title)
    if org is None:
        return None
    # a bare "Kepala" is whatever head the facts' posts (or the ontology's labels) show for this type of office
    org_type = names.entities[org].type
    role = names.role_by_type.get((title_role.lower(), org_type)) or (
        HEAD_OF_TYPE.get(org_type, role) if title_role.lower() == "kepala" else role)
    for post_id, post in names.posts.items():
        if post.get("role") == role and post.get("organisation") == org:
            return post_id
    post_name = re.sub(r"\s*\([^)]*\)", "", title)
    for form in names.tenures:
        post_name = re.sub(rf"^{re.escape(form)}\.?\s*", "", post_name, flags=re.IGNORECASE)
    post_id = draft.unique_id(slug(f"{role} {org}"))
    names.posts[post_id] = {"role": role, "organisation": org, "name": post_name}
    draft.add(Candidate("posts", {"id": post_id, "name": post_name.strip(" ,"), "role": role, "organisation": org},
                        "title-new-post", 0.6, at, title))
    return post_id


def _organisation(draft: Draft, names: Names, role: str, org_text: str, at: int, title: str = "") -> str | None:
    pattern, surface = names.pattern()
    where = title.split(" ", 1)[-1] + org_text[len(org_text.split(",")[0]):] if title else org_text
    found = sorted(((m.end() - m.start(), surface.get(re.sub(r"\s+", " ", m.group("core")).lower()))
                    for m in pattern.finditer(org_text.split(",")[0])), reverse=True)
    found += sorted(((m.end() - m.start(), surface.get(re.sub(r"\s+", " ", m.group("core")).lower()))
                     for m in pattern.finditer(where)), reverse=True)
    wanted = GOVERNMENT_ROLES.get(role)
    found_known = [names.entities[f] for _, f in found if f]
    orgs = [k for k in found_known if k.section == "organisations"
            and (wanted is None or ("Government" in k.type and (not wanted or k.type == wanted)))]
    place = re.sub(r"\s*\([^)]*\)", "", org_text.split(",")[0]).strip(" ,")
    if orgs and orgs[0].type == "Agency" and wanted is None and not any(
            place.lower() == n.lower() for n in orgs[0].names) and re.fullmatch(r"[\w\s.-]+", place):
        # "Kepala BPJS Ketenagakerjaan Pangkalpinang": an office of the agency, of a level not stated
        office_id = draft.unique_id(slug(place))
        names.add(Known(office_id, "organisations", "Office", {place}, new=True))
        draft.add(Candidate("organisations", {"id": office_id, "type": "Office", "name": place},
                            "title-new-office", 0.5, at, place))
        return office_id
    if orgs:
        return orgs[0].id
    regions = [k for k in found_known if k.section == "regions"]
    for region in regions[:1] if wanted is not None else []:
        for known in names.entities.values():
            if known.section == "organisations" and "Government" in known.type and (
                    not wanted or known.type == wanted) and any(
                    n.endswith(" " + r) for n in known.names for r in region.names):
                return known.id
    text = re.sub(r"\s*\([^)]*\)", "", org_text.split(",")[0]).strip(" ,")
    if not text or role not in ORG_TYPE_OF_ROLE:
        return None
    org_id = draft.unique_id(slug(text))
    names.add(Known(org_id, "organisations", ORG_TYPE_OF_ROLE[role], {text}, new=True))
    draft.add(Candidate("organisations", {"id": org_id, "type": ORG_TYPE_OF_ROLE[role], "name": text},
                        "title-new-organisation", 0.5, at, text))
    return org_id
