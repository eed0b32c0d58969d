"""The power/interest grid: every actor placed by its scores, drawn with matplotlib (PNG and SVG).

Interest/support runs along x and influence up y, both 0-10, split at 5 into the four classic
quadrants. An actor sits where its derived scores put it (`kg.stakeholders.scoring`); when a facilitator
has overridden the placement, a hollow marker stays at the derived position and a dashed arrow
leads to a diamond at the overridden one, so the grid never hides what the evidence says.

Labels are placed by a small greedy search rather than adjustText (which needs scipy): actors
are labelled from the most influential down, and each label takes the nearest of a ring of
candidate positions that overlaps no label or marker already placed and stays inside the plot,
with a leader line when it had to move away. Actors at the very same spot are fanned out on a
small circle so that each marker stays visible. The figure is drawn without pyplot, so no global
backend state is touched.

Example
-------
>>> from kg.stakeholders.register import StakeholderRow
>>> figure, boxes = draw([StakeholderRow("a", "Ani", "Person", "Person", influence=8.0, interest=3.0)])
>>> [(box.id, box.x, box.y) for box in boxes]
[('a', 3.0, 8.0)]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from kg.stakeholders.register import StakeholderRow
from kg.text import visible

SCORE_MAX = 10.0
SPLIT = 5.0
QUADRANTS = (  # (x, y, text, horizontal alignment, vertical alignment) in data coordinates
    (0.1, 10.4, "Keep satisfied", "left", "top"),
    (9.9, 10.4, "Manage closely", "right", "top"),
    (0.1, -0.4, "Monitor", "left", "bottom"),
    (9.9, -0.4, "Keep informed", "right", "bottom"),
)
MARKERS = {"Person": "o", "Organization": "s"}
COLOURS = {"Person": "#1f6f8b", "Organization": "#8b5a1f", "override": "#c0392b"}
CAPTION = ("Influence = authority of the highest post or of the organisation type (0-8) + centrality bonus (0-2). "
           "Interest = 2 per pledge or proposal (1 if deferred or not fulfilled) + 1 per request, stated support, "
           "programme or event, up to 10.\nHollow marker and dashed arrow: a facilitator's override, from the "
           "derived placement to the facilitator's.")
# The image's own words in Bahasa Indonesia (the default) and English (`kg stakeholders --lang en`). The quadrants and
# the kinds of actor are named by the ontology's labels (`terms`, @id by English label or notation), not here.
WORDS = {
    "id": {"x": "Kepentingan / dukungan (0-10)", "y": "Pengaruh (0-10)", "title": "Grid pengaruh/kepentingan",
           "placed": "ditempatkan fasilitator", "derived": "letak menurut bukti (diganti)",
           "caption": "Pengaruh = kewenangan jabatan tertinggi atau jenis organisasinya (0-8) + bonus sentralitas "
                      "(0-2). Kepentingan = 2 per janji atau usulan (1 bila ditunda atau tidak terpenuhi) + 1 per "
                      "permintaan, dukungan yang dinyatakan, program atau acara, paling tinggi 10.\nPenanda berongga "
                      "dan panah putus-putus: penempatan fasilitator, dari letak menurut bukti ke letak pilihan "
                      "fasilitator."},
    "en": {"x": "Interest / support (0-10)", "y": "Influence (0-10)", "title": "Power/interest grid",
           "placed": "placed by a facilitator", "derived": "derived placement (overridden)", "caption": CAPTION},
}
LANGUAGES = tuple(WORDS)
FAN_RADIUS = 0.18  # data units: how far apart actors at one spot are drawn
RADII = (6, 12, 20, 30, 42, 56, 72, 90)  # label offsets tried, in points
ANGLES = tuple(range(0, 360, 30))
MARKER_PIXELS = 9.0
MARKER_AREA = 50  # scatter marker size, in points squared
LABEL_POINTS = 8  # label font size


def quadrant(influence: float, interest: float) -> str:
    """The quadrant of a placement; a score of exactly 5 counts as high.

    >>> quadrant(8.8, 5), quadrant(8.8, 4), quadrant(3.5, 8), quadrant(0, 0)
    ('Manage closely', 'Keep satisfied', 'Keep informed', 'Monitor')
    """
    if influence >= SPLIT:
        return "Manage closely" if interest >= SPLIT else "Keep satisfied"
    return "Keep informed" if interest >= SPLIT else "Monitor"


@dataclass(frozen=True)
class LabelBox:
    """Where an actor's label went: the actor's placement (data) and the label's box (pixels)."""

    id: str
    label: str
    x: float  # shown interest
    y: float  # shown influence
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in display pixels
    anchor: tuple[float, float] = (0.0, 0.0)  # the marker as drawn (fanned out if need be), in display pixels
    leader: bool = False  # whether a leader line joins label and marker (the label had to move away)

    def overlaps(self, other: LabelBox) -> bool:
        return _overlap(self.box, other.box) > 0


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def _fanned(rows: Sequence[StakeholderRow]) -> dict[str, tuple[float, float]]:
    """Drawing positions: the shown placement, spread on a small circle where several coincide."""
    spots: dict[tuple[float, float], list[str]] = defaultdict(list)
    for row in rows:
        spots[(row.shown_interest, row.shown_influence)].append(row.id)
    drawn = {}
    for (x, y), ids in spots.items():
        for i, actor in enumerate(ids):
            angle = 2 * math.pi * i / len(ids)
            r = FAN_RADIUS if len(ids) > 1 else 0.0
            drawn[actor] = (x + r * math.cos(angle), y + r * math.sin(angle))
    return drawn


