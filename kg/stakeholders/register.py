"""The stakeholder register and the pledge tracker, read from a built graph.

`register(store)` gives one row per actor (person or organisation): posts held with dates and
acting status, organisations, regions, programmes and events, pledges and requests, attributed
statements, independent sources, first and last seen, and the influence and interest scores
with the reasons behind them (the rule is in `kg.stakeholders.scoring`). `tracker(store)` gives one row per
pledge, proposal or request. Both read the graph through SPARQL only and reuse the named
questions `post-holders` and `commitments`.

Dates. A fact is dated by its own date (observed, start, event date); an undated fact by its
source's date: the publication date, else the latest dated event the source reports (the rule of
the `network-on-date` question). `as_of` keeps the posts the `post-holders` question places on
that date and leaves out every fact dated after it, so a register "as of" a day shows only what
could be known then. Centrality is computed on the whole network, so that a region's register
and the full one give an actor the same score.

Regions. An actor is tied to the regions its organisation serves (for a person: the
organisations of the posts held), and to the regions of the events it took part in or spoke at,
the figures it gave, and the regulations and events its commitments are about. `region` keeps
actors tied to that region or to a region within it (`kg:withinRegion*`).

Example
-------
>>> from kg.store.graphstore import GraphStore
>>> rows = register(GraphStore.from_nquads(""))
>>> rows
[]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.errors import UsageError
from kg.facts.indonesian import parse_date
from kg.network.analytics import centrality
from kg.network.projection import independent, project
from kg.questions.resolve import EntityIndex
from kg.stakeholders import evidence as facts
from kg.stakeholders import scoring
from kg.stakeholders.evidence import Commitment, Involvement, Override, PostHeld, Statement
from kg.stakeholders.queries import Q, id_labels, local, sorted_sources
from kg.store.graphstore import GraphStore

__all__ = [
    "Commitment",
    "Involvement",
    "Override",
    "PostHeld",
    "StakeholderRow",
    "Statement",
    "parse_as_of",
    "regions_within",
    "register",
    "resolve_region",
    "source_list",
    "tracker",
]

Date = dt.date


@dataclass(frozen=True)
class Disagreement:
    """A flag on claims about the actor: sources that disagree, or a claim that cannot be true."""

    flag: str
    kind: str
    origin: str
    reason: str
    claims: tuple[str, ...]


@dataclass
class StakeholderRow:
    """One actor in the register."""

    id: str
    name: str
    kind: str  # "Person" or "Organization"
    type: str  # the class, e.g. "ProvincialGovernment"
    short_name: str = ""  # the shortest of its name and aliases, for the grid's labels
    posts: list[PostHeld] = field(default_factory=list)
    organisations: list[tuple[str, str]] = field(default_factory=list)  # (ID, name)
    regions: list[tuple[str, str]] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    pledges: list[Commitment] = field(default_factory=list)  # pledges and proposals made
    requests_made: list[Commitment] = field(default_factory=list)
    requests_received: list[Commitment] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    independent_sources: int = 0
    first_seen: Date | None = None
    last_seen: Date | None = None
    influence: float = 0.0
    interest: float = 0.0
    reasons: list[scoring.Reason] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)  # oldest first; the last one is shown
    # Flags on claims that name the actor: (flag, kind, origin, reason, claims), never resolved here.
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def override(self) -> Override | None:
        return self.overrides[-1] if self.overrides else None

    @property
    def shown_influence(self) -> float:
        """Where the grid places the actor: the latest override, else the derived score."""
        return self.override.new_influence if self.override else self.influence

    @property
    def shown_interest(self) -> float:
        return self.override.new_interest if self.override else self.interest

    def programmes(self) -> list[Involvement]:
        return [i for i in self.involvements if i.kind == "programme"]

    def events(self) -> list[Involvement]:
        return [i for i in self.involvements if i.kind == "event"]


def _disagreements(store: GraphStore) -> dict[str, list[Disagreement]]:
    claims: dict[tuple[str, str], dict[str, Any]] = {}
    for row in store.select(Q.DISAGREEMENTS):
        entry = claims.setdefault((local(row["actor"]), local(row["flag"])), {**row, "claims": set()})
        entry["claims"].add(local(row["claim"]))
    found: dict[str, list[Disagreement]] = defaultdict(list)
    for (actor, flag), row in sorted(claims.items()):
        found[actor].append(Disagreement(flag, row["kind"], row["origin"] or "analyst", row["reason"],
                                         tuple(sorted(row["claims"]))))
    return found


def parse_as_of(text: str) -> Date:
    """A date given as YYYY-MM-DD or as Indonesian text.

    >>> parse_as_of("2024-07-09"), parse_as_of("9 Juli 2024")
    (datetime.date(2024, 7, 9), datetime.date(2024, 7, 9))
    """
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        written = parse_date(text)
        if written and written.year and written.month and written.day:
            try:
                return dt.date(written.year, written.month, written.day)
            except ValueError:
                pass
    raise UsageError(f"--as-of {text!r}: not a date (write YYYY-MM-DD, or e.g. '9 Juli 2024')")


def resolve_region(store: GraphStore, name: str, index: EntityIndex | None = None) -> str:
    """The ID of the region called `name`; an error listing the regions when it names something else."""
    index = index or EntityIndex(store)
    region: str = index.resolve(name)
    regions = {local(row["region"]): row["name"] for row in store.select(Q.REGIONS)}
    if region not in regions:
        listed = ", ".join(sorted(regions))
        raise UsageError(f"region {name!r} is a {index.type(region)} ({index.label(region)}), not a region; "
                         f"regions are: {listed}")
    return region


def source_list(store: GraphStore) -> dict[str, dict[str, Any]]:
    """Each source's title, publisher, publication date, web address and file name, by ID."""
    return {local(row.pop("source")): row for row in store.select(Q.SOURCES)}


