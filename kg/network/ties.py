"""People tied straight to organisations: the network with each post holding folded into one tie.

`kg.network.projection.project` keeps posts as nodes (a post outlives its holders), so a person
reaches their organisation in two steps. Stakeholder maps (Kumu, LittleSis) draw one tie instead,
person → organisation, labelled with the title. `people_and_organisations` gives that network:

- every post with an organisation (``post in``) is left out, and each ``holds post`` tie to it
  becomes one ``holds post in`` tie from the person to the post's organisation, keyed by the post
  (two posts in one office stay two ties), with everything the holding had: the titles as
  written, tenure and ``acting`` (Plh, Pj, Plt), dates, sources, evidence, facts and weight, plus
  ``post`` (the post's ID) and ``label``: the title as written (the post's name when no source
  gives one), with "(acting)" when the holding is acting;
- any other tie of such a post is moved to its organisation (keyed by the post, so it stays apart);
- a post with no organisation stays a node, with its ties as they were.

The detailed network, with post nodes, is still `project`'s; `kg export --ties` chooses between them.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

HOLDS = "holds post"
HOLDS_IN = "holds post in"
ACTING_MARK = " (acting)"  # after an acting holding's title in its label; the views show tenure-acting's @id label
TIES = ("people", "posts")  # the two networks: people tied to organisations, or the detailed one with post nodes


def people_and_organisations(G: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """The network with each post holding as one person → organisation tie (rule in the module docstring).

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("ani", {"kind": "Person", "label": "Ani"}), ("kanwil", {"kind": "Organization"}),
    ...                   ("kakanwil", {"kind": "Post", "label": "Kepala Kantor Wilayah"})])
    >>> _ = G.add_edge("kakanwil", "kanwil", "post in", relation="post in")
    >>> _ = G.add_edge("ani", "kakanwil", "holds post", relation="holds post", title=["Plh Kakanwil"],
    ...                acting=True, tenure=["Plh"], sources=["s1"])
    >>> H = people_and_organisations(G)
    >>> sorted(H), [(u, v, k, a["label"], a["acting"], a["post"]) for u, v, k, a in H.edges(keys=True, data=True)]
    (['ani', 'kanwil'], [('ani', 'kanwil', 'holds post in kakanwil', 'Plh Kakanwil (acting)', True, 'kakanwil')])
    """
    kinds = {node: G.nodes[node].get("kind") for node in G}
    org_of: dict[str, str] = {}
    for u, v, key in G.edges(keys=True):
        if key == "post in" and kinds[u] == "Post" and kinds[v] != "Post":
            org_of.setdefault(u, v)
    H: nx.MultiDiGraph[str] = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((node, attrs) for node, attrs in G.nodes(data=True) if node not in org_of)
    for u, v, key, attrs in G.edges(keys=True, data=True):
        if key == "post in" and u in org_of:
            continue
        if key == HOLDS and v in org_of and u not in org_of:
            H.add_edge(u, org_of[v], f"{HOLDS_IN} {v}", **_holding(attrs, v, str(G.nodes[v].get("label", v))))
        elif u in org_of or v in org_of:  # keyed by the post, so that it never merges into the office's own tie
            H.add_edge(org_of.get(u, u), org_of.get(v, v), f"{key} via {u if u in org_of else v}", **attrs)
        else:
            H.add_edge(u, v, key, **attrs)
    return H


def _holding(attrs: dict[str, Any], post: str, post_label: str) -> dict[str, Any]:
    titles = list(attrs.get("title") or [])
    label = "; ".join(titles) if titles else post_label
    return {**attrs, "relation": HOLDS_IN, "post": post,
            "label": f"{label}{ACTING_MARK}" if attrs.get("acting") else label}


def choose(G: nx.MultiDiGraph[str], ties: str) -> nx.MultiDiGraph[str]:
    """The network for a `--ties` choice: "people" (people tied to organisations) or "posts" (post nodes kept)."""
    return people_and_organisations(G) if ties == "people" else G
