"""Reading the facts about actors from a built graph: the parts of a stakeholder-register row.

Each reader returns plain dataclasses keyed by actor ID; kg.stakeholders.register puts them together and
scores them. A `Context` queries what every reader shares once (names, concept notations, the
sources and dates of every fact) and applies the as-of rule: a fact is dated by its own date,
else by its source's (the publication date, else the latest dated event the source reports, as
in the `network-on-date` question), and a fact dated after the as-of date does not count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kg.questions.named import ask
from kg.stakeholders.queries import Q, local, notation_of, sorted_sources
from kg.store.graphstore import GraphStore

Date = dt.date


@dataclass(frozen=True)
class PostHeld:
    """A post the person held, as the post-holders question reports it."""

    post: str
    post_name: str
    organisation: str
    organisation_name: str
    role: str  # the role's English label, e.g. "governor"
    authority: int | None
    tenure: str
    acting: bool
    first_seen: Date | None
    last_seen: Date | None
    start: Date | None
    end: Date | None
    titles_as_written: str
    sources: tuple[str, ...]
    holdings: tuple[str, ...] = ()  # the PostHolding facts behind it
    # On the as-of date: "known"; "imprecise" (dated too coarsely to decide) or "undated" (no source
    # dates it), both of which may hold; None without a date.
    on_date: str | None = None

    @property
    def undated(self) -> bool:
        """Not known to hold on the as-of date, but possibly: undated, or dated too coarsely."""
        return self.on_date in ("undated", "imprecise")


@dataclass(frozen=True)
class StatusEntry:
    """What one source says of a commitment's status, and when."""

    source: str
    status: str
    date: Date | None


@dataclass(frozen=True)
class Commitment:
    """One pledge, proposal or request: a row of the tracker."""

    id: str
    kind: str
    by: str
    by_name: str
    made_on: Date | None  # the date of the event it was made at, when known
    what: str
    to: tuple[str, ...]
    to_names: str
    regarding: tuple[str, ...]
    regarding_names: str
    due_year: str | None
    status: str
    history: tuple[StatusEntry, ...]
    sources: tuple[str, ...]
    evidence: str
    regions: tuple[str, ...]
    undated: bool = False  # no date of its own or of its sources: it may hold on any as-of date


@dataclass(frozen=True)
class Statement:
    """Words a source attributes to the actor."""

    id: str
    summary: str
    quote_type: str
    role_name: str
    event_name: str
    date: Date | None
    sources: tuple[str, ...]
    undated: bool = False  # no date of its own or of its sources


@dataclass(frozen=True)
class Involvement:
    """A programme or event the actor is involved in, and how."""

    id: str
    name: str
    kind: str  # "programme", "event" or "support" (a stated support of anything)
    how: str
    date: Date | None
    sources: tuple[str, ...]
    facts: tuple[str, ...] = ()  # the relation claims, commitments, events or statements that say so


@dataclass(frozen=True)
class Override:
    """A facilitator's placement of an actor, recorded in facts/overrides.yaml."""

    id: str
    actor: str
    by: str
    on: Date
    why: str
    old_influence: float
    new_influence: float
    old_interest: float
    new_interest: float


