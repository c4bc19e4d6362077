"""Bead files: formatting, parsing, and exact/strict scoring by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from bialign.beads import format_beads, parse_beads, read_beads, score_beads
from bialign.errors import InputError
from bialign.records import Link

LINKS = [Link(en=(0, 1), zh=(0,)), Link(en=(2,), zh=()), Link(en=(), zh=(1,))]


def test_format_puts_the_source_side_first() -> None:
    assert format_beads(LINKS, src_is_en=True) == "[0, 1]:[0]\n[2]:[]\n[]:[1]\n"
    assert format_beads(LINKS, src_is_en=False) == "[0]:[0, 1]\n[]:[2]\n[1]:[]\n"


def test_round_trip_through_a_file(tmp_path: Path) -> None:
    path = tmp_path / "x.align"
    path.write_text(format_beads(LINKS, True) + "\n", encoding="utf-8")
    assert read_beads(path) == [((0, 1), (0,)), ((2,), ()), ((), (1,))]
    assert parse_beads("[1,2]:[3]") == [((1, 2), (3,))]


def test_bad_line_names_the_file_and_line() -> None:
    with pytest.raises(InputError, match=r"gold\.align: line 2"):
        parse_beads("[0]:[0]\n0 - 1\n", "gold.align")


GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2,))]
SCORES = [
    # system, exact (P, R), strict (P, R): counted by hand
    ([((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2,))], (1.0, 1.0), (1.0, 1.0)),
    ([((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), (2,))], (3 / 5, 3 / 4),
     (2 / 3, 2 / 3)),
    ([((0,), (0,)), ((1, 2), (1,)), ((3, 4), (2,))], (2 / 3, 2 / 4), (2 / 3, 2 / 3)),
]


@pytest.mark.parametrize("system,exact,strict", SCORES)
def test_exact_and_strict_scores(system: list, exact: tuple[float, float],
                                 strict: tuple[float, float]) -> None:
    scores = score_beads(system, GOLD)
    assert scores["exact_p"] == pytest.approx(exact[0])
    assert scores["exact_r"] == pytest.approx(exact[1])
    assert scores["strict_p"] == pytest.approx(strict[0])
    assert scores["strict_r"] == pytest.approx(strict[1])


def test_counts_are_summed_over_documents() -> None:
    doc_a = ([((0,), (0,))], [((0,), (0,))])
    doc_b = ([((0,), (0, 1))], [((0,), (0,)), ((), (1,))])
    scores = score_beads([doc_a[0], doc_b[0]], [doc_a[1], doc_b[1]])
    assert scores["exact_p"] == pytest.approx(1 / 2)
    assert scores["exact_r"] == pytest.approx(1 / 3)