def draw(rows: Sequence[StakeholderRow], *, title: str | None = None, lang: str = "id",
         terms: Mapping[str, str] | None = None) -> tuple[Figure, list[LabelBox]]:
    """The grid as a matplotlib Figure, and where each label was placed: in Bahasa Indonesia ("id", the default, with
    `terms` giving the ontology's @id labels of the quadrants and kinds of actor by English label) or English ("en")."""
    words = WORDS[lang]
    terms = (terms or {}) if lang == "id" else {}
    title = words["title"] if title is None else title
    figure = Figure(figsize=(12, 9), dpi=150, layout="constrained")
    FigureCanvasAgg(figure)
    figure.get_layout_engine().set(rect=(0, 0.04, 1, 0.96))  # type: ignore[union-attr, call-arg]  # room for the caption
    ax = figure.add_subplot()
    ax.set_xlim(-0.6, SCORE_MAX + 0.6)
    ax.set_ylim(-0.6, SCORE_MAX + 0.6)
    ax.set_xlabel(words["x"])
    ax.set_ylabel(words["y"])
    ax.set_title(title, parse_math=False)  # names are text: "$x$" must not become mathtext
    ax.axvline(SPLIT, color="#999999", linewidth=0.8)
    ax.axhline(SPLIT, color="#999999", linewidth=0.8)
    for x, y, text, ha, va in QUADRANTS:
        ax.text(x, y, terms.get(text, text), ha=ha, va=va, fontsize=11, color="#777777", style="italic")
    figure.text(0.01, 0.005, words["caption"], fontsize=7, color="#444444", ha="left", va="bottom", wrap=True)
    drawn = _fanned(rows)
    for row in rows:
        x, y = drawn[row.id]
        if row.override:
            ax.scatter([row.interest], [row.influence], marker=MARKERS.get(row.kind, "o"), s=MARKER_AREA,
                       facecolors="none", edgecolors=COLOURS["override"], linewidths=1.0, zorder=3)
            ax.annotate("", xy=(x, y), xytext=(row.interest, row.influence), zorder=3,
                        arrowprops={"arrowstyle": "->", "linestyle": "--", "color": COLOURS["override"]})
            ax.scatter([x], [y], marker="D", s=60, color=COLOURS["override"], zorder=4)
        else:
            ax.scatter([x], [y], marker=MARKERS.get(row.kind, "o"), s=MARKER_AREA,
                       color=COLOURS.get(row.kind, "#333333"), zorder=4)
    _legend(ax, words, terms)
    figure.canvas.draw()  # fixes the layout, so that pixel positions are final before labels are placed
    return figure, _place_labels(figure, ax, rows, drawn)


def _legend(ax: Axes, words: Mapping[str, str], terms: Mapping[str, str]) -> None:
    handles = [
        ax.scatter([], [], marker="o", color=COLOURS["Person"], label=terms.get("person", "person")),
        ax.scatter([], [], marker="s", color=COLOURS["Organization"], label=terms.get("organisation", "organisation")),
        ax.scatter([], [], marker="D", color=COLOURS["override"], label=words["placed"]),
        ax.scatter([], [], marker="o", facecolors="none", edgecolors=COLOURS["override"], label=words["derived"]),
    ]
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=LABEL_POINTS, frameon=False)


