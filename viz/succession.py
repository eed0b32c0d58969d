"""Succession per post: who held a post when, according to which sources, as a timeline page.

Facilitators ask first "who is the Kakanwil now, and who was before?". Each holding a source
reports is one *sighting*: a person in a post, in a tenure (definitive, or acting as Plh, Pj,
Plt), seen on a date (with the basis of that date), or with a stated start or end, or with no
date at all. A sighting is placed on the time axis only where a source places it:

- ``dated``: the holding has its own date (observed, start or end), drawn on that day, with the
  basis of the date (stated in full, the date of the event, weekday and context …);
- ``bounded``: the holding has no date, but its article has a publication date, so the holder
  held the post on or before that day: drawn as a bar ending there ("≤"), never as a point;
- ``imprecise``: its dates are a month, a year, an interval or an open bound: listed beside the
  axis with the dates as written;
- ``undated``: neither: listed beside the axis, never placed on a guessed date.

Holders are ordered by the latest date a source gives them; undated holders cannot be ordered
and are said to be so. A flag on a holding of the post (two holders at once, say) is shown with
its reason: disagreement is data.

Pages: ``succession/<post>.html`` for each post with a holder, and ``succession/<organisation>.html``
for each organisation with such posts (entity IDs are unique, so the two never clash). Every
heading that names a term of the model (post, tenure, title as written, source …) is the term's
``@id`` label from the ontology, with its ``@en`` label beside it.

Example
-------
>>> from kg.store.graphstore import GraphStore
>>> read_successions(GraphStore.from_nquads("")).posts
{}
>>> day_labels(date(2024, 7, 9))
{'iso': '2024-07-09', 'id': '9 Juli 2024', 'en': '9 July 2024'}
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import markupsafe

from kg.facts.indonesian import MONTHS
from kg.store.graphstore import GraphStore
from viz.catalogue import Catalogue, local_name, quotes_by_source
from viz.labels import term_labels
from viz.render import inert_json, render_template

_HOLDINGS = """
SELECT ?holding ?person ?person_name ?post ?post_name ?organisation ?organisation_name ?tenure ?tenure_id
       ?tenure_en ?acting ?observed ?basis_id ?basis_en ?start ?end ?title ?source ?event ?event_name WHERE {
  ?holding a kg:PostHolding ; org:member ?person ; kg:ofPost ?post ; kg:tenure ?t ; prov:wasDerivedFrom ?source .
  ?source a kg:Source .
  ?t skos:notation ?tenure .
  BIND(EXISTS { ?t skos:broader* kgv:tenure-acting } AS ?acting)
  OPTIONAL { ?t skos:prefLabel ?tenure_id FILTER(LANGMATCHES(LANG(?tenure_id), "id")) }
  OPTIONAL { ?t skos:prefLabel ?tenure_en FILTER(LANGMATCHES(LANG(?tenure_en), "en")) }
  OPTIONAL { ?person skos:prefLabel ?person_name }
  OPTIONAL { ?post skos:prefLabel ?post_name }
  OPTIONAL { ?post org:postIn ?organisation OPTIONAL { ?organisation skos:prefLabel ?organisation_name } }
  OPTIONAL { ?holding kg:observedOn ?observed }
  OPTIONAL { ?holding kg:observedOnBasis ?basis .
             OPTIONAL { ?basis skos:prefLabel ?basis_id FILTER(LANGMATCHES(LANG(?basis_id), "id")) }
             OPTIONAL { ?basis skos:prefLabel ?basis_en FILTER(LANGMATCHES(LANG(?basis_en), "en")) } }
  OPTIONAL { ?holding kg:startDate ?start }
  OPTIONAL { ?holding kg:endDate ?end }
  OPTIONAL { ?holding kg:titleAsWritten ?title }
  OPTIONAL { ?holding kg:atEvent ?event OPTIONAL { ?event skos:prefLabel ?event_name } }
}
"""

_FLAGS = """
SELECT ?flag ?holding ?reason WHERE {
  ?flag a kg:Flag ; kg:flaggedClaim ?holding .
  ?holding a kg:PostHolding .
  OPTIONAL { ?flag kg:reason ?reason }
}
"""

# The terms whose labels head the page's columns and legends: the ontology names them, the code does not.
TERMS = {
    "post": "Post", "holding": "PostHolding", "person": "Person", "organisation": "Organization",
    "tenure": "tenure", "observed": "observedOn", "basis": "observedOnBasis", "title": "titleAsWritten",
    "start": "startDate", "end": "endDate", "source": "Source", "evidence": "evidence", "event": "atEvent",
    "flag": "Flag", "reason": "reason",
}
_EN_MONTHS = list(calendar.month_name)[1:]
_ID_MONTHS = [name.capitalize() for name, _ in sorted(MONTHS.items(), key=lambda item: item[1])]


def day_labels(day: date) -> dict[str, str]:
    """A date as ISO text, in Indonesian and in English."""
    return {"iso": day.isoformat(), "id": f"{day.day} {_ID_MONTHS[day.month - 1]} {day.year}",
            "en": f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"}


@dataclass
class Sighting:
    """One holding as one source reports it."""

    holding: str
    person: str
    person_name: str
    tenure: str
    tenure_label: dict[str, str]
    acting: bool
    source: str
    title: str | None = None
    observed: date | None = None
    basis: dict[str, str] | None = None
    start: date | None = None
    end: date | None = None
    event: str | None = None
    event_name: str | None = None
    # Dates of a month, a year, an interval or an open bound ("observed 2025-06-01/.."): not placed on
    # a day of the axis, but shown as written (state "imprecise").
    imprecise: str | None = None

    @property
    def dates(self) -> list[date]:
        return [day for day in (self.start, self.observed, self.end) if day is not None]


@dataclass
class PostHistory:
    """Every sighting of one post, and the flags on them."""

    id: str
    name: str
    organisation: str | None
    organisation_name: str | None
    sightings: list[Sighting] = field(default_factory=list)
    flags: dict[str, str] = field(default_factory=dict)  # flag ID -> reason
    flagged: dict[str, list[str]] = field(default_factory=dict)  # holding ID -> the flags that name it


@dataclass
class Successions:
    """The history of every post that has a holder, by post ID, and the terms' labels."""

    posts: dict[str, PostHistory]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def by_organisation(self) -> dict[str, list[str]]:
        """Organisation ID -> the IDs of its posts with holders, by name."""
        found: dict[str, list[str]] = {}
        for post in sorted(self.posts.values(), key=lambda p: (p.name.casefold(), p.id)):
            if post.organisation:
                found.setdefault(post.organisation, []).append(post.id)
        return found


