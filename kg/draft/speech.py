"""Who said what, and what they pledged, asked for or proposed.

- Direct quotations: the words between quotation marks, then a verb of saying and a name
  ("… ," ungkap Edward) or a pronoun suffix ("… ," tambahnya); the suffix gives the quote to the
  nearest person named before it, marked `reading: inferred`.
- Reported speech: a sentence whose subject is a named person (or title and name) followed by a
  verb of saying ("Muhyidin … menyampaikan, …"); "Ia", "Dia" and "Menurutnya" go to the nearest
  person named before, marked inferred.
- Commitments: a statement or sentence with "akan" (pledge), "berharap", "meminta", "mengimbau",
  "mendorong" (request), "mengusulkan", "usulan" (proposal).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from kg.draft.candidates import Candidate, Draft
from kg.draft.names import Names
from kg.draft.people import Holder

SAY = r"(?:ungkap|kata|jelas|ujar|tegas|tambah|sebut|pungkas|lanjut|tutur|terang|imbuh)"
DIRECT = re.compile(rf"[“\"](?P<q>[^”\"]{{12,}}?)[”\"]\s*(?P<tag>,?\s*(?P<verb>{SAY})(?P<nya>nya)?\b(?:\s+dia)?)?",
                    re.IGNORECASE)
REPORT_VERB = re.compile(
    r"\b(?:menyampaikan|mengatakan|menegaskan|menekankan|menjelaskan|menyatakan|mengakui|menilai|mengapresiasi|"
    r"menambahkan|mengungkapkan|menuturkan|menyoroti|mendorong|berharap|mencontohkan|mengaku|menyebut|"
    r"mengimbau|meminta|mengusulkan)\b")
PIHAKNYA = re.compile(r"\b(?:[Pp]ihaknya|[Kk]ami|Ia|Dia|Menurutnya)\b")
PRONOUN = re.compile(r"^(?:Ia|Dia|Menurutnya|Beliau)\b")
COMMITMENT = (("proposal", re.compile(r"\b(?:mengusulkan|usulan|usulkan|diusulkan)\b", re.IGNORECASE)),
              ("request", re.compile(r"\b(?:berharap|meminta|mengimbau|mendorong|diharapkan|memohon)\b",
                                     re.IGNORECASE)),
              # "akan" of someone who acts: "kami akan", "pihaknya juga akan", "akan kita buat", "X akan";
              # not "tidak akan merasa", "akan mendapatkan", "sadar akan"
              ("pledge", re.compile(r"\b(?:(?:kami|kita|pihaknya|saya|dia|ia|beliau)(?:\s+(?:juga|terus|pun|segera))?"
                                    r"\s+akan|akan\s+(?:kita|kami)|berkomitmen|siap)\b", re.IGNORECASE)),
              ("pledge-subject", re.compile(r"(?<!tidak )(?<!maka )\bakan\s+(?!mendapat|merasa|terlindungi|menjadi|"
                                            r"tidak)\w+")))


@dataclass
class Said:
    speaker: str
    start: int
    end: int
    inferred: bool


class People:
    """The people named in the text, by offset, for "who is named between" and "who was named last"."""

    def __init__(self, found: list[tuple[int, str]]):
        self.found = found
        self.starts = [s for s, _ in found]

    def between(self, lo: int, hi: int) -> list[tuple[int, str]]:
        return self.found[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]

    def last_before(self, offset: int) -> str | None:
        i = bisect_left(self.starts, offset) - 1
        return self.found[i][1] if i >= 0 else None


def inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` is inside one of `spans` (sorted, not overlapping)."""
    i = bisect_right(spans, (offset, len(spans) and 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def said_at(said: list[Said], starts: list[int], offset: int) -> Said | None:
    """The statement whose span holds `offset` (`said` sorted by start, `starts` their starts)."""
    i = bisect_right(starts, offset) - 1
    for candidate in said[max(0, i - 3): i + 1][::-1]:
        if candidate.start <= offset < candidate.end:
            return candidate
    return None


def draft_speech(draft: Draft, names: Names, holders: list[Holder], event: str | None) -> list[Said]:
    text, article = draft.article.text, draft.article
    people = People(_people_at(draft, names))
    holder_at = {h.start: h for h in holders}
    role_of = {h.person: h.post for h in holders}
    said: list[Said] = []
    quoted: list[tuple[int, int]] = []
    for match in DIRECT.finditer(text):
        if article.is_furniture(match.start()):
            continue
        quoted.append((match.start(), match.end()))
        speaker, inferred, tag_end = _tag_speaker(draft, names, holder_at, people, match)
        if speaker is None:
            continue
        evidence = [draft.evidence(match.start("q"), match.end("q"))]
        if match.group("tag"):
            evidence.append(draft.evidence(match.start("verb"), tag_end))
        _statement(draft, speaker, role_of, event, "direct", match.group("q"), evidence, inferred,
                   "say-verb-quote" if not inferred else "say-verb-pronoun", match.start())
        said.append(Said(speaker, match.start(), tag_end, inferred))
    for start, end in article.sentences:
        if inside(quoted, start):
            continue
        sentence = text[start:end]
        verb = REPORT_VERB.search(sentence)
        if not verb or verb.start() > 160:
            continue
        subject = people.between(start, start + verb.start())
        if subject:
            at, speaker, inferred = subject[0][0], subject[0][1], False
        elif PRONOUN.match(sentence) and (before := people.last_before(start)):
            at, speaker, inferred = start, before, True
        else:
            continue
        _statement(draft, speaker, role_of, event, "indirect", text[at:end], [draft.evidence(at, end)], inferred,
                   "report-verb" if not inferred else "report-verb-pronoun", at)
        said.append(Said(speaker, at, end, inferred))
    said.sort(key=lambda s: s.start)
    _commitments(draft, names, people, said, event)
    return said


def _people_at(draft: Draft, names: Names) -> list[tuple[int, str]]:
    return [(start, entity) for start, _, entity in names.scan(draft.article.text)
            if names.entities[entity].section == "people" and not draft.article.is_furniture(start)]


def _tag_speaker(draft: Draft, names: Names, holder_at: dict[int, Holder], people: People,
                 match: re.Match[str]) -> tuple[str | None, bool, int]:
    if not match.group("tag"):
        return None, False, match.end()
    if match.group("nya") or match.group(0).rstrip().endswith("dia"):
        return people.last_before(match.start()), True, match.end()
    after = match.end()
    for gap in (0, 1, 2):
        if after + gap in holder_at:
            return holder_at[after + gap].person, False, holder_at[after + gap].end
    pattern, _ = names.pattern()
    named = pattern.match(draft.article.text, after + 1) or pattern.match(draft.article.text, after)
    if named:
        entity = names.entity_of(named.group(0))
        if entity and names.entities[entity].section == "people":
            return entity, False, named.end()
    return None, False, after


def _statement(draft: Draft, speaker: str, role_of: dict[str, str], event: str | None, kind: str, words: str,
               evidence: list[dict[str, object]], inferred: bool, rule: str, at: int) -> None:
    values: dict[str, object] = {"id": f"{draft.source_id}-st-{speaker}", "speaker": speaker}
    if speaker in role_of:
        values["role"] = role_of[speaker]
    if event:
        values["at_event"] = event
    values["quote_type"] = kind
    values["summary"] = " ".join(words.split())[:300]
    if inferred:
        values["reading"] = "inferred"
        values["note"] = "The speaker is the nearest person named before these words (speaker inferred)."
    values["evidence"] = evidence
    draft.add(Candidate("statements", values, rule, 0.6 if inferred else 0.8, at, words))


def _named_after(names: Names, text: str, start: int, end: int) -> str | None:
    """The first person named in text[start:end] ("Usulan ini disampaikan Penjabat (Pj) Gubernur Sumsel, Dr H …")."""
    scanned = names.scan(text)
    i = bisect_left(scanned, (start, -1, ""))
    return next((e for s, _, e in scanned[i:] if s >= end or names.entities[e].section == "people"
                 if s < end), None)


def _commitments(draft: Draft, names: Names, people: People, said: list[Said], event: str | None) -> None:
    text = draft.article.text
    starts = [s.start for s in said]
    scan_starts = [s for s, _, _ in names.scan(text)]
    for start, end in draft.article.sentences:
        if draft.article.is_furniture(start):
            continue
        sentence = text[start:end]
        kind, marker = next(((k, m) for k, p in COMMITMENT if (m := p.search(sentence))), (None, None))
        if kind is None or marker is None:
            continue
        window = names.scan(text)[bisect_left(scan_starts, start):bisect_left(scan_starts, start + marker.start())]
        subject = [(e, at) for at, at_end, e in window if names.entities[e].section in ("people", "organisations")]
        by: Said | None = said_at(said, starts, start + marker.start())
        rule = f"{kind}-word"
        if kind == "pledge-subject":  # "BPJS Ketenagakerjaan Sumbagsel akan menjangkau …": only right after a name
            near = [e for e, at in subject if start + marker.start() - at < 60]
            if by is None and not near:
                continue
            by = by or Said(near[-1], start, end, False)
            kind, rule = "pledge", "pledge-word-subject"
        if by is None and PIHAKNYA.search(sentence[:marker.start()]) and (last := people.last_before(start)):
            by, rule = Said(last, start, end, True), f"{kind}-word-pronoun"  # "pihaknya juga berharap …"
        if by is None and kind == "proposal" and (after := _named_after(names, text, start + marker.end(), end)):
            by, rule = Said(after, start, end, False), "proposal-conveyed-by"  # "Usulan ini disampaikan <name>"
        if by is None:
            if not subject:
                continue
            by, rule = Said(subject[-1][0], start, end, False), f"{kind}-word-subject"
        values: dict[str, object] = {"id": f"{draft.source_id}-c-{by.speaker}", "kind": kind, "by": by.speaker,
                                     "what": " ".join(sentence[marker.start():].split())[:300], "status": "unknown"}
        if event:
            values["at_event"] = event
        if by.inferred:
            values["reading"] = "inferred"
        values["evidence"] = [draft.evidence(start, end)]
        draft.add(Candidate("commitments", values, rule, 0.6 if rule.endswith("word") else 0.5, start, sentence))
