"""The untranslated check: text left in the source language, hand-made pairs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.untranslated import CHECK
from bialign.records import Pair

CONFIG = CheckConfig()

# (sub-kind, English, Chinese, expected (severity, en_evidence, zh_evidence) or None)
CASES = [
    ("Chinese left in English", "The parties agreed on 互利共赢 cooperation.",
     "双方同意开展互利共赢的合作。", ("error", "互利共赢", "互利共赢")),
    ("English clause copied into Chinese",
     "We hope to build trust for larger negotiations.",
     "我们希望 build trust for larger negotiations。", ("error", "build trust for larger "
                                                        "negotiations",
                                                        "build trust for larger negotiations")),
    ("identical pair", "This paragraph was never translated.",
     "This paragraph was never translated.", ("error", "This paragraph was never translated.",
                                              "This paragraph was never translated.")),
    ("Latin name in Chinese", "the Forum of Incident Response and Security Teams (FIRST)",
     "事件响应与安全团队论坛（Forum of Incident Response and Security Teams, FIRST）", None),
    ("acronym in Chinese", "the WTO and GAMS", "WTO和GAMS", None),
    ("identical short code", "COVID-19", "COVID-19", None),
    ("translated", "The parties agreed.", "双方同意。", None),
]


@pytest.mark.parametrize(("kind", "en", "zh", "expected"), CASES, ids=[c[0] for c in CASES])
def test_untranslated_check(kind: str, en: str, zh: str,
                            expected: tuple[str, str, str] | None) -> None:
    findings = CHECK.run([Pair(0, en, zh)], CheckResources(), CONFIG)
    warnings = [f for f in findings if f.severity != "info"]
    if expected is None:
        assert warnings == []
        return
    assert [(f.severity, f.en_evidence, f.zh_evidence) for f in warnings] == [expected]
    assert warnings[0].category == "untranslated"


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="abc 中文互利 XYZ", max_size=30),
       st.text(alphabet="abc 中文互利 XYZ", max_size=30))
def test_evidence_is_exact_substring(en: str, zh: str) -> None:
    pair = Pair(0, en, zh)
    for finding in CHECK.run([pair], CheckResources(), CONFIG):
        assert finding.en_evidence in pair.en
        assert finding.zh_evidence in pair.zh