def read_successions(store: GraphStore) -> Successions:
    """Every post holding of a built graph, as the history of each post."""
    posts: dict[str, PostHistory] = {}
    seen: dict[str, Sighting] = {}
    for row in store.select(_HOLDINGS):
        post_id = local_name(row["post"])
        post = posts.get(post_id)
        if post is None:
            post = posts[post_id] = PostHistory(post_id, str(row["post_name"] or post_id),
                                                local_name(row["organisation"]) if row["organisation"] else None,
                                                row["organisation_name"])
        holding = local_name(row["holding"])
        key = f"{holding}|{local_name(row['source'])}"
        if key in seen:
            continue
        tenure = str(row["tenure"])
        basis = ({"id": str(row["basis_id"] or row["basis_en"]), "en": str(row["basis_en"] or row["basis_id"])}
                 if row["basis_id"] or row["basis_en"] else None)
        sighting = Sighting(
            holding, local_name(row["person"]), str(row["person_name"] or local_name(row["person"])), tenure,
            {"id": str(row["tenure_id"] or tenure), "en": str(row["tenure_en"] or tenure)}, bool(row["acting"]),
            local_name(row["source"]), row["title"], _day(row["observed"]), basis, _day(row["start"]), _day(row["end"]),
            local_name(row["event"]) if row["event"] else None, row["event_name"], _imprecise(row))
        seen[key] = sighting
        post.sightings.append(sighting)
    holding_posts = {s.holding: post for post in posts.values() for s in post.sightings}
    for row in store.select(_FLAGS):
        post = holding_posts.get(local_name(row["holding"]))
        if post is not None:
            flag = local_name(row["flag"])
            post.flags[flag] = str(row["reason"] or "")
            post.flagged.setdefault(local_name(row["holding"]), []).append(flag)
    return Successions(dict(sorted(posts.items())), term_labels(store, TERMS) if posts else {})


