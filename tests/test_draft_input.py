"""`kg draft` on bad input: a clear error naming the file, exit 2, no traceback, nothing written;
and on a long text, a draft rather than a hang."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from tests.conftest import ROOT, SEEDS

BAD = {
    "empty": (b"", "the file is empty"),
    "blank": (b"  \n\n\t\n", "the file is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "is a binary file"),
    "latin-1": (b"Gubernur Sumsel menghadiri peluncuran program di Palembang, kata Muhyidin.\n"
                b"Kepala Dinas Tenaga Kerja, Budi Santoso, menyampaikan terima kasih.\n" + b"Caf\xe9 \n",
                ":3: byte 146 is not UTF-8"),
    "no-words": (b"1234 5678\n---\n!!!\n", "no recognisable article text"),
    "no-content": (b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n",
                   "no recognisable content"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_article_is_refused_with_a_clear_error(tmp_path: Path, name: str) -> None:
    content, message = BAD[name]
    article = tmp_path / f"{name}.txt"
    article.write_bytes(content)
    out = tmp_path / "draft.yaml"
    out.write_text("previous draft\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["draft", str(article), "--facts", str(ROOT / "facts"), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"error: {article}" in result.output and message in result.output, result.output
    assert out.read_text(encoding="utf-8") == "previous draft\n", "a failed draft leaves the old file"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_missing_article_and_a_folder_are_usage_errors(tmp_path: Path) -> None:
    for path, message in ((tmp_path / "nope.txt", "cannot read the article"), (tmp_path, "is a folder")):
        result = CliRunner().invoke(main, ["draft", str(path), "--facts", str(ROOT / "facts")])
        assert result.exit_code == 2 and message in result.output, result.output


def test_an_id_already_taken_is_refused() -> None:
    result = CliRunner().invoke(main, ["draft", str(SEEDS / "000_278f21f09ec750cd.txt"), "--id", "s001"])
    assert result.exit_code == 2 and "already have a record with this ID" in result.output


def test_a_five_megabyte_text_is_drafted(tmp_path: Path) -> None:
    # the five seeds over and over: a long text full of names, titles, figures and quotes
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    article = tmp_path / "long.txt"
    article.write_text((seeds + "\n\n") * (5_000_000 // (len(seeds) + 2) + 1), encoding="utf-8")
    assert article.stat().st_size >= 5_000_000
    out = tmp_path / "long.yaml"
    result = CliRunner().invoke(main, ["draft", str(article), "--id", "s900", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "candidate: {rule: title-comma-name" in text and "figures:" in text
