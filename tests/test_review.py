"""The review store: decisions, link corrections, persistence, concurrency, export."""

from __future__ import annotations

import csv
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.checks import CheckConfig, CheckResources
from bialign.errors import InputError, ReportFolderError, ReviewError, UnknownFinding
from bialign.export import export_review
from bialign.records import Alignment, Finding, Link, RunResult, Sentence
from bialign.report import write_reports
from bialign.review import (
    ReviewConfig,
    ReviewStore,
    correct_links,
    load_report,
    merge_next,
    split_link,
)
from tests.sample_result import consensus_result, tiny_result

# The number check is fast and needs no dictionary; "none" re-checks nothing,
# so that finding ids after a correction can be computed by hand.
FAST = ReviewConfig(checks=CheckConfig(enabled=("number",)))
NONE = ReviewConfig(checks=CheckConfig(enabled=()))


@pytest.fixture
def report(tmp_path: Path) -> Path:
    out = tmp_path / "report"
    out.mkdir()
    write_reports(tiny_result(), out)
    return out


def L(en: Sequence[int], zh: Sequence[int]) -> Link:  # noqa: N802 (reads like a bead)
    return Link(tuple(en), tuple(zh))


def beads(links: Sequence[Link]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(k.en, k.zh) for k in links]


# ---------------------------------------------------------------- link edits

TINY = (L([0], [0]), L([1, 2], [1]), L([3], []), L([4], [2]), L([], [3]))


@pytest.mark.parametrize(("i", "expected"), [
    (0, [((0, 1, 2), (0, 1)), ((3,), ()), ((4,), (2,)), ((), (3,))]),
    (1, [((0,), (0,)), ((1, 2, 3), (1,)), ((4,), (2,)), ((), (3,))]),
    (3, [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2, 3))]),
])
def test_merge_next_concatenates_both_sides(i: int, expected: list) -> None:
    assert beads(merge_next(TINY, i)) == expected


@pytest.mark.parametrize(("link", "expected"), [
    (L([1, 2], [1]), [((1,), (1,)), ((2,), ())]),           # 2-1: first pair, rest
    (L([1], [1, 2, 3]), [((1,), (1,)), ((), (2, 3))]),      # 1-3
    (L([4, 5], [6, 7]), [((4,), (6,)), ((5,), (7,))]),      # 2-2
    (L([4, 5, 6], [7, 8]), [((4,), (7,)), ((5, 6), (8,))]),  # 3-2
    (L([4], [7]), [((4,), ()), ((), (7,))]),                # 1-1: not a pair after all
    (L([3, 4, 5], []), [((3,), ()), ((4, 5), ())]),         # one-sided
    (L([], [3, 4]), [((), (3,)), ((), (4,))]),
])
def test_split_link_takes_off_the_first_sentence_pair(link: Link, expected: list) -> None:
    assert beads(split_link((L([0], [0]), link), 1)) == [((0,), (0,)), *expected]


def test_split_keeps_score_of_two_sided_parts_and_marks_them_user_made() -> None:
    parts = split_link((Link((0, 1), (0, 1), 0.7, 0.4),), 0)
    assert [(k.score, k.confidence) for k in parts] == [(0.7, 1.0), (0.7, 1.0)]
    merged = merge_next((Link((0,), (0,), 0.6), Link((1,), (), 0.0), Link((2,), (1,), 0.9)), 0)
    assert merged[0].score == pytest.approx(0.6)  # the one-sided link adds no similarity


@pytest.mark.parametrize(("edit", "links", "i"), [
    (split_link, TINY, 2),       # a single one-sided sentence
    (split_link, TINY, 5),       # past the end
    (split_link, TINY, -1),
    (merge_next, TINY, 4),       # the last link has no next
    (merge_next, TINY, -1),
])
def test_impossible_edits_raise_review_error(edit, links, i) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ReviewError):
        edit(links, i)


