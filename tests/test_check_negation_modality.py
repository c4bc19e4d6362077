"""Obligation against permission ("must" / 可以, "may" / 应): a duty turned right."""

from __future__ import annotations

import pytest

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.negation import CHECK
from bialign.checks.negation_modality import modality_swap
from bialign.records import Pair
from tests.fakes import PreferringEncoder


@pytest.mark.parametrize(("en", "zh", "expected"), [
    ("The Buyer may inspect the goods within ten days.", "买方应在十日内检验货物。",
     ("may", "应", False)),
    ("The Buyer must pay within thirty days.", "买方可以在三十天内付款。", ("must", "可以", True)),
    # the same modality, or none to compare
    ("The Buyer may pay within thirty days.", "买方可以在三十天内付款。", None),
    ("The Seller shall deliver the goods.", "卖方应交付货物。", None),
    # "shall" also tells the future ("she shall be called Woman" / 可以称她为女人)
    ("She shall be called Woman.", "可以称她为女人。", None),
    # guesses and prohibitions are not duties or rights
    ("It may rain tomorrow.", "明天可能下雨。", None),
    ("You must be tired.", "你可以休息了。", None),
    ("The Buyer may not resell the goods.", "买方应保留货物。", None),
    ("The Seller must deliver the goods.", "卖方不得交付货物。", None),
    # 应 inside a word (反应 "reaction") obliges nothing; "can" blocks a finding
    ("The market may react.", "市场的反应很大。", None),
    ("You must go, but you can stay an hour.", "你可以待一个小时。", None),
])
def test_modality_swap(en: str, zh: str, expected: tuple[str, str, bool] | None) -> None:
    swap = modality_swap(en, zh)
    assert (None if swap is None else (swap.en, swap.zh, swap.en_obliges)) == expected


def test_the_negation_check_reports_a_right_turned_duty() -> None:
    found = CHECK.run([Pair(0, "Either party may terminate this Agreement.",
                            "任何一方均应终止本协议。")],
                      CheckResources(encoder=PreferringEncoder("zzz")),
                      CheckConfig(enabled=("negation",)))
    assert [(f.severity, f.en_evidence, f.zh_evidence) for f in found] == [
        ("warning", "may", "应")]
    assert "a right became a duty" in found[0].message
