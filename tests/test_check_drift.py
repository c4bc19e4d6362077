"""Drift check: hand-computed robust statistics, found / not-found cases, and
the rule that a more specific finding explains a drift finding away."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.drift import (
    CHECK,
    DriftConfig,
    drop_explained,
    length_ratio,
    outlier_measure,
    robust_spread,
)
from bialign.records import Finding, Pair, Severity

EN = "The parties agree to cooperate on the digital economy."
ZH = "双方同意在数字经济领域开展合作。"
# Twenty ordinary links around 0.70: the MAD is tiny, so the spread floor (0.05) applies.
BASE_SIMS = [0.70 + 0.01 * ((i % 5) - 2) for i in range(20)]


def _document(odd_sim: float, odd_en: str = EN, odd_zh: str = ZH) -> list[Pair]:
    pairs = [Pair(index=i, en=EN, zh=ZH, similarity=s) for i, s in enumerate(BASE_SIMS)]
    return [*pairs, Pair(index=len(pairs), en=odd_en, zh=odd_zh, similarity=odd_sim)]


def _run(pairs: list[Pair], doc_sims: list[float] | None = None) -> list[Finding]:
    sims = [p.similarity for p in pairs if p.en and p.zh] if doc_sims is None else doc_sims
    return CHECK.run(pairs, CheckResources(doc_similarities=sims), CheckConfig())


@pytest.mark.parametrize(("values", "floor", "centre", "scale"), [
    ([1.0, 2.0, 3.0, 4.0, 100.0], 0.0, 3.0, 1.4826),  # deviations 2,1,0,1,97 -> MAD 1
    ([0.5, 0.5, 0.5], 0.05, 0.5, 0.05),  # MAD 0: the floor applies
    ([1.0, 3.0], 0.0, 2.0, 1.4826),  # even count: mean of the middle two
])
def test_robust_spread(values: list[float], floor: float, centre: float, scale: float) -> None:
    spread = robust_spread(values, floor)
    assert spread.centre == pytest.approx(centre)
    assert spread.scale == pytest.approx(scale)


@pytest.mark.parametrize(("en", "zh", "expected"), [
    ("abc", "一二三四五六七", math.log(8 / 4)),
    ("a b c", "一二三", 0.0),  # spaces do not count
    ("Melissa Hathaway", "梅利莎（Melissa Hathaway）", math.log(6 / 16)),  # copied name
])
def test_length_ratio(en: str, zh: str, expected: float) -> None:
    assert length_ratio(en, zh) == pytest.approx(expected)


@pytest.mark.parametrize(("sim_z", "ratio_z", "expected"), [
    (-5.0, 0.0, 5.0),
    (-5.0, 1.9, 5.0),  # ratio within the free band adds nothing
    (-5.0, -4.0, 5.0 + 0.8 * 2.0),  # both directions of ratio count
    (2.0, 0.0, -2.0),  # above the median: negative, never an outlier
])
def test_outlier_measure(sim_z: float, ratio_z: float, expected: float) -> None:
    assert outlier_measure(sim_z, ratio_z, DriftConfig()) == pytest.approx(expected)


@pytest.mark.parametrize(("odd_sim", "severity"), [
    (0.10, "warning"),  # 12 spreads below the median 0.70
    (0.53, "info"),  # 3.4 spreads below: an outlier, but not far out
])
def test_found(odd_sim: float, severity: str) -> None:
    findings = _run(_document(odd_sim))
    assert [(f.link, f.category, f.severity) for f in findings] == [(20, "drift", severity)]
    assert 0.0 < findings[0].score < 1.0


@pytest.mark.parametrize(("pairs", "doc_sims"), [
    (_document(0.60), None),  # 2 spreads below: ordinary variation
    (_document(0.10, odd_en="Article 1."), None),  # too short to judge
    (_document(0.10)[15:], None),  # too few links to know the document's level
    (_document(0.10, odd_zh=""), None),  # one-sided: the omission check's business
    (_document(0.10), [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]),  # a low document
    (_document(0.65, odd_zh=ZH * 4), None),  # long Chinese, ordinary similarity
])
def test_not_found(pairs: list[Pair], doc_sims: list[float] | None) -> None:
    assert _run(pairs, doc_sims) == []


def test_uses_pair_similarities_without_document_similarities() -> None:
    assert [f.link for f in _run(_document(0.10), [])] == [20]


def _finding(category: str, link: int, severity: Severity = "warning") -> Finding:
    return Finding(category=category, severity=severity, score=0.6, link=link, message="m")


@pytest.mark.parametrize(("findings", "kept"), [
    ([("drift", 1, "warning"), ("number", 1, "error")], [("number", 1)]),
    ([("drift", 1, "warning"), ("number", 2, "error")], [("drift", 1), ("number", 2)]),
    ([("drift", 1, "warning")], [("drift", 1)]),
    ([("omission", 3, "warning"), ("drift", 3, "info"), ("drift", 4, "warning")],
     [("omission", 3), ("drift", 4)]),
    ([("drift", 5, "warning"), ("terminology", 5, "info")],  # a note explains nothing
     [("drift", 5), ("terminology", 5)]),
])
def test_drop_explained(findings: list[tuple[str, int, Severity]],
                        kept: list[tuple[str, int]]) -> None:
    result = drop_explained([_finding(c, k, s) for c, k, s in findings])
    assert [(f.category, f.link) for f in result] == kept


def _evidence(category: str, link: int, en: str = "", zh: str = "",
              severity: Severity = "warning") -> Finding:
    return Finding(category=category, severity=severity, score=0.6, link=link, message="m",
                   en_evidence=en, zh_evidence=zh)


ADDED = "In 1990 the firm moved to Ohio."


@pytest.mark.parametrize(("other", "kept"), [
    # a number inside the added sentence is part of the addition: dropped
    (_evidence("number", 1, en="1990"), False),
    (_evidence("entity", 1, en="Ohio"), False),
    (_evidence("number", 2, en="1990"), True),  # another link
    (_evidence("number", 1, en="2020"), True),  # outside the added sentence
    (_evidence("number", 1, zh="1990"), True),  # the other side
    (_evidence("wrong_word", 1), True),  # no evidence: nothing to place
])
def test_drop_explained_inside_unit(other: Finding, kept: bool) -> None:
    addition = _evidence("addition", 1, en=ADDED)
    assert drop_explained([addition, other]) == ([addition, other] if kept else [addition])


def test_a_note_explains_nothing_inside_its_unit() -> None:
    findings = [_evidence("omission", 1, zh="他在1990年搬走了", severity="info"),
                _evidence("number", 1, zh="1990")]
    assert drop_explained(findings) == findings


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=0, max_size=40), st.text(min_size=0, max_size=20),
                          st.floats(-1.0, 1.0)), min_size=0, max_size=30))
def test_evidence_is_substring(rows: list[tuple[str, str, float]]) -> None:
    pairs = [Pair(index=i, en=e, zh=z, similarity=s) for i, (e, z, s) in enumerate(rows)]
    by_index = {p.index: p for p in pairs}
    for f in _run(pairs):
        assert f.en_evidence in by_index[f.link].en
        assert f.zh_evidence in by_index[f.link].zh
        assert f.severity in ("info", "warning")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["drift", "number", "omission", "terminology"]),
                          st.integers(0, 4), st.sampled_from(["error", "warning", "info"])),
                max_size=12))
def test_drop_explained_only_drops_explained_drift(rows: list[tuple[str, int, Severity]]
                                                   ) -> None:
    # (findings without evidence: none lies inside an omission or addition)
    findings = [_finding(c, k, s) for c, k, s in rows]
    kept = drop_explained(findings)
    dropped = [f for f in findings if f not in kept]
    assert [f for f in findings if f.category != "drift"] == [f for f in kept
                                                               if f.category != "drift"]
    for f in dropped:
        assert f.category == "drift"
        assert any(g.link == f.link and g.category != "drift" and g.severity != "info"
                   for g in findings)
