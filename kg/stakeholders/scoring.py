"""The stakeholder scores: influence and interest/support, each with the reasons that give it.

The rule is meant to be explained in a mapping session in two sentences, so it is a sum of small
whole-number parts that anyone can recount from the register's Evidence sheet.

Influence (0-10) = post authority (0-8) + centrality bonus (0-2)

* **Post authority** is the `kg:authorityRank` of the highest-ranked post the person holds (as of
  the session's date), read from the post role in ontology/vocab.ttl: governor 8, regent 7,
  director of membership 6, regional secretary and member of parliament 5, head of a regional
  office 4, deputy head and head of a branch office 3, head of an office 2. An organisation takes
  the rank of its class in ontology/kg.ttl (provincial government 8, regency or city government
  7, the agency 6, parliament 5, regional office 4, branch office or government agency 3 …). An
  acting holder (Plh, Pj, Plt) scores the post's rank; the register says they are acting. No
  post on record: 0.
* **Centrality bonus** is 2 × the actor's PageRank in the network divided by the highest
  PageRank of any actor, rounded to one decimal: the best-connected actor gets 2, one half as
  central gets 1.

Interest/support (0-10) = the sum of, capped at 10:

* 2 per pledge or proposal the actor made (1 if the sources say it was deferred or not fulfilled);
* 1 per request the actor made (asking others to act shows a stake in the outcome);
* 1 per stated support: a `supports` relation with the actor as subject;
* 1 per programme the actor runs, supports, proposes or pledges about, and 1 per event it took
  part in or spoke at.

A facilitator may override either score; that is a fact of its own (facts/overrides.yaml) and
never changes what this module computes.

Every reason is written in Bahasa Indonesia (``reason_id``, shown first) and in English (``reason``). The
values the ontology names in them (a role, an organisation type, a status) come with their @id labels from
the caller (`Authority.what_id`, the `terms` of `interest`), never from a list here.

Examples
--------
>>> score = influence([Authority(8, "holds Gubernur Sumsel (governor)", ("s004",))], share=0.5)
>>> score.value, [r.points for r in score.reasons]
(9.0, [8.0, 1.0])
>>> score.reasons[0].reason_id
'kewenangan 8 dari 8: holds Gubernur Sumsel (governor)'
>>> interest([Signal("pledge", "Support the targets", ("s004",), status="deferred"),
...           Signal("event", "Silaturahmi", ("s004",))]).value
2.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

AUTHORITY_MAX = 8
CENTRALITY_BONUS_MAX = 2.0
SCORE_MAX = 10.0
PLEDGE_POINTS = 2.0
# A deferral or a broken promise still shows a stake, but less support than a standing pledge.
WEAKENED_PLEDGE_POINTS = 1.0
WEAKENED_STATUSES = frozenset({"deferred", "not-fulfilled"})
SIGNAL_POINTS = {"pledge": PLEDGE_POINTS, "proposal": PLEDGE_POINTS, "request": 1.0, "support": 1.0,
                 "programme": 1.0, "event": 1.0}
SIGNAL_WORDS = {"pledge": "pledged", "proposal": "proposed", "request": "requested", "support": "stated support for",
                "programme": "involved in programme", "event": "took part in"}
SIGNAL_WORDS_ID = {"pledge": "berjanji", "proposal": "mengusulkan", "request": "meminta",
                   "support": "menyatakan dukungan untuk", "programme": "terlibat dalam program",
                   "event": "ikut serta dalam acara"}


@dataclass(frozen=True)
class Reason:
    """One part of a score: how many points, why, and the sources that say so."""

    score: str  # "influence" or "interest"
    points: float
    reason: str  # in English
    sources: tuple[str, ...]
    facts: tuple[str, ...] = ()  # the facts it rests on, whose evidence spans the register pages quote
    reason_id: str = ""  # in Bahasa Indonesia, as the pages show it first

    def text(self, lang: str = "id") -> str:
        """The reason in Bahasa Indonesia ("id", the default) or English ("en")."""
        return self.reason_id or self.reason if lang == "id" else self.reason


@dataclass(frozen=True)
class Score:
    """A score and the reasons that add up to it."""

    value: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Authority:
    """The authority a post or an organisation type carries, and where that is stated."""

    rank: int
    what: str  # e.g. "holds Gubernur Sumatera Selatan (governor, Pj)"
    sources: tuple[str, ...]
    facts: tuple[str, ...] = ()
    what_id: str = ""  # the same in Bahasa Indonesia: "memangku Gubernur Sumatera Selatan (gubernur, Pj)"


@dataclass(frozen=True)
class Signal:
    """Something an actor did that shows interest: a pledge, a request, a stated support, an involvement."""

    kind: str  # one of SIGNAL_POINTS
    what: str
    sources: tuple[str, ...]
    status: str | None = None
    facts: tuple[str, ...] = ()
    what_id: str = ""  # what it is in Bahasa Indonesia: a pledge's words as written; "" : `what`


def centrality_bonus(share: float) -> float:
    """2 × (the actor's PageRank ÷ the highest actor PageRank), to one decimal.

    >>> centrality_bonus(1.0), centrality_bonus(0.26), centrality_bonus(0.0)
    (2.0, 0.5, 0.0)
    """
    return round(CENTRALITY_BONUS_MAX * max(0.0, min(1.0, share)), 1)


def influence(authorities: Sequence[Authority], *, share: float, tie_sources: Iterable[str] = ()) -> Score:
    """Post authority (the highest of `authorities`, 0 without any) plus the centrality bonus.

    `share` is the actor's PageRank divided by the highest actor PageRank.

    >>> influence([], share=0.0).value
    0.0
    >>> influence([Authority(5, "a", ()), Authority(8, "b", ())], share=1.0).value
    10.0
    """
    reasons = []
    best = max(authorities, key=lambda a: a.rank, default=None)
    if best is None:
        reasons.append(Reason("influence", 0.0, "no post on record: authority 0", (),
                              reason_id="tidak ada jabatan yang tercatat: kewenangan 0"))
    else:
        rank = max(0, min(AUTHORITY_MAX, best.rank))
        reasons.append(Reason("influence", float(rank), f"authority {rank} of {AUTHORITY_MAX}: {best.what}",
                              best.sources, best.facts,
                              f"kewenangan {rank} dari {AUTHORITY_MAX}: {best.what_id or best.what}"))
    bonus = centrality_bonus(share)
    reasons.append(Reason("influence", bonus,
                          f"centrality bonus {bonus} of {CENTRALITY_BONUS_MAX:g}: PageRank {share:.0%} of the "
                          "best-connected actor's", tuple(sorted(set(tie_sources))),
                          reason_id=f"bonus sentralitas {bonus} dari {CENTRALITY_BONUS_MAX:g}: PageRank {share:.0%} "
                                    "dari PageRank aktor yang paling terhubung"))
    return Score(round(sum(r.points for r in reasons), 1), tuple(reasons))


def signal_points(signal: Signal) -> float:
    """The points one signal is worth under the rule.

    >>> signal_points(Signal("pledge", "x", ())), signal_points(Signal("pledge", "x", (), status="deferred"))
    (2.0, 1.0)
    """
    if signal.kind in ("pledge", "proposal") and signal.status in WEAKENED_STATUSES:
        return WEAKENED_PLEDGE_POINTS
    return SIGNAL_POINTS[signal.kind]


def interest(signals: Sequence[Signal], terms: Mapping[str, str] | None = None) -> Score:
    """The sum of the signals' points, capped at 10; each signal is one reason.

    `terms` gives the @id label of a status by its notation (the ontology's, e.g. ``{"deferred": "ditunda"}``),
    for the reason in Bahasa Indonesia; a status it lacks is written as it is.

    >>> interest([Signal("pledge", "p", ("s001",))] * 6).value
    10.0
    >>> interest([Signal("pledge", "p", (), status="deferred")], {"deferred": "ditunda"}).reasons[0].reason_id
    'berjanji: p (status ditunda)'
    """
    terms = terms or {}
    reasons = []
    for signal in signals:
        status = f" (status {signal.status})" if signal.status else ""
        status_id = f" (status {terms.get(signal.status, signal.status)})" if signal.status else ""
        reasons.append(Reason("interest", signal_points(signal),
                              f"{SIGNAL_WORDS[signal.kind]}: {signal.what}{status}", signal.sources,
                              signal.facts,
                              f"{SIGNAL_WORDS_ID[signal.kind]}: {signal.what_id or signal.what}{status_id}"))
    total = sum(r.points for r in reasons)
    if total > SCORE_MAX:
        reasons.append(Reason("interest", SCORE_MAX - total, f"capped at {SCORE_MAX:g}", (),
                              reason_id=f"dibatasi paling tinggi {SCORE_MAX:g}"))
    return Score(round(min(total, SCORE_MAX), 1), tuple(reasons))