@st.composite
def monotone_links(draw: st.DrawFn) -> tuple[Link, ...]:
    """A random monotone alignment in which every sentence is in one link."""
    sizes = draw(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3))
                          .filter(lambda t: t != (0, 0)), min_size=2, max_size=12))
    links, e, z = [], 0, 0
    for m, n in sizes:
        links.append(L(range(e, e + m), range(z, z + n)))
        e, z = e + m, z + n
    return tuple(links)


def _assert_monotone_partition(links: Sequence[Link], n_en: int, n_zh: int) -> None:
    assert [i for k in links for i in k.en] == list(range(n_en))
    assert [i for k in links for i in k.zh] == list(range(n_zh))
    assert all(k.en or k.zh for k in links)


@settings(max_examples=200, deadline=None)
@given(monotone_links(), st.data())
def test_edits_keep_every_sentence_in_one_monotone_link(links: tuple[Link, ...],
                                                        data: st.DataObject) -> None:
    n_en, n_zh = sum(len(k.en) for k in links), sum(len(k.zh) for k in links)
    i = data.draw(st.integers(0, len(links) - 2))
    merged = merge_next(links, i)
    _assert_monotone_partition(merged, n_en, n_zh)
    assert len(merged) == len(links) - 1
    j = data.draw(st.integers(0, len(links) - 1))
    if len(links[j].en) + len(links[j].zh) >= 2:
        split = split_link(links, j)
        _assert_monotone_partition(split, n_en, n_zh)
        assert len(split) == len(links) + 1
        assert beads(merge_next(split, j)) == beads(links)  # split then merge is identity


# ---------------------------------------------------------------- findings after edits


def test_correction_moves_findings_of_other_links(report: Path) -> None:
    # tiny: F0001 omission on link 2, F0002 number on link 3, F0003 omission on link 4
    result = load_report(report)
    fix = correct_links(result, 2, "merge_next", resources=CheckResources(), config=NONE)
    assert fix.new_links == (2,)
    assert [(f.category, f.link) for f in fix.result.findings] == [("omission", 3)]
    assert fix.id_map == {"F0003": "F0001"}
    fix = correct_links(result, 1, "split", resources=CheckResources(), config=NONE)
    assert fix.new_links == (1, 2)
    assert [f.link for f in fix.result.findings] == [3, 4, 5]
    assert fix.id_map == {"F0001": "F0001", "F0002": "F0002", "F0003": "F0003"}


def test_recheck_finds_the_same_finding_again_and_keeps_its_id(report: Path) -> None:
    # link 3 says 5 dollars / 6美元; merged with the Chinese-only link 4 the
    # number check still finds 5 vs 6, so F0002 keeps its decision.
    store = ReviewStore(report, config=FAST)
    store.set_decision("F0002", "confirmed", "real error")
    store.set_decision("F0003", "dismissed")  # on the Chinese-only link, merged away
    fix = store.edit_links(3, "merge_next")
    assert fix.result.links[3] == Link((4,), (2, 3), 0.55, 1.0)
    assert [(f.category, f.link) for f in fix.result.findings] == [("omission", 2),
                                                                  ("number", 3)]
    assert fix.id_map == {"F0001": "F0001", "F0002": "F0002"}
    assert {k: d.comment for k, d in store.decisions().items()} == {"F0002": "real error"}


def test_related_links_follow_the_edit() -> None:
    en = tuple(Sentence(i, f"s{i}", i) for i in range(4))
    zh = tuple(Sentence(i, f"句{i}", i) for i in range(4))
    links = tuple(L([i], [i]) for i in range(4))
    term = Finding("terminology", "warning", 0.6, 3, "m", related=(0, 1, 2))
    result = RunResult(tiny_result().en_doc, tiny_result().zh_doc, en, zh, Alignment(links),
                       (term,), "sig")
    fix = correct_links(result, 0, "merge_next", resources=CheckResources(), config=NONE)
    assert fix.result.findings[0].link == 2 and fix.result.findings[0].related == (0, 1)


