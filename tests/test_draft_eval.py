"""The comparison behind `python -m kg.draft_eval`, on a tiny example (the benchmark itself is not a test)."""

from __future__ import annotations

from kg.draft_eval import compare, exact_quotes


def test_records_match_on_section_key_values_and_overlapping_evidence() -> None:
    curated = {
        "people": [{"id": "edward-chandra", "name": "Edward Chandra"}],
        "figures": [{"id": "fig-a", "value": 36, "unit": "percent",
                     "evidence": [{"quote": "x", "start": 10, "end": 40}]},
                    {"id": "fig-b", "value": 3000000, "unit": "workers",
                     "evidence": [{"quote": "y", "start": 50, "end": 90}]}],
        "holdings": [{"id": "h", "person": "edward-chandra", "post": "sekda-sumsel", "tenure": "Plh",
                      "evidence": [{"quote": "z", "start": 0, "end": 9}]}],
    }
    drafted = {
        "people": [{"id": "edward-chandra-2", "name": "Edward Chandra"}],  # another ID, the same name
        "figures": [{"id": "d1", "value": "36.0", "unit": "percent", "evidence": [{"start": 30, "end": 45}]},
                    {"id": "d2", "value": 3000000, "unit": "workers", "evidence": [{"start": 0, "end": 20}]},
                    {"id": "d3", "value": 36, "unit": "percent", "evidence": [{"start": 30, "end": 45}]}],
        "holdings": [{"id": "dh", "person": "edward-chandra-2", "post": "sekda-sumsel", "tenure": "Plh",
                      "evidence": [{"start": 5, "end": 20}]}],
    }
    scores = compare(drafted, curated)
    # d1 matches fig-a (same value, overlapping span); d2 has the value of fig-b but no overlap; d3 is a
    # second match for an already matched record
    figures = scores["figures"]
    assert (figures.drafted, figures.curated, figures.matched_drafted, figures.matched_curated) == (3, 2, 1, 1)
    assert figures.misses == ["fig-b"]
    assert round(figures.precision, 2) == 0.33 and figures.recall == 0.5
    # the holding matches under the curated person's ID, mapped through the people section
    assert scores["holdings"].matched_curated == 1 and scores["people"].matched_curated == 1


def test_exact_quotes_counts_every_span_against_the_text() -> None:
    text = "Muhyidin menyampaikan 36 persen"
    drafted = {"mentions": [{"quote": "Muhyidin", "start": 0, "end": 8}],
               "figures": [{"evidence": [{"quote": "36 persen", "start": 22, "end": 31},
                                         {"quote": "36 persen", "start": 21, "end": 30}]}]}
    assert exact_quotes(drafted, text) == (2, 3)
