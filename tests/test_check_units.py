"""The same number with another unit of the same kind: "30 days" against 30个月."""

from __future__ import annotations

import pytest

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.numbers import CHECK
from bialign.checks.units import changed_units
from bialign.records import Pair


@pytest.mark.parametrize(("en", "zh", "changed"), [
    ("The Buyer shall pay within 30 days of the invoice date.", "买方应在发票日期后30个月内付款。",
     [("30 days", "30个月")]),
    ("The warranty period shall be twelve months.", "保修期为十二年。",
     [("twelve months", "十二年")]),
    ("The tower is 100 meters high.", "塔高100英尺。", [("100 meters", "100英尺")]),
    ("The meeting lasted 2 hours.", "会议持续了2天。", [("2 hours", "2天")]),
    # the same unit, a converted number, or a date rather than a span
    ("The warranty period shall be twelve months.", "保修期为十二个月。", []),
    ("The tower is 100 meters high.", "塔高328英尺。", []),
    ("He worked there for 3 years and 2 months.", "他在那里工作了3年零2个月。", []),
    ("Pay within thirty (30) days.", "在三十（30）日内付款。", []),
    ("In 2020 the fund held 3,500 tonnes.", "2020年该基金持有3500吨。", []),
])
def test_changed_units(en: str, zh: str, changed: list[tuple[str, str]]) -> None:
    assert [(a.text, b.text) for a, b in changed_units(en, zh)] == changed


def test_the_number_check_reports_a_changed_unit() -> None:
    found = CHECK.run([Pair(0, "Pay within 30 days.", "在30个月内付款。")], CheckResources(),
                      CheckConfig(enabled=("number",)))
    assert [(f.severity, f.en_evidence, f.zh_evidence) for f in found] == [
        ("error", "30 days", "30个月")]
    assert found[0].message == ("The English says 30 days where the Chinese says 30个月: the"
                                " same number with another unit.")