def _place_labels(figure: Figure, ax: Axes, rows: Sequence[StakeholderRow],
                  drawn: dict[str, tuple[float, float]]) -> list[LabelBox]:
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    scale = figure.dpi / 72.0
    frame = ax.get_window_extent(renderer)
    bounds = (frame.x0, frame.y0, frame.x1, frame.y1)
    pixel = {actor: tuple(ax.transData.transform(point)) for actor, point in drawn.items()}
    half = MARKER_PIXELS * scale / 2
    points = list(pixel.values())
    for row in rows:  # an override's derived marker and its arrow are kept clear of labels too
        if row.override:
            start = ax.transData.transform((row.interest, row.influence))
            end = pixel[row.id]
            points += [(start[0] + (end[0] - start[0]) * t / 8, start[1] + (end[1] - start[1]) * t / 8)
                       for t in range(8)]
    taken = [(px - half, py - half, px + half, py + half) for px, py in points]
    taken += [_box_of(t, renderer) for t in ax.texts]  # the quadrant names
    placed = []
    for row in sorted(rows, key=lambda r: (-r.shown_influence, -r.shown_interest, r.id)):
        text = visible(row.short_name or row.name).replace("\t", " ")  # no font draws a control character
        probe = ax.text(0, 0, text, fontsize=LABEL_POINTS, parse_math=False)
        extent = probe.get_window_extent(renderer)
        probe.remove()
        px, py = pixel[row.id]
        best: tuple[float, int, int, str, str, tuple[float, float, float, float]] | None = None
        for radius in RADII:
            for angle in ANGLES:
                box, ha, va = _candidate(px, py, radius * scale, angle, extent.width, extent.height)
                cost = sum(_overlap(box, other) for other in taken) + _outside(box, bounds) * 10
                if best is None or cost < best[0]:
                    best = (cost, radius, angle, ha, va, box)
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        assert best is not None
        _, radius, angle, ha, va, box = best
        dx, dy = radius * math.cos(math.radians(angle)), radius * math.sin(math.radians(angle))
        leader = {"arrowstyle": "-", "color": "#888888", "linewidth": 0.5} if radius > RADII[0] else None
        ax.annotate(text, xy=drawn[row.id], xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                    fontsize=LABEL_POINTS, zorder=5, arrowprops=leader, parse_math=False,
                    color=COLOURS["override"] if row.override else "#222222")
        taken.append(box)
        placed.append(LabelBox(row.id, text, row.shown_interest, row.shown_influence, box, (float(px), float(py)),
                               leader is not None))
    return placed


def _box_of(text: Text, renderer: RendererBase) -> tuple[float, float, float, float]:
    extent = text.get_window_extent(renderer)
    return (extent.x0, extent.y0, extent.x1, extent.y1)


def _candidate(px: float, py: float, r: float, angle: int, width: float, height: float) -> \
        tuple[tuple[float, float, float, float], str, str]:
    """The label's box when its anchor sits r pixels from the point in direction `angle`."""
    ax_, ay = px + r * math.cos(math.radians(angle)), py + r * math.sin(math.radians(angle))
    ha = "left" if math.cos(math.radians(angle)) > 0.3 else "right" if math.cos(math.radians(angle)) < -0.3 \
        else "center"
    va = "bottom" if math.sin(math.radians(angle)) > 0.3 else "top" if math.sin(math.radians(angle)) < -0.3 \
        else "center"
    x0 = ax_ if ha == "left" else ax_ - width if ha == "right" else ax_ - width / 2
    y0 = ay if va == "bottom" else ay - height if va == "top" else ay - height / 2
    return (x0, y0, x0 + width, y0 + height), ha, va


def _outside(box: tuple[float, float, float, float], bounds: tuple[float, float, float, float]) -> float:
    return (max(0.0, bounds[0] - box[0]) + max(0.0, box[2] - bounds[2])
            + max(0.0, bounds[1] - box[1]) + max(0.0, box[3] - bounds[3]))


def save(figure: Figure, path: Path) -> None:
    """Write the figure as PNG or SVG (by the path's suffix); the same rows give the same bytes."""
    # text stays text in the SVG (searchable, smaller); a fixed salt and no date keep files reproducible
    metadata = {"Date": None} if path.suffix == ".svg" else {"Software": None}
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kg"}):
        figure.savefig(path, metadata=metadata)