# ---------------------------------------------------------------- the store


def test_decision_round_trip_and_restart(report: Path) -> None:
    store = ReviewStore(report, config=FAST)
    store.set_decision("F0001", "confirmed", "checked against page 2")
    store.set_decision("F0003", "dismissed")
    store.set_decision("F0001", "dismissed", "no: heading")  # replaces
    again = ReviewStore(report, config=FAST)
    got = {k: (d.decision, d.comment) for k, d in again.decisions().items()}
    assert got == {"F0001": ("dismissed", "no: heading"), "F0003": ("dismissed", "")}


def test_corrections_persist_and_leave_the_original_untouched(report: Path) -> None:
    before = (report / "alignment.json").read_bytes()
    store = ReviewStore(report, config=FAST)
    store.edit_links(1, "split")
    assert ReviewStore(report, config=FAST).result().links == store.result().links
    assert len(store.result().links) == 6 and store.is_corrected()
    assert store.edits() == [("split", 1)]
    assert (report / "alignment.json").read_bytes() == before
    assert load_report(report).links == tiny_result().links


@pytest.mark.parametrize("finding", ["F0000", "F0004", "F1", "F00001", "f0001", "X0001", ""])
def test_unknown_finding_is_refused(report: Path, finding: str) -> None:
    with pytest.raises(UnknownFinding, match="no finding with id"):
        ReviewStore(report, config=FAST).set_decision(finding, "confirmed")


@pytest.mark.parametrize(("decision", "comment"), [
    ("accepted", ""), ("CONFIRMED", ""), (None, ""), ("confirmed", 5), ("", "x" * 10_001),
])
def test_bad_decision_is_refused(report: Path, decision: object, comment: object) -> None:
    store = ReviewStore(report, config=FAST)
    with pytest.raises(ReviewError):
        store.set_decision("F0001", decision, comment)  # type: ignore[arg-type]
    assert store.decisions() == {}


@pytest.mark.parametrize(("link", "action"), [(True, "split"), ("1", "split"), (1, "join"),
                                              (99, "split"), (2, "split")])
def test_bad_link_edit_is_refused_and_changes_nothing(report: Path, link: object,
                                                      action: str) -> None:
    store = ReviewStore(report, config=FAST)
    with pytest.raises(ReviewError):
        store.edit_links(link, action)  # type: ignore[arg-type]
    assert not store.is_corrected() and store.edits() == []


def test_folder_that_is_not_a_report(tmp_path: Path) -> None:
    with pytest.raises(ReportFolderError, match="alignment.json is missing"):
        ReviewStore(tmp_path)
    with pytest.raises(ReportFolderError, match="no such folder"):
        ReviewStore(tmp_path / "nope")


def test_review_of_another_run_is_not_reused(report: Path) -> None:
    ReviewStore(report, config=FAST).set_decision("F0001", "confirmed")
    write_reports(replace(tiny_result(), findings=tiny_result().findings[1:]), report)
    with pytest.raises(ReportFolderError, match="review of another run"):
        ReviewStore(report, config=FAST)


