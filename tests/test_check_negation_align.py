"""Word-level polarity cues: what a cue governs and whether the other side negates it."""

from __future__ import annotations

import pytest

from bialign.checks import CheckResources
from bialign.checks.coverage import cover_pair, zh_tokens
from bialign.checks.negation import ZH_NOT_NEGATION
from bialign.checks.negation_align import Cue, pair_cues, unnegated


def cues(en: str, zh: str) -> list[Cue]:
    dictionary = CheckResources().dictionary
    return pair_cues(en, zh, cover_pair(en, zh, dictionary), zh_tokens(zh), ZH_NOT_NEGATION)


@pytest.mark.parametrize(("en", "zh", "expected"), [
    ("The plan is not safe.", "这个计划是安全的。", [("en", "not", "contradicted")]),
    ("The plan is not safe.", "这个计划不安全。",
     [("en", "not", "matched"), ("zh", "不", "matched")]),
    ("We did not approve it.", "我们拒绝批准。", [("en", "not", "matched")]),
    ("Trade keeps growing.", "贸易不断增长。", []),
])
def test_cue_status(en: str, zh: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(c.side, c.text, c.status) for c in cues(en, zh)] == expected


@pytest.mark.parametrize(("text", "side", "expected"), [
    ("It is not safe.", "en", "It is safe."), ("We don't know.", "en", "We do know."),
    ("He cannot go.", "en", "He can go."), ("他没有时间。", "zh", "他有时间。"),
    ("这不安全。", "zh", "这安全。"),
])
def test_unnegated(text: str, side: str, expected: str) -> None:
    cue = next(c for c in (cues(text, "") if side == "en" else cues("", text)) if c.side == side)
    assert unnegated(text, cue) == expected