def _day(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _imprecise(row: Mapping[str, Any]) -> str | None:
    written = [f"{name} {row[key]}" for name, key in (("observed", "observed"), ("from", "start"), ("to", "end"))
               if row[key] is not None and not isinstance(row[key], date)]
    return ", ".join(written) or None


def _state(sighting: Sighting, published: date | None) -> str:
    if sighting.dates:
        return "dated"
    if sighting.imprecise:
        return "imprecise"
    return "bounded" if published else "undated"


def post_data(post: PostHistory, catalogue: Catalogue, pages: Mapping[str, str], root: str) -> dict[str, Any]:
    """One post's holders and sightings as the page script draws them (latest known holder first)."""
    published = {sid: date.fromisoformat(info.date) for sid, info in catalogue.sources.items()
                 if info.date and len(info.date) == 10}
    lanes: dict[tuple[str, str], list[Sighting]] = {}
    for sighting in post.sightings:
        lanes.setdefault((sighting.person, sighting.tenure), []).append(sighting)
    holders: list[dict[str, Any]] = []
    for (person, tenure), sightings in lanes.items():
        entries = []
        for s in sorted(sightings, key=lambda s: (min(s.dates, default=date.max), s.source, s.holding)):
            state = _state(s, published.get(s.source))
            bound = published.get(s.source) if state == "bounded" else None
            entries.append({
                "holding": s.holding, "source": s.source, "state": state, "title": s.title,
                "observed": _day_entry(s.observed), "start": _day_entry(s.start), "end": _day_entry(s.end),
                "bound": _day_entry(bound), "imprecise": s.imprecise, "basis": s.basis,
                "event": s.event_name or s.event,
                "eventPage": _href(root, pages.get(s.event or "")),
                "quotes": quotes_by_source(catalogue, [s.holding], [s.source])[0]["quotes"],
                "flags": sorted(set(post.flagged.get(s.holding, []))),
            })
        known = [d for s in sightings for d in s.dates] + [published[s.source] for s in sightings
                                                           if not s.dates and s.source in published]
        first = sightings[0]
        holder: dict[str, Any] = {
            "person": person, "name": first.person_name, "page": _href(root, pages.get(person)),
            "tenure": tenure, "tenureLabel": first.tenure_label, "acting": first.acting,
            "first": _day_entry(min(known)) if known else None, "last": _day_entry(max(known)) if known else None,
            "sources": sorted({s.source for s in sightings}), "sightings": entries,
        }
        holders.append(holder)
    holders.sort(key=lambda h: (h["last"] is None, _neg(h["last"]), h["name"].casefold(), h["tenure"]))
    return {"id": post.id, "name": post.name, "organisation": post.organisation,
            "organisationName": post.organisation_name or post.organisation,
            "organisationPage": _href(root, pages.get(post.organisation or "")),
            "organisationSuccession": _href(root, pages.get(succession_key(post.organisation or ""))),
            "page": _href(root, pages.get(succession_key(post.id))),
            "holders": holders, "flags": [{"id": f, "reason": r} for f, r in sorted(post.flags.items())]}


def succession_key(node: str) -> str:
    """The key of a post's or an organisation's succession page among a site's pages (`viz.render.Context.pages`)."""
    return f"succession:{node}"


def _neg(day: dict[str, str] | None) -> str:
    """A sort key putting later ISO dates first."""
    return "".join(chr(0x7f - ord(c)) for c in day["iso"]) if day else ""


def _day_entry(day: date | None) -> dict[str, str] | None:
    return day_labels(day) if day else None


def _href(root: str, path: str | None) -> str | None:
    return f"{root}{path}" if path else None


def succession_data(successions: Successions, post_ids: list[str], *, title: str, subtitle: dict[str, str],
              catalogue: Catalogue, pages: Mapping[str, str], root: str) -> dict[str, Any]:
    """Everything one succession page shows: its posts, the sources they cite, and the labels of the terms."""
    posts = [post_data(successions.posts[p], catalogue, pages, root) for p in post_ids]
    cited = sorted({s for post in posts for h in post["holders"] for s in h["sources"]})
    sources = {}
    for sid in cited:
        info = catalogue.sources.get(sid)
        sources[sid] = {"title": info.title if info else sid, "publisher": info.publisher if info else None,
                        "date": _day_entry(date.fromisoformat(info.date)) if info and info.date and
                        len(info.date) == 10 else None, "page": _href(root, pages.get(sid))}
    return {"page": {"kind": "succession", "title": title, "subtitle": subtitle},
            "links": {"index": f"{root}index.html"}, "labels": successions.labels, "posts": posts,
            "sources": sources}


def render_succession(data: Mapping[str, Any], root: str) -> str:
    """The HTML of one succession page."""
    return render_template("succession.html.j2", page=data["page"], root=root,
                           data=markupsafe.Markup(inert_json(data)))