def _many_findings_report(tmp_path: Path, n: int) -> Path:
    en = tuple(Sentence(i, f"Item {i} costs {i + 1} dollars.", i) for i in range(n))
    zh = tuple(Sentence(i, f"第{i}项花费{i + 1}美元。", i) for i in range(n))
    links = tuple(Link((i,), (i,), 0.6) for i in range(n))
    findings = tuple(Finding("entity", "warning", 0.6, i, f"m{i}") for i in range(n))
    base = tiny_result()
    out = tmp_path / "many"
    out.mkdir()
    write_reports(RunResult(base.en_doc, base.zh_doc, en, zh, Alignment(links), findings,
                            "sig"), out)
    return out


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    """Eight threads record decisions while another splits the last link;
    every decision on a finding that survives must be there, on its finding."""
    n = 40
    report = _many_findings_report(tmp_path, n)
    ReviewStore(report, config=NONE)  # creates the schema once
    errors: list[BaseException] = []

    def decide(ids: range) -> None:
        try:
            store = ReviewStore(report, config=NONE)
            for i in ids:
                store.set_decision(f"F{i:04d}", "confirmed", f"c{i}")
        except BaseException as exc:  # reported below, a thread cannot raise
            errors.append(exc)

    def split() -> None:
        try:
            ReviewStore(report, config=NONE).edit_links(n - 1, "split")
        except BaseException as exc:
            errors.append(exc)

    # F0040 sits on the split link: deciding it could race with the split
    threads = [threading.Thread(target=decide, args=(range(1 + k * 5, min(6 + k * 5, n)),))
               for k in range(8)]
    threads.insert(4, threading.Thread(target=split))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = ReviewStore(report, config=NONE)
    assert len(store.result().links) == n + 1
    got = store.decisions()
    assert {k: d.comment for k, d in got.items()} == {f"F{i:04d}": f"c{i}" for i in range(1, n)}


# ---------------------------------------------------------------- export


def test_export_csv_has_decisions_and_comments(report: Path, tmp_path: Path) -> None:
    store = ReviewStore(report, config=FAST)
    store.set_decision("F0002", "confirmed", "=1+1 is not a formula")
    out = export_review(report, tmp_path / "review.csv")
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["id"], r["decision"], r["comment"]) for r in rows] == [
        ("F0001", "", ""), ("F0002", "confirmed", "=1+1 is not a formula"), ("F0003", "", "")]


def test_export_xlsx_keeps_comment_as_text(report: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    ReviewStore(report, config=FAST).set_decision("F0003", "dismissed", "=SUM(A1:A2)")
    out = export_review(report, tmp_path / "review.xlsx")
    sheet = load_workbook(out)["findings"]
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[4], strict=True)}
    assert row["id"].value == "F0003" and row["decision"].value == "dismissed"
    assert row["comment"].value == "=SUM(A1:A2)" and row["comment"].data_type == "s"


def test_export_corrected_alignment_as_beads_and_tmx(report: Path, tmp_path: Path) -> None:
    from bialign.report.tmx import read_tmx

    ReviewStore(report, config=FAST).edit_links(0, "merge_next")
    beads_out = export_review(report, tmp_path / "fixed.txt")
    assert beads_out.read_text(encoding="utf-8").splitlines() == [
        "[0, 1, 2]:[0, 1]", "[3]:[]", "[4]:[2]", "[]:[3]"]
    pairs = read_tmx(export_review(report, tmp_path / "fixed.tmx"))
    assert pairs[0] == ("Heading One The cat sleeps. The dog runs.", "第一章猫在睡觉。狗在跑。")
    with export_review(report, tmp_path / "fixed.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert [r["id"] for r in rows] == ["L0001", "L0002", "L0003", "L0004"]
    assert rows[1]["en"] == "Rain falls on the city." and rows[1]["zh"] == ""


def test_export_to_unknown_format(report: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot export to a '.pdf' file"):
        export_review(report, tmp_path / "out.pdf")


def test_a_loaded_report_keeps_list_markers_and_the_similarity_map(tmp_path: Path) -> None:
    result = consensus_result()
    write_reports(result, tmp_path)
    loaded = load_report(tmp_path)
    for side in ("en_doc", "zh_doc"):
        original, back = getattr(result, side).blocks, getattr(loaded, side).blocks
        assert [b.marker for b in back] == [b.marker for b in original]
        assert any(b.marker for b in back)
    assert loaded.alignment.similarity_map == result.alignment.similarity_map
    fix = correct_links(loaded, 1, "merge_next", resources=CheckResources(), config=NONE)
    assert fix.result.alignment.similarity_map == result.alignment.similarity_map