class Context:
    """Everything the register and the tracker read, queried once."""

    def __init__(self, store: GraphStore, as_of: Date | None):
        self.store, self.as_of = store, as_of
        self.names: dict[str, str] = {local(r["entity"]): str(r["name"]) for r in store.select(Q.NAMES)}
        self.notation = {r["concept"]: r["notation"] for r in store.select(Q.NOTATIONS)}
        fact_dates: dict[str, list[Date]] = defaultdict(list)
        self.fact_sources: dict[str, set[str]] = defaultdict(set)
        event_dates: dict[str, list[Date]] = defaultdict(list)
        for row in store.select(Q.FACTS):
            fact = local(row["fact"])
            if row["source"]:
                self.fact_sources[fact].add(local(row["source"]))
            if isinstance(row["date"], Date):
                fact_dates[fact].append(row["date"])
                if row["is_event"] and row["source"]:
                    event_dates[local(row["source"])].append(row["date"])
        self.sources = {local(r["source"]): r for r in store.select(Q.SOURCES)}
        # the network-on-date rule: a source is dated by its publication, else its latest dated event
        self.source_date = {s: r["issued"] if isinstance(r["issued"], Date) else max(event_dates[s], default=None)
                            for s, r in self.sources.items()}
        self.fact_date: dict[str, Date | None] = {
            fact: min(fact_dates[fact]) if fact_dates[fact] else self._latest_source_date(self.fact_sources[fact])
            for fact in set(fact_dates) | set(self.fact_sources)}

    def _latest_source_date(self, sources: Iterable[str]) -> Date | None:
        return max((d for s in sources if (d := self.source_date.get(s)) is not None), default=None)

    def known_by(self, day: Date | None) -> bool:
        """Whether a fact of this date could be known on the as-of date (undated facts always can)."""
        return self.as_of is None or day is None or day <= self.as_of

    def counts(self, fact: str) -> bool:
        return self.known_by(self.fact_date.get(fact))

    def name(self, entity: str) -> str:
        return self.names.get(entity, entity)


def commitments(ctx: Context, actor_regions: dict[str, set[str]]) -> list[Commitment]:
    """The tracker's rows: the `commitments` question, with addressees, subjects and regions by ID."""
    links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in ctx.store.select(Q.COMMITMENT_LINKS):
        entry = links[local(row["commitment"])]
        entry[row["link"]].add(local(row["target"]))
        if row["region"]:
            entry["region"].add(local(row["region"]))
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in ask(ctx.store, "commitments").records():
        grouped[local(row["commitment"])].append(row)
    out = []
    for cid, rows in sorted(grouped.items()):
        first, entry = rows[0], links[cid]
        by = local(first["by"])
        status = notation_of(ctx.notation, first["status"])
        made_on = first["made_on"] if isinstance(first["made_on"], Date) else None
        sources = sorted_sources(r["source"] for r in rows)
        regions = entry["region"] | actor_regions.get(by, set())
        for addressee in entry["to"]:
            regions |= actor_regions.get(addressee, set())
        out.append(Commitment(
            id=cid, kind=notation_of(ctx.notation, first["kind"]), by=by, by_name=first["by_name"], made_on=made_on,
            what=first["what"], to=tuple(sorted(entry["to"])), to_names=first["to"] or "",
            regarding=tuple(sorted(entry["regarding"])), regarding_names=first["regarding"] or "",
            due_year=first["due_year"], status=status,
            # today each source gives one status, so the history has one entry per source
            history=tuple(StatusEntry(s, status, made_on or ctx.source_date.get(s)) for s in sources),
            sources=sources, evidence=" … ".join(r["evidence"] for r in rows if r["evidence"]),
            regions=tuple(sorted(regions)), undated=ctx.fact_date.get(cid) is None))
    return [c for c in out if ctx.counts(c.id)]


def posts(ctx: Context) -> dict[str, list[PostHeld]]:
    """Each person's posts: the `post-holders` question (on the as-of date if any), with role and rank."""
    roles = {local(r["post"]): r for r in ctx.store.select(Q.POST_ROLES)}
    params = {"date": ctx.as_of.isoformat()} if ctx.as_of else {}
    holdings: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for row in ctx.store.select(Q.HOLDINGS):
        if ctx.counts(holding := local(row["holding"])):
            holdings[(local(row["person"]), local(row["post"]), row["tenure"])].append(holding)
    held: dict[str, list[PostHeld]] = defaultdict(list)
    for row in ask(ctx.store, "post-holders", params).records():
        post, org = local(row["post"]), local(row["organisation"])
        role = roles.get(post, {})
        held[local(row["person"])].append(PostHeld(
            post=post, post_name=row["post_name"], organisation=org, organisation_name=ctx.name(org),
            role=role.get("role_label") or role.get("role") or "", authority=role.get("rank"),
            tenure=row["tenure"], acting=bool(row["acting"]),
            first_seen=row["first_seen"], last_seen=row["last_seen"], start=row["from"], end=row["to"],
            titles_as_written=row["titles_as_written"], sources=sorted_sources(row["sources"].split(", ")),
            holdings=tuple(sorted(holdings[(local(row["person"]), post, row["tenure"])])), on_date=row["on_date"]))
    return held


