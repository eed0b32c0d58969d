"""The names the drafting rules look for, read from the facts and the ontology, not kept in Python.

- Known entities: each record's `name` and `aliases`, and every name as written in a `mentions`
  quote of any article ("H. Edward Chandra", "Pemerintah Sumsel").
- Post roles: the Indonesian labels of the `post-role` concepts in ontology/vocab.ttl
  ("Kepala Kantor Wilayah", altLabel "Kakanwil", "Sekretaris Daerah", "Sekda") and the role part of
  every known post's name ("Wakil Kepala Kepesertaan BPJS Ketenagakerjaan Sumbagsel").
- Tenures: "Plh (Pelaksana Harian)" in vocab.ttl gives both the short and the long form.
- Event, regulation and segment words: the labels of their concepts (`skos:prefLabel`/`altLabel` @id).

Honorifics and degrees ("H.", "Dr", "M.Si") are part of how Indonesian news writes a name, not
data about anyone, so they are the one list kept here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from kg.facts.indonesian import HONORIFICS
from kg.facts.model import Model
from kg.namespaces import KGV

# "dr" (a physician) is written in lower case; the rest as kg.facts.indonesian lists them
HONORIFIC = rf"(?:(?:{'|'.join((*HONORIFICS, 'dr'))})\.?\s+)"
DEGREE = r"(?:\s*,\s*(?:S|M|Dr|Ir|Drs)\.?\s?[A-Z][A-Za-z]{0,3}\.?(?:\s?[A-Z][a-z]?\.?)?)"
NAME_WORD = r"[A-Z][a-z]+(?:[-'][A-Za-z]+)?"
SEP = re.compile(r"\s*\(([^)]*)\)\s*$")


def clean_person_name(written: str) -> str:
    """"Dr H Agus Fatoni,M.Si" -> "Agus Fatoni"."""
    name = re.sub(rf"^{HONORIFIC}+", "", written.strip())
    name = re.sub(rf"{DEGREE}+$", "", name)
    return name.strip(" ,.")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def labels(model: Model, scheme: URIRef) -> dict[str, str]:
    """Indonesian label (and the short or long form in its brackets) -> notation, for one scheme."""
    found: dict[str, str] = {}
    for notation, concept in model.schemes.get(scheme, {}).items():
        for graph in (model.ontology, model.extensions):
            for pred in (SKOS.prefLabel, SKOS.altLabel):
                for value in graph.objects(concept, pred):
                    if isinstance(value, Literal) and value.language == "id":
                        for form in label_forms(str(value)):
                            found.setdefault(form, notation)
    return found


def label_forms(label: str) -> list[str]:
    """"Peraturan Gubernur (Pergub)" -> the label, "Peraturan Gubernur" and "Pergub"."""
    bracket = SEP.search(label)
    if not bracket:
        return [label]
    return [label, label[: bracket.start()].strip(), bracket.group(1).strip()]


@dataclass
class Known:
    """An entity the facts know, or one the draft adds, with every surface form to look for."""

    id: str
    section: str
    type: str = ""
    names: set[str] = field(default_factory=set)
    new: bool = False


@dataclass
class Names:
    entities: dict[str, Known]
    roles: dict[str, str]  # role phrase as written -> post-role notation
    tenures: dict[str, str]  # "Plh", "Pelaksana Harian", "Pj", "Penjabat" -> notation
    posts: dict[str, dict[str, Any]]  # post id -> its values
    event_words: dict[str, str]
    regulation_types: dict[str, str]
    segments: dict[str, str]
    existing_ids: set[str]
    role_by_type: dict[tuple[str, str], str] = field(default_factory=dict)  # (phrase, org type) -> role
    organisation_types: dict[str, str] = field(default_factory=dict)  # "pemerintah kabupaten" -> RegencyGovernment
    region_types: dict[str, str] = field(default_factory=dict)  # "kabupaten" -> Regency
    programme_types: dict[str, str] = field(default_factory=dict)  # "gerakan" -> Campaign
    _pattern: re.Pattern[str] | None = None
    _surface: dict[str, str] = field(default_factory=dict)
    _scanned: tuple[str, list[tuple[int, int, str]]] | None = None

    def scan(self, text: str) -> list[tuple[int, int, str]]:
        """Every known name in `text` as (start, end, entity), found once per text and set of names."""
        if self._scanned is None or self._scanned[0] is not text:
            pattern, _ = self.pattern()
            found = []
            for match in pattern.finditer(text):
                entity = self._surface.get(" ".join(match.group("core").split()).lower())
                if entity is None:
                    continue
                if self.entities[entity].section == "people":
                    found.append((match.start(), match.end(), entity))
                elif _bounded(text, match.start("core"), match.end("core")):
                    found.append((match.start("core"), match.end("core"), entity))
            self._scanned = (text, found)
        return self._scanned[1]

    def add(self, known: Known) -> None:
        self.entities[known.id] = known
        self._pattern = None
        self._scanned = None

    def pattern(self) -> tuple[re.Pattern[str], dict[str, str]]:
        """One alternation of every surface form, longest first, and surface (lower case) -> entity."""
        if self._pattern is None:
            surface: dict[str, str] = {}
            ambiguous: set[str] = set()
            swaps = [sorted(k.names, key=len) for k in self.entities.values()
                     if k.section in ("organisations", "regions") and len(k.names) > 1]
            for known in self.entities.values():
                for form in _variants(_forms(known), swaps):
                    key = form.lower()
                    if key in surface and surface[key] != known.id:
                        ambiguous.add(key)
                    surface.setdefault(key, known.id)
            for key in ambiguous:
                surface.pop(key)
            self._surface = surface
            # one trie of every form (a regex alternation of literals is tried form by form at every
            # offset; the trie walks each offset once), with honorifics and degrees around it
            self._pattern = re.compile(
                rf"(?<![\w-])(?P<hon>(?-i:{HONORIFIC}*))(?P<core>{_trie(sorted(surface))})(?P<deg>(?-i:{DEGREE}*))"
                r"(?![\w-])",
                re.IGNORECASE)
        return self._pattern, self._surface

    def entity_of(self, written: str) -> str | None:
        _, surface = self.pattern()
        key = re.sub(r"\s+", " ", written).lower()
        if key in surface:
            return surface[key]
        return surface.get(clean_person_name(written).lower())


def _variants(forms: set[str], swaps: list[list[str]]) -> set[str]:
    """Each form with another entity's name inside it written as one of that entity's other names:
    "Kantor Wilayah BPJS Ketenagakerjaan Sumbagsel" -> "Kantor Wilayah BPJamsostek Sumbagsel"."""
    out = set(forms)
    for form in forms:
        for names in swaps:
            for name in names:
                if len(name) >= 4 and name != form and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", form):
                    out |= {form.replace(name, other) for other in names if other != name and len(other) >= 4}
    return out


def _bounded(text: str, start: int, end: int) -> bool:
    return (start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_-")) and \
        (end == len(text) or not (text[end].isalnum() or text[end] in "_-"))


def _trie(forms: list[str]) -> str:
    """A regex matching any of `forms` (lower case), longest first; a space matches any white space."""
    if not forms:
        return "a^"
    root: dict[str, Any] = {}
    for form in forms:
        node = root
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        options = [(r"\s+" if char == " " else re.escape(char)) + emit(child)
                   for char, child in sorted(node.items()) if char]
        if not options:
            return ""
        body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _forms(known: Known) -> set[str]:
    forms = {n for n in known.names if n}
    if known.section == "people":
        forms |= {clean_person_name(n) for n in known.names}
        for name in list(forms):
            words = name.split()
            if len(words) > 1 and len(words[0]) >= 4:
                forms.add(words[0])  # "Edward" for Edward Chandra, when no other person shares it
    return {f for f in forms if len(f) >= 3 or f.isupper()}


def read_names(records: list[Any], model: Model) -> Names:
    entities: dict[str, Known] = {}
    posts: dict[str, dict[str, Any]] = {}
    ids: set[str] = set()
    for record in records:
        ids.add(record.id)
        values = record.values
        if record.section in ("people", "organisations", "regions", "programmes"):
            known = entities.setdefault(record.id, Known(record.id, record.section))
            known.type = str(values.get("type", ""))
            known.names |= {str(values["name"]), *map(str, values.get("aliases", []))}
        elif record.section == "posts":
            posts[record.id] = values
    for record in records:
        if record.section == "mentions" and record.values["entity"] in entities:
            entities[record.values["entity"]].names.add(str(record.values["quote"]))
    # a first name shared by two people is no one's short form
    firsts: dict[str, int] = {}
    for known in entities.values():
        if known.section == "people":
            for word in {clean_person_name(n).split()[0] for n in known.names if n.split()}:
                firsts[word] = firsts.get(word, 0) + 1
    roles = labels(model, KGV.PostRole)
    role_by_type: dict[tuple[str, str], str] = {}
    for post in posts.values():
        organisation = entities.get(str(post["organisation"]))
        phrase = _role_phrase(str(post["name"]), organisation)
        if phrase and organisation:
            roles.setdefault(phrase, str(post["role"]))
            role_by_type.setdefault((phrase.lower(), organisation.type), str(post["role"]))
    for notation, concept in model.schemes.get(KGV.PostRole, {}).items():
        for label in (model.label(concept, "id"),):
            head, _, rest = label.partition(" ")
            for choice, cls in model.sections["organisations"].type_choices.items():
                if rest and rest.lower() == model.label(cls, "id").lower():
                    role_by_type.setdefault((head.lower(), choice), notation)
    tenures = {form: notation for form, notation in labels(model, KGV.Tenure).items()
               if notation not in ("definitive", "acting") and "(" not in form}
    return Names(entities, roles, tenures, posts, labels(model, KGV.EventType), labels(model, KGV.RegulationType),
                 labels(model, KGV.Segment), ids, role_by_type,
                 _type_labels(model, "organisations"), _type_labels(model, "regions"),
                 _type_labels(model, "programmes"))


def _type_labels(model: Model, section: str) -> dict[str, str]:
    """The Indonesian label of each record type of a section -> its notation ("kabupaten" -> Regency)."""
    found = {}
    for notation, cls in model.sections[section].type_choices.items():
        label = model.label(cls, "id")
        if "(" not in label:
            found[label.lower()] = notation
    return found


def _role_phrase(post_name: str, organisation: Known | None) -> str:
    """The role part of a post's name: "Wakil Kepala Kepesertaan" of "Wakil Kepala Kepesertaan BPJS
    Ketenagakerjaan Sumbagsel", whose organisation is also written "BPJS Ketenagakerjaan Sumbagsel"."""
    for name in sorted(organisation.names if organisation else (), key=len, reverse=True):
        at = post_name.find(name)
        if at > 0:
            return post_name[:at].strip()
    return ""
