"""Figures and regulations (placeholder, filled in below)."""

from __future__ import annotations

from kg.draft.candidates import Draft
from kg.draft.names import Names
from kg.draft.speech import Said


def draft_figures(draft: Draft, names: Names, said: list[Said], event: str | None) -> None:
    return None


def draft_regulations(draft: Draft, names: Names) -> None:
    return None
