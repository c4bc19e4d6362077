"""Currencies named on each side: a changed currency is a number finding."""

from __future__ import annotations

import pytest

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.currencies import changed_currencies, currencies
from bialign.checks.numbers import CHECK
from bialign.records import Pair


@pytest.mark.parametrize(("text", "lang", "codes"), [
    ("100 US dollars", "en", [{"USD"}]), ("USD 100", "en", [{"USD"}]),
    ("HK$500", "en", [{"HKD"}]), ("€20 and £5", "en", [{"EUR"}, {"GBP"}]),
    ("500 yuan", "en", [{"CNY"}]), ("five pounds of flour", "en", []),  # a weight
    ("the usd column", "en", []),  # a code only in capitals
    ("100欧元", "zh", [{"EUR"}]), ("500元人民币", "zh", [{"CNY", "USD", "HKD", "CAD", "AUD", "SGD",
                                                        "TWD", "NZD"}, {"CNY"}]),
    ("单元", "zh", []),  # 元 only after a numeral
])
def test_currencies(text: str, lang: str, codes: list[set[str]]) -> None:
    assert [set(c.codes) for c in currencies(text, lang)] == codes


@pytest.mark.parametrize(("en", "zh", "changed"), [
    ("The price is 100 US dollars.", "价格为100欧元。", [("US dollars", "欧元")]),
    ("Payment shall be made in United States dollars.", "付款应以欧元支付。",
     [("United States dollars", "欧元")]),
    ("The fee is 500 yuan.", "费用为500美元。", [("yuan", "美元")]),
    # the same currency in other words, or both named
    ("It invested $11 billion.", "它投资了110亿美元。", []),
    ("He paid 500 dollars.", "他付了500元。", []),
    ("The fee is 500 yuan (about 70 US dollars).", "费用为500元人民币（约合70美元）。", []),
    ("The euro fell against the dollar.", "欧元兑美元汇率下跌。", []),
    ("Prices rose.", "价格上涨了100美元。", []),  # one side names none
])
def test_changed_currencies(en: str, zh: str, changed: list[tuple[str, str]]) -> None:
    assert [(a.text, b.text) for a, b in changed_currencies(en, zh)] == changed


def test_the_number_check_reports_a_changed_currency() -> None:
    found = CHECK.run([Pair(0, "The price is 100 US dollars.", "价格为100欧元。")],
                      CheckResources(), CheckConfig(enabled=("number",)))
    assert [(f.severity, f.en_evidence, f.zh_evidence, f.suggestion) for f in found] == [
        ("error", "US dollars", "欧元", "euros")]
    assert found[0].message == ("The English says US dollars where the Chinese says 欧元"
                                " (euros): a different currency.")
