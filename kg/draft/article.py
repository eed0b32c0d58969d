"""The article as the drafting rules see it: its text, its page furniture and its sentences.

Every span is a pair of character offsets into the text exactly as kg reads a source (UTF-8,
no BOM, CRLF read as LF), so that every drafted quote is `text[start:end]`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import UsageError

# Lines that belong to the page, not the article: "BACA JUGA" lists, related headlines, comment
# forms, photo credits, share buttons. A line that starts so is furniture; so is every line of a
# list that follows a list heading ("Berita Terkait", "Terkini Lainnya").
FURNITURE_LINE = re.compile(
    r"^\s*(?:BACA JUGA|Baca Juga|Baca juga|Tinggalkan Balasan|Alamat email Anda|Editor\s*:|Cek berita|"
    r"Tautan Sahabat|Foto\s*:|Sumber\s*:|Penulis\s*:|Reporter\s*:|Share|Bagikan|Komentar|- )", re.UNICODE)
LIST_HEADING = re.compile(r"^\s*(?:Berita Terkait|Terkini Lainnya|Baca Juga|Artikel Terkait|Berita Lainnya)\s*$")
PHOTO_CREDIT = re.compile(r"\(\s*[A-Z]{2,}/[^)]*\)\s*$|\bFoto\s*:.*$")  # "(MI/DWI APRIANI)", "Foto: dok/ist"
EDITOR_MARK = re.compile(r"\s*(?:\(\*/?\w*\)|\([A-Z]-\d+\))\s*$")  # "(*/red)", "(N-2)"
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z])|\n+(?![a-z])")
SITE_LINE = re.compile(r"^\s*[\w-]+(?:\.[\w-]+)+\s*$")  # "visitaaponce.com" above the headline
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Article:
    path: Path
    text: str
    furniture: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    captions: list[tuple[int, int]] = field(default_factory=list)  # photo captions: furniture, but may date the event
    _furniture_starts: list[int] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)
    _paragraph_starts: list[int] = field(default_factory=list)

    def is_furniture(self, start: int, end: int | None = None) -> bool:
        end = start + 1 if end is None else end
        i = bisect_right(self._furniture_starts, end - 1) - 1  # the last furniture span starting before `end`
        return i >= 0 and self.furniture[i][1] > start

    def sentence_of(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i][1]:
            return self.sentences[i]
        return offset, offset

    def paragraph_index(self, offset: int) -> int:
        i = bisect_right(self._paragraph_starts, offset) - 1
        return i if i >= 0 and offset <= self.paragraphs[i][1] else -1

    def in_headline(self, offset: int) -> bool:
        """Whether `offset` is in the headline line (or a repeat of it), or in a line above it."""
        headline = next(((s, e) for s, e in self.paragraphs if not SITE_LINE.match(self.text[s:e])), None)
        if headline is None:
            return False
        if offset < headline[1]:
            return True
        i = self.paragraph_index(offset)
        return i >= 0 and self.text[slice(*self.paragraphs[i])] == self.text[slice(*headline)]

    def index(self) -> None:
        self.furniture.sort()
        self._furniture_starts = [s for s, _ in self.furniture]
        self._sentence_starts = [s for s, _ in self.sentences]
        self._paragraph_starts = [s for s, _ in self.paragraphs]


def read_article(path: Path) -> Article:
    """The article's text, or a UsageError that says what is wrong with the file."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not an article text file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the article: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise UsageError(f"{path}: {len(data)} bytes is more than an article ({MAX_BYTES} bytes at most)")
    data = data.removeprefix(b"\xef\xbb\xbf")
    if not data.strip():
        raise UsageError(f"{path}: the file is empty; save the article's text in it first")
    if b"\x00" in data:
        raise UsageError(f"{path}: is a binary file (it holds NUL bytes), not the text of an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UsageError(f"{path}:{line}: byte {exc.start} is not UTF-8: save the article as UTF-8 text") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if sum(ch.isalpha() for ch in text[:100_000]) < 20 or not re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{3,}", text):
        raise UsageError(f"{path}: has no recognisable article text (no words)")
    article = Article(path, text)
    _split(article)
    article.index()
    return article


def _split(article: Article) -> None:
    text = article.text
    in_list = False
    offset = 0
    for line in _logical_lines(text):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            in_list = False
            continue
        if LIST_HEADING.match(line):
            in_list = True
        elif in_list and (len(line) > 160 or line.rstrip().endswith((".", "”", '"'))):
            in_list = False  # prose again: a list of headlines has short lines without a full stop
        if in_list or FURNITURE_LINE.match(line) or _is_dated_headline(line):
            article.furniture.append((start, end))
            continue
        if PHOTO_CREDIT.search(line):
            article.captions.append((start, end))
            article.furniture.append((start, end))
            continue
        mark = EDITOR_MARK.search(line)
        if mark:
            article.furniture.append((start + mark.start(), end))
            end = start + mark.start()
        article.paragraphs.append((start, end))
        pos = start
        for cut in SENTENCE_END.finditer(text, start, end):
            if cut.start() > pos:
                article.sentences.append(_trimmed(text, pos, cut.start()))
            pos = cut.end()
        if pos < end:
            article.sentences.append(_trimmed(text, pos, end))


def _logical_lines(text: str) -> list[str]:
    """The text's lines, a line that a hard wrap cut in mid-sentence joined to the next (newline kept):
    "Muhsin Abdullah,\nmengaku akan …" is one line."""
    lines: list[str] = []
    for line in text.split("\n"):
        if lines and lines[-1].strip() and line[:1].islower() and not lines[-1].rstrip().endswith(
                (".", "!", "?", '"', "”", ":")):
            lines[-1] += "\n" + line
        else:
            lines.append(line)
    return lines


def _is_dated_headline(line: str) -> bool:
    # "16 November 2024 07:29" under a related headline
    return bool(re.fullmatch(r"\s*\d{1,2} [A-Z][a-z]+ \d{4} \d{2}:\d{2}\s*", line))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