def regions_within(store: GraphStore, region: str) -> set[str]:
    """The region and every region within it, at any depth."""
    return {local(row["region"]) for row in store.select(Q.WITHIN, top=Q.iri(region))}


def register(store: GraphStore, *, region: str | None = None, as_of: Date | None = None) -> list[StakeholderRow]:
    """One row per actor, with the facts about it and its scores; see the module docstring.

    Parameters
    ----------
    store : GraphStore
        The built graph.
    region : str, optional
        A region by ID, name or alias: keep actors tied to it or to a region within it.
    as_of : date, optional
        Keep posts held on that date and leave out facts dated after it.

    Returns
    -------
    list of StakeholderRow
        Sorted by shown influence, then interest (both descending), then name.
    """
    ctx = facts.Context(store, as_of)
    actors = {local(r["actor"]): r for r in store.select(Q.ACTORS)}
    keep = regions_within(store, resolve_region(store, region)) if region else None
    posts = facts.posts(ctx)
    regions = facts.actor_regions(ctx, actors, posts)
    commitments = facts.commitments(ctx, regions)
    involvements, statements, overrides = facts.involvements(ctx), facts.statements(ctx), facts.overrides(ctx)
    seen = facts.seen(ctx, actors)
    parents: dict[str, set[str]] = defaultdict(set)
    for link in store.select(Q.SUB_ORGS):
        parents[local(link["org"])].add(local(link["parent"]))
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias in store.select(Q.ALIASES):
        aliases[local(alias["entity"])].append(alias["alias"])
    disagreements = _disagreements(store)
    terms = id_labels(store)  # the @id labels of roles, types and statuses, for the score reasons
    G = project(store)
    pagerank = {s["id"]: s["pagerank"] for s in centrality(G)["ranking"]}
    top = max(pagerank.values(), default=0.0) or 1.0
    rows = []
    for actor, info in actors.items():
        sources, dates = seen[actor]
        if as_of and not sources and actor not in posts:
            continue  # nothing about it could be known on that date
        row = StakeholderRow(actor, info["name"], local(info["kind"]).rsplit("#", 1)[-1],
                             local(info["type"]).rsplit("#", 1)[-1])
        row.short_name = min([info["name"], *aliases.get(actor, [])], key=lambda n: (len(n), n))
        row.posts = sorted(posts.get(actor, []), key=lambda p: (-(p.authority or 0), p.post))
        orgs = {p.organisation for p in row.posts} | parents.get(actor, set())
        row.organisations = sorted((o, ctx.name(o)) for o in orgs)
        row.regions = sorted((r, ctx.name(r)) for r in regions.get(actor, set()))
        if keep is not None and not {r for r, _ in row.regions} & keep:
            continue
        row.involvements = involvements.get(actor, [])
        row.pledges = [c for c in commitments if c.by == actor and c.kind in ("pledge", "proposal")]
        row.requests_made = [c for c in commitments if c.by == actor and c.kind == "request"]
        row.requests_received = [c for c in commitments if actor in c.to and c.kind == "request"]
        row.statements = statements.get(actor, [])
        row.sources = list(sorted_sources(sources))
        row.independent_sources = len(independent(sources, G.graph.get("reprint_of", {})))
        row.first_seen, row.last_seen = (min(dates), max(dates)) if dates else (None, None)
        row.overrides = sorted(overrides.get(actor, []), key=lambda o: (o.on, o.id))
        row.disagreements = disagreements.get(actor, [])
        _score(row, info, pagerank.get(actor, 0.0) / top, _tie_sources(G, actor), terms)
        rows.append(row)
    rows.sort(key=lambda r: (-r.shown_influence, -r.shown_interest, r.name.casefold()))
    return rows


