"""What a drafting rule produces: a candidate record, with the rule, a confidence and its place in the text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.draft.article import Article


@dataclass
class Candidate:
    section: str
    values: dict[str, Any]  # in the order the fields are written; `id` first when the section has one
    rule: str
    confidence: float
    at: int = 0  # offset of its first evidence, for text order
    sentence: str = ""  # shown to the reviewer as a comment above the record


@dataclass
class Draft:
    article: Article
    source_id: str
    candidates: list[Candidate] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    reserved: set[str] = field(default_factory=set)  # IDs given out by unique_id, not yet used
    _next: dict[str, int] = field(default_factory=dict)  # the next number to try after a taken ID

    def add(self, candidate: Candidate) -> Candidate:
        wanted = str(candidate.values.get("id", ""))
        if wanted in self.reserved:
            self.reserved.discard(wanted)
        elif "id" in candidate.values:
            candidate.values["id"] = self.unique_id(wanted)
            self.reserved.discard(candidate.values["id"])
        self.candidates.append(candidate)
        return candidate

    def unique_id(self, wanted: str) -> str:
        chosen, n = wanted, self._next.get(wanted, 2)
        while chosen in self.ids:
            chosen, n = f"{wanted}-{n}", n + 1
        self._next[wanted] = n
        self.ids.add(chosen)
        self.reserved.add(chosen)
        return chosen

    def evidence(self, start: int, end: int) -> dict[str, Any]:
        text = self.article.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1] in " \t\n,":
            end -= 1
        return {"quote": text[start:end], "start": start, "end": end}

    def of(self, section: str) -> list[Candidate]:
        return [c for c in self.candidates if c.section == section]
