"""Terminology check: one recurring term rendered two ways."""

from __future__ import annotations

import pytest

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.terminology import CHECK
from bialign.records import Pair

RES = CheckResources()
CFG = CheckConfig()


def pairs_of(rows):
    return [Pair(i, en, zh) for i, (en, zh) in enumerate(rows)]


# 安全 glosses "safe; secure; safety; security": both renderings link to it.
INCONSISTENT = [
    ("Both sides discussed security.", "双方讨论了安全。"),
    ("Both countries stressed security.", "两国强调了安全。"),
    ("Both sides value safety.", "双方重视安全。"),
    ("The meeting discussed safety.", "会议讨论了安全。"),
]
CONSISTENT = [(en.replace("safety", "security"), zh) for en, zh in INCONSISTENT]
INFLECTED = [(en.replace("safety", "Securities"), zh) for en, zh in INCONSISTENT]


def test_found_two_renderings() -> None:
    got = CHECK.run(pairs_of(INCONSISTENT), RES, CFG)
    term = [f for f in got if f.zh_evidence == "安全"]
    assert len(term) == 1
    f = term[0]
    assert f.link == 0 and f.related == (1, 2, 3) and f.severity == "info"
    assert "security" in f.message and "safety" in f.message
    assert f.en_evidence in INCONSISTENT[f.link][0] and f.zh_evidence in INCONSISTENT[f.link][1]


@pytest.mark.parametrize("rows", [CONSISTENT, INFLECTED, INCONSISTENT[:2]])
def test_not_found(rows) -> None:
    assert [f for f in CHECK.run(pairs_of(rows), RES, CFG) if f.zh_evidence == "安全"] == []