def _tie_sources(G: nx.MultiDiGraph[str], actor: str) -> set[str]:
    if actor not in G:
        return set()
    edges = [*G.out_edges(actor, data="sources"), *G.in_edges(actor, data="sources")]
    return {source for _, _, sources in edges for source in sources or ()}


def _score(row: StakeholderRow, info: dict[str, Any], share: float, tie_sources: set[str],
           terms: dict[str, str]) -> None:
    """The row's scores and their reasons, in English and in Bahasa Indonesia (`terms`: the ontology's @id labels
    by English label or notation)."""
    if row.kind == "Person":
        authorities = [scoring.Authority(
            p.authority, f"holds {p.post_name} ({p.role}{', ' + p.tenure + ', acting' if p.acting else ''})"
            + (" — undated: no source says when, so it may or may not hold on the date" if p.undated else ""),
            p.sources, p.holdings,
            f"memangku {p.post_name} ({terms.get(p.role, p.role)}"
            + (f", {terms.get(p.tenure, p.tenure)}, {terms.get('acting', 'acting')}" if p.acting else "") + ")"
            + (" — tanpa tanggal: tidak ada sumber yang menyebut kapan, jadi mungkin berlaku, mungkin tidak, pada "
               "tanggal sesi" if p.undated else ""))
            for p in row.posts if p.authority is not None]
    elif info["rank"] is not None:
        kind = info["type_label"] or row.type
        authorities = [scoring.Authority(info["rank"], f"organisation type: {kind}", tuple(row.sources),
                                         what_id=f"jenis organisasi: {terms.get(kind, kind)}")]
    else:
        authorities = []
    influence = scoring.influence(authorities, share=share, tie_sources=tie_sources)
    # a pledge's reason in Bahasa Indonesia quotes its words as written (its evidence); in English, its summary
    signals = [scoring.Signal(c.kind, c.what, c.sources, c.status, (c.id,), f"“{c.evidence}”" if c.evidence else "")
               for c in row.pledges + row.requests_made]
    signals += [scoring.Signal("support", i.name, i.sources, facts=i.facts)
                for i in row.involvements if i.kind == "support"]
    signals += [scoring.Signal(i.kind, i.name, i.sources, facts=i.facts)
                for i in row.involvements if i.kind in ("programme", "event")]
    interest = scoring.interest(signals, terms)
    row.influence, row.interest = influence.value, interest.value
    row.reasons = [*influence.reasons, *interest.reasons]


def tracker(store: GraphStore, *, actor: str | None = None, region: str | None = None,
            status: str | None = None, as_of: Date | None = None) -> list[Commitment]:
    """Every pledge, proposal and request, optionally only one actor's, one region's or one status.

    `actor` (ID, name or alias) keeps commitments it made or that are addressed to it; `region`
    those tied to the region or a region within it (through who made it, to whom, what it is
    about, or where); `status` a CommitmentStatus notation such as "unknown" or "deferred";
    `as_of` leaves out commitments dated after that day. Sorted by date made (undated last), then ID.
    """
    ctx = facts.Context(store, as_of)
    index = EntityIndex(store)
    actors = {local(r["actor"]): r for r in store.select(Q.ACTORS)}
    rows = facts.commitments(ctx, facts.actor_regions(ctx, actors, facts.posts(ctx)))
    if status is not None:
        allowed = [row["notation"] for row in store.select(Q.STATUSES)]
        if status not in allowed:
            raise UsageError(f"status {status!r} is not a commitment status; one of: {', '.join(allowed)}")
        rows = [c for c in rows if c.status == status]
    if actor is not None:
        who = index.resolve(actor)
        rows = [c for c in rows if who == c.by or who in c.to]
    if region is not None:
        keep = regions_within(store, resolve_region(store, region, index))
        rows = [c for c in rows if set(c.regions) & keep]
    return sorted(rows, key=lambda c: (c.made_on is None, c.made_on or dt.date.min, c.id))
