"""Currencies named on each side of a pair: "100 US dollars" is not 100欧元.

The number check matches amounts by value, so a swapped currency with the same
amount, or a currency named without an amount ("payment in United States
dollars" against 以欧元支付), would pass unseen.  Each side's mentions are read
into currency codes; a generic word stands for all the currencies it may mean
("dollars" and "$": US, Hong Kong, Canadian, Australian, Singapore, New Taiwan
dollars; "¥": yuan or yen; 元 alone: yuan, or a dollar in Hong Kong and Taiwan
texts).  A mention whose codes the other side does not name at all, while the
other side names a currency of its own, is a changed currency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOLLARS = frozenset({"USD", "HKD", "CAD", "AUD", "SGD", "TWD", "NZD"})

# (pattern, codes): the longer, specific names first; matching is case-insensitive
# except for the three-letter codes.
_EN_CURRENCIES: tuple[tuple[str, frozenset[str]], ...] = (
    (r"(?:US|U\.S\.|United States|American)\s+dollars?|US\$|USD\b", frozenset({"USD"})),
    (r"Hong Kong\s+dollars?|HK\$|HKD\b", frozenset({"HKD"})),
    (r"Canadian\s+dollars?|C\$|CAD\b", frozenset({"CAD"})),
    (r"Australian\s+dollars?|A\$|AUD\b", frozenset({"AUD"})),
    (r"Singapore\s+dollars?|S\$|SGD\b", frozenset({"SGD"})),
    (r"New Taiwan\s+dollars?|NT\$|TWD\b", frozenset({"TWD"})),
    (r"New Zealand\s+dollars?|NZ\$|NZD\b", frozenset({"NZD"})),
    (r"euros?\b|EUR\b|€", frozenset({"EUR"})),
    (r"pounds?\s+sterling|sterling\b|British\s+pounds?|GBP\b|£", frozenset({"GBP"})),
    (r"(?:Japanese\s+)?yen\b|JPY\b", frozenset({"JPY"})),
    (r"yuan\b|renminbi\b|RMB\b|CNY\b", frozenset({"CNY"})),
    (r"(?:South\s+)?Korean\s+won\b|KRW\b", frozenset({"KRW"})),
    (r"roubles?\b|rubles?\b|RUB\b", frozenset({"RUB"})),
    (r"rupees?\b|INR\b", frozenset({"INR"})),
    (r"Swiss\s+francs?\b|CHF\b", frozenset({"CHF"})),
    (r"dollars?\b|\$", _DOLLARS),
    (r"¥", frozenset({"CNY", "JPY"})),
)
_ZH_CURRENCIES: tuple[tuple[str, frozenset[str]], ...] = (
    (r"美元|美金|美圆", frozenset({"USD"})),
    (r"港元|港币|港幣", frozenset({"HKD"})),
    (r"加元|加币|加拿大元", frozenset({"CAD"})),
    (r"澳元|澳币|澳大利亚元", frozenset({"AUD"})),
    (r"新加坡元|新元|新币", frozenset({"SGD"})),
    (r"新台币|新台幣|台币", frozenset({"TWD"})),
    (r"新西兰元|纽元", frozenset({"NZD"})),
    (r"欧元|歐元", frozenset({"EUR"})),
    (r"英镑|英鎊", frozenset({"GBP"})),
    (r"日元|日圆|日圓|日币", frozenset({"JPY"})),
    (r"人民币|人民幣", frozenset({"CNY"})),
    (r"韩元|韓元", frozenset({"KRW"})),
    (r"卢布|盧布", frozenset({"RUB"})),
    (r"卢比|盧比", frozenset({"INR"})),
    (r"瑞士法郎|瑞郎", frozenset({"CHF"})),
    # 元 after a numeral: yuan, or a Hong Kong / Taiwan dollar
    (r"(?<=[0-9０-９零一二三四五六七八九十百千万亿两])元", frozenset({"CNY"}) | _DOLLARS),
)
_CASE_SENSITIVE = re.compile(r"^[A-Z]{3}\b")
_NAMES = {"USD": "US dollars", "HKD": "Hong Kong dollars", "CAD": "Canadian dollars",
          "AUD": "Australian dollars", "SGD": "Singapore dollars", "TWD": "New Taiwan dollars",
          "NZD": "New Zealand dollars", "EUR": "euros", "GBP": "pounds sterling", "JPY": "yen",
          "CNY": "yuan", "KRW": "won", "RUB": "roubles", "INR": "rupees", "CHF": "Swiss francs"}


@dataclass(frozen=True)
class Currency:
    """A currency named at ``start`` of one side's text, with the codes it may mean."""

    text: str
    start: int
    codes: frozenset[str]


def _compile(table: tuple[tuple[str, frozenset[str]], ...], flags: int) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(table)), flags)


_EN = _compile(_EN_CURRENCIES, re.IGNORECASE)
_ZH = _compile(_ZH_CURRENCIES, 0)


def currencies(text: str, lang: str) -> list[Currency]:
    """The currencies ``text`` names, in order; three-letter codes only in capitals."""
    table, pattern = (_EN_CURRENCIES, _EN) if lang == "en" else (_ZH_CURRENCIES, _ZH)
    out = []
    for m in pattern.finditer(text):
        index = int((m.lastgroup or "c0")[1:])
        if lang == "en" and re.fullmatch(r"[A-Za-z]{3}", m.group()) and \
                not _CASE_SENSITIVE.match(m.group()):
            continue  # "usd" or "eur" in running text is no code
        out.append(Currency(m.group(), m.start(), table[index][1]))
    return out


def changed_currencies(en: str, zh: str) -> list[tuple[Currency, Currency]]:
    """(English, Chinese) currencies that cannot be the same: each side names a
    currency the other side does not name in any form."""
    en_found, zh_found = currencies(en, "en"), currencies(zh, "zh")
    if not en_found or not zh_found:
        return []
    en_codes = frozenset().union(*(c.codes for c in en_found))
    zh_codes = frozenset().union(*(c.codes for c in zh_found))
    en_left = [c for c in en_found if not c.codes & zh_codes]
    zh_left = [c for c in zh_found if not c.codes & en_codes]
    return list(zip(en_left, zh_left, strict=False))


def currency_name(codes: frozenset[str]) -> str:
    """The English name of a currency mention that means one currency, else ""."""
    return _NAMES[next(iter(codes))] if len(codes) == 1 else ""