def actor_regions(ctx: Context, actors: dict[str, dict[str, Any]], posts: dict[str, list[PostHeld]]) -> \
        dict[str, set[str]]:
    """Each actor's regions: served by it or its posts' organisations, or named by its facts."""
    serves: dict[str, set[str]] = defaultdict(set)
    for row in ctx.store.select(Q.SERVES):
        serves[local(row["org"])].add(local(row["region"]))
    regions: dict[str, set[str]] = {actor: set(serves.get(actor, ())) for actor in actors}
    for person, held in posts.items():
        for post in held:
            regions.setdefault(person, set()).update(serves.get(post.organisation, ()))
    for row in ctx.store.select(Q.FACT_REGIONS):
        actor = local(row["actor"])
        if actor in regions and ctx.counts(local(row["fact"])):
            regions[actor].add(local(row["region"]))
    return regions


def involvements(ctx: Context) -> dict[str, list[Involvement]]:
    """One entry per actor and programme (or event), listing every way the actor is involved."""
    found: dict[tuple[str, str, str], tuple[set[str], set[str], set[str]]] = defaultdict(
        lambda: (set(), set(), set()))
    for row in ctx.store.select(Q.INVOLVEMENT):
        fact = local(row["fact"])
        if ctx.counts(fact):
            hows, sources, facts = found[(local(row["actor"]), local(row["target"]), row["kind"])]
            hows.add(row["how"])
            sources |= ctx.fact_sources.get(fact, set())
            facts.add(fact)
    out: dict[str, list[Involvement]] = defaultdict(list)
    for (actor, target, kind), (hows, sources, facts) in sorted(found.items()):
        out[actor].append(Involvement(target, ctx.name(target), kind, "; ".join(sorted(hows)),
                                      ctx.fact_date.get(target), sorted_sources(sources), tuple(sorted(facts))))
    return out


def statements(ctx: Context) -> dict[str, list[Statement]]:
    """Each actor's attributed statements."""
    out: dict[str, list[Statement]] = defaultdict(list)
    for row in ctx.store.select(Q.STATEMENTS):
        sid = local(row["statement"])
        if ctx.counts(sid):
            out[local(row["actor"])].append(Statement(
                sid, row["summary"], row["quote_type"], row["role_name"] or "", row["event_name"] or "",
                row["date"], sorted_sources(ctx.fact_sources.get(sid, ())), ctx.fact_date.get(sid) is None))
    return out


def overrides(ctx: Context) -> dict[str, list[Override]]:
    """Each actor's placement overrides, leaving out those made after the as-of date."""
    out: dict[str, list[Override]] = defaultdict(list)
    for row in ctx.store.select(Q.OVERRIDES):
        if ctx.known_by(row["on"]):
            out[local(row["actor"])].append(Override(
                local(row["override"]), local(row["actor"]), row["by"], row["on"], row["why"],
                float(row["old_influence"]), float(row["new_influence"]),
                float(row["old_interest"]), float(row["new_interest"])))
    return out


def seen(ctx: Context, actors: Iterable[str]) -> dict[str, tuple[set[str], list[Date]]]:
    """Each actor's sources and the dates of the facts and mentions that name it."""
    found: dict[str, tuple[set[str], list[Date]]] = {actor: (set(), []) for actor in actors}
    for row in ctx.store.select(Q.ACTOR_FACTS):
        actor, fact = local(row["actor"]), local(row["fact"])
        if actor in found and ctx.counts(fact):
            found[actor][0].update(ctx.fact_sources.get(fact, ()))
            if (day := ctx.fact_date.get(fact)) is not None:
                found[actor][1].append(day)
    for row in ctx.store.select(Q.MENTIONS):
        actor, source = local(row["actor"]), local(row["source"])
        if actor in found and ctx.known_by(ctx.source_date.get(source)):
            found[actor][0].add(source)
            if (day := ctx.source_date.get(source)) is not None:
                found[actor][1].append(day)
    return found


