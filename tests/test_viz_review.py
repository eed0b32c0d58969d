"""The review page of a draft (viz/review.py) in real Chromium at 1280x720: every drafted span highlighted exactly,
a click on a record marks and shows its evidence, a click on marked words selects their records, Indonesian
first with the English switch, nothing under 14 px, no outside request, and the payload corpus shown as text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from playwright.sync_api import Browser, BrowserContext

from kg.cli.main import main
from kg.errors import InvalidData, UsageError
from kg.facts.yamlio import read_yaml
from tests.browser import Opened, open_page
from tests.conftest import ENGLISH, FIXTURES
from tests.payloads import payloads
from viz.review import review_data, write_review

DRAFT = FIXTURES / "draft" / "s000-draft.yaml"
ARTICLE = "000_278f21f09ec750cd.txt"
# Every highlighted quote of the page: (record key, quote, the text of the marks that carry the quote's span).
HIGHLIGHTS = """() => {
  const data = JSON.parse(document.getElementById('kg-data').textContent), out = [], shown = new Map();
  document.querySelectorAll('mark.hl').forEach(m => m.dataset.spans.split(' ').forEach(id =>
    shown.set(id, (shown.get(id) || '') + m.textContent)));
  let n = 0;
  data.sections.forEach(s => s.records.forEach(r => r.evidence.forEach(e => {
    if (e.state === 'ok') out.push([r.key, e.quote, shown.get('s' + n++) || '']);
  })));
  return out;
}"""
IN_VIEW = """(selector) => { const box = document.querySelector(selector).getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight && box.left >= 0 && box.right <= window.innerWidth; }"""


@pytest.fixture(scope="module")
def page_path(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_review(seeds / ARTICLE, DRAFT, tmp_path_factory.mktemp("review") / "s000.review.html")




def _open(context: BrowserContext, path: Path) -> Opened:
    opened = open_page(context, path, root=path.parent)
    assert not opened.errors and not opened.outside, (opened.errors, opened.outside)
    return opened


def test_the_page_data_holds_every_record_by_section_with_its_line_and_candidate(seeds: Path) -> None:
    draft, problems = read_yaml(DRAFT, DRAFT.name)
    assert not problems
    data = review_data((seeds / ARTICLE).read_text(encoding="utf-8"), draft, DRAFT.name)
    sections = {s["name"]: s["records"] for s in data["sections"]}
    assert list(sections) == ["sources", "people", "mentions", "holdings", "events", "figures", "statements"]
    figure = sections["figures"][0]
    assert figure["candidate"] == {"rule": "figure-percent", "confidence": "0.65"}
    assert DRAFT.read_text(encoding="utf-8").splitlines()[figure["line"] - 1].strip() == \
        "- id: s000-fig-coverage-rate-sumsel"
    assert sections["mentions"][0]["candidate"] is None  # accepted: its candidate line is gone
    assert all(e["state"] == "ok" for records in sections.values() for r in records for e in r["evidence"])


def test_evidence_that_is_not_in_the_text_is_marked_not_highlighted(seeds: Path) -> None:
    text = (seeds / ARTICLE).read_text(encoding="utf-8")
    draft = {"source": "s000", "mentions": [
        {"entity": "muhyidin", "quote": "Muhyidin"},
        {"entity": "muhyidin", "quote": "Muhyidin", "start": "0", "end": "8"},
        {"entity": "muhyidin", "quote": "Muhyidin", "source": "s001", "start": "1", "end": "9"}]}
    states = [r["evidence"][0]["state"] for r in review_data(text, draft, "d.yaml")["sections"][0]["records"]]
    assert states == ["unanchored", "mismatch", "elsewhere"]


def test_the_page_finds_a_quote_after_an_emoji_where_its_script_counts_it() -> None:
    # evidence counts code points, the page's script UTF-16 units: an emoji is one of the first, two of the second
    draft = {"source": "s9", "mentions": [{"entity": "m", "quote": "Muhyidin", "start": "2", "end": "10"}]}
    evidence = review_data("\U0001f600 Muhyidin", draft, "d.yaml")["sections"][0]["records"][0]["evidence"][0]
    assert (evidence["state"], evidence["from"], evidence["to"]) == ("ok", 3, 11)


@pytest.mark.browser
def test_every_drafted_span_is_highlighted_exactly(fresh: BrowserContext, page_path: Path) -> None:
    opened = _open(fresh, page_path)
    highlights = opened.js(HIGHLIGHTS)
    assert len(highlights) == 13
    assert all(quote == shown for _, quote, shown in highlights), [h for h in highlights if h[1] != h[2]]
    assert opened.js("document.getElementById('text').textContent") == opened.js(  # the whole text, in order
        "JSON.parse(document.getElementById('kg-data').textContent).text")


@pytest.mark.browser
def test_a_click_on_a_record_marks_its_evidence_and_scrolls_it_into_view(fresh: BrowserContext,
                                                                         page_path: Path) -> None:
    opened = _open(fresh, page_path)
    opened.page.click('.card[data-key="statements[0]"] button.head')
    active = opened.js("Array.from(document.querySelectorAll('mark.active')).map(m => m.textContent).join('|')")
    assert "Jika terjadi risiko kecelakaan kerja" in active and "Muhyidin" in active
    assert opened.js(IN_VIEW, "mark.focus")  # the first quote, near the end of the article, is in view
    assert opened.js("document.querySelector('.card.selected').dataset.key") == "statements[0]"
    # a quote of the record's evidence list: that quote, and only the other record's marks stay unmarked
    opened.page.click('.card[data-key="holdings[0]"] li.quote')
    focus = opened.js("Array.from(document.querySelectorAll('mark.focus')).map(m => m.textContent).join('')")
    assert focus == "Pelaksana Harian Sekretaris Daerah (Plh Sekda) Sumsel, H. Edward Chandra"
    assert opened.js(IN_VIEW, "mark.focus")


@pytest.mark.browser
def test_a_click_on_marked_words_selects_every_record_they_belong_to(fresh: BrowserContext,
                                                                     page_path: Path) -> None:
    opened = _open(fresh, page_path)
    # "H. Edward Chandra" lies in the holding's quote and is a mention of its own
    opened.page.locator("mark.multi", has_text="Edward Chandra").first.click()
    selected = opened.js("Array.from(document.querySelectorAll('.card.selected')).map(c => c.dataset.key)")
    assert set(selected) == {"mentions[1]", "holdings[0]"}
    assert opened.js(IN_VIEW, ".card.selected")
    opened.page.locator("mark", has_text="36 persen").first.click()
    assert opened.js("Array.from(document.querySelectorAll('.card.selected')).map(c => c.dataset.key)") == \
        ["figures[0]"]
    assert opened.js(IN_VIEW, ".card.selected")


@pytest.mark.browser
def test_each_record_shows_its_rule_and_confidence_and_no_text_is_under_14_px(fresh: BrowserContext,
                                                                             page_path: Path) -> None:
    opened = _open(fresh, page_path)
    figure = opened.page.inner_text('.card[data-key="figures[0]"] .badge')
    assert "figure-percent" in figure and "0.65" in figure
    assert "candidate" in opened.page.inner_text('.card[data-key="mentions[0]"] .badge')  # accepted
    sizes = opened.js("""() => Array.from(document.querySelectorAll('body *'))
      .filter(e => Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
      .map(e => [e.tagName + '.' + e.className, parseFloat(getComputedStyle(e).fontSize)])""")
    assert sizes and all(size >= 14 for _, size in sizes), [s for s in sizes if s[1] < 14]
    assert opened.js("document.documentElement.scrollWidth <= 1280")


@pytest.mark.browser
def test_the_page_is_indonesian_first_and_switches_to_english(fresh: BrowserContext, page_path: Path) -> None:
    opened = _open(fresh, page_path)
    assert opened.js("document.documentElement.lang") == "id"
    assert opened.page.inner_text("#article-heading") == "ARTIKEL"
    assert "rekaman" in opened.page.inner_text("#counts") and "aturan" in opened.page.inner_text(".badge")
    opened.page.click("#lang-switch")
    opened.page.wait_for_selector("body[data-drawn]", state="attached")
    assert opened.js("document.documentElement.lang") == "en"
    assert opened.page.inner_text("#article-heading") == "ARTICLE"
    assert opened.page.inner_text("#counts") == "(11 candidates to review of 12 records)"
    opened.page.click("#lang-switch")
    opened.page.wait_for_selector("body[data-drawn]", state="attached")
    assert opened.js("document.documentElement.lang") == "id"


def _payload_files(folder: Path) -> tuple[Path, Path]:
    """An article made of the payload corpus, and a draft whose quotes, names, rules and section names are payloads."""
    # as an article is read (kg.facts.checks.source_text): line ends made LF
    entries = [entry.replace("\r\n", "\n").replace("\r", "\n") for entry in payloads()]
    text, mentions, offset = "", [], 0
    for entry in entries:
        text += entry + "\n"
        mentions.append({"entity": "x", "candidate": {"rule": entry[:200], "confidence": "0.5"},
                         "quote": entry, "start": offset, "end": offset + len(entry)})
        offset += len(entry) + 1
    draft: dict[str, Any] = {"source": "s9", "sources": [{"id": "s9", "title": entries[0], "file": entries[1]}],
                             "mentions": mentions, entries[4]: [{"id": e, "note": e} for e in entries[:60]]}
    (folder / "article.txt").write_text(text, encoding="utf-8")
    # JSON is YAML, and its escapes keep the line breaks YAML counts (NEL, LS, PS) out of the file as written
    (folder / "draft.yaml").write_text(json.dumps(draft, indent=1), encoding="utf-8")
    return folder / "article.txt", folder / "draft.yaml"


@pytest.mark.browser
@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "without-csp"])
def test_payloads_in_the_article_and_the_draft_show_as_text_and_run_nothing(
        chromium: Browser, tmp_path: Path, csp: bool) -> None:
    article, draft = _payload_files(tmp_path)
    path = write_review(article, draft)
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, bypass_csp=not csp)
    context.add_init_script(ENGLISH)
    try:
        opened = open_page(context, path, root=tmp_path, timeout=60000)
        assert not opened.outside and not opened.dialogs, (opened.outside, opened.dialogs)
        assert opened.js("typeof window.__xss") == "undefined" and not opened.js("!!window.parent.__xss")
        shown = opened.js("document.getElementById('text').textContent")
        assert shown == article.read_text(encoding="utf-8")
        highlights = opened.js(HIGHLIGHTS)
        assert len(highlights) == len(payloads()) and all(q == s for _, q, s in highlights)
        headings = opened.js("Array.from(document.querySelectorAll('.heading')).map(h => h.textContent)")
        assert set(payloads()[:60]) <= set(headings)
        assert opened.js("document.querySelectorAll('#groups script, #groups img, #groups iframe, #text *:not(mark)')"
                         ".length") == 0
    finally:
        context.close()


def test_a_draft_that_is_not_yaml_or_an_article_that_is_not_utf8_is_a_clear_error(seeds: Path,
                                                                                   tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("mentions: [\n", encoding="utf-8")
    with pytest.raises(InvalidData) as error:
        write_review(seeds / ARTICLE, bad)
    assert any(p.rule == "yaml-syntax" for p in error.value.problems)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Pemerintah Sumsel \xe9".encode("latin-1"))
    with pytest.raises(UsageError, match="is not UTF-8"):
        write_review(latin, DRAFT)
    assert not list(tmp_path.glob("*.html"))


@pytest.mark.browser
def test_kg_draft_html_writes_the_page_of_its_draft_beside_it(fresh: BrowserContext, seeds: Path,
                                                              tmp_path: Path) -> None:
    from kg.draft_eval import leave_one_out
    from tests.conftest import ROOT

    facts = leave_one_out(ROOT / "facts", "s000", tmp_path / "facts")
    out = tmp_path / "s000.yaml"
    result = CliRunner().invoke(main, ["draft", str(seeds / ARTICLE), "--facts", str(facts), "--id", "s000",
                                       "--out", str(out), "--html"])
    assert result.exit_code == 0, result.output
    page = tmp_path / "s000.review.html"
    assert page.is_file()
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    records = sum(len(items) for items in draft.values() if isinstance(items, list))
    opened = _open(fresh, page)
    assert opened.js("document.querySelectorAll('.card').length") == records
    assert opened.js("document.querySelectorAll('.card.candidate').length") == records  # nothing reviewed yet
    highlights = opened.js(HIGHLIGHTS)
    assert highlights and all(quote == shown for _, quote, shown in highlights)
    # the page of a draft written to standard output goes where --html says
    elsewhere = tmp_path / "elsewhere.html"
    result = CliRunner().invoke(main, ["draft", str(seeds / ARTICLE), "--facts", str(facts), "--id", "s000",
                                       "--html", str(elsewhere)])
    assert result.exit_code == 0 and "candidate:" in result.output and elsewhere.is_file()


def test_kg_draft_html_without_a_file_needs_out(seeds: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["draft", str(seeds / ARTICLE), "--html"])
    assert result.exit_code == 2 and "give --out FILE too, or --html FILE" in result.output
    assert "Traceback" not in result.output and not list(tmp_path.iterdir())
