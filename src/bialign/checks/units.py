"""Units after equal numbers: "within 30 days" is not 30个月内.

The number check pairs values, so "30 days" against 三十个月 passes: the 30s
match.  A translator who converts a unit changes the number too (twenty feet
for 六米), so the same number with a different unit of the same kind (time,
length, weight) is a changed unit.  Each side's numbers are read with the unit
that follows them (``bialign.numbers.find_numbers`` for the values); a value
both sides give, each side only with units the other never gives it, is
reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bialign.numbers import NumberMention, find_numbers

# canonical unit -> (kind, English pattern, Chinese pattern)
_UNITS: dict[str, tuple[str, str, str]] = {
    "second": ("time", r"seconds?", r"秒钟?"),
    "minute": ("time", r"minutes?", r"分钟"),
    "hour": ("time", r"hours?", r"(?:个)?小时|(?:个)?钟头"),
    "day": ("time", r"(?:calendar\s+|working\s+|business\s+)?days?", r"天|日(?![本元])"),
    "week": ("time", r"weeks?", r"(?:个)?(?:星期|礼拜)|周(?![年边围])"),
    "month": ("time", r"months?", r"个月"),
    "year": ("time", r"years?", r"年(?![代级])|周年"),
    "millimetre": ("length", r"millimet(?:er|re)s?|mm\b", r"毫米"),
    "centimetre": ("length", r"centimet(?:er|re)s?|cm\b", r"厘米|公分"),
    "metre": ("length", r"met(?:er|re)s?\b|m\b", r"米(?!饭)|公尺"),
    "kilometre": ("length", r"kilomet(?:er|re)s?|km\b", r"公里|千米"),
    "inch": ("length", r"inch(?:es)?", r"英寸"),
    "foot": ("length", r"feet|foot", r"英尺"),
    "mile": ("length", r"miles?", r"英里"),
    "gram": ("weight", r"grams?|g\b", r"克(?!服)"),
    "kilogram": ("weight", r"kilo(?:gram)?s?|kg\b", r"公斤|千克"),
    "tonne": ("weight", r"tonnes?|tons?", r"吨"),
    "pound": ("weight", r"pounds?|lbs?\b", r"磅"),
}
_EN_AFTER = re.compile(r"[\s-]*(?:" + "|".join(f"(?P<{u}>{en})" for u, (_, en, _) in
                                                _UNITS.items()) + r")\b", re.IGNORECASE)
_ZH_AFTER = re.compile(r"\s*(?:多|余)?(?:" + "|".join(f"(?P<{u}>{zh})" for u, (_, _, zh) in
                                                     _UNITS.items()) + ")")


@dataclass(frozen=True)
class Measured:
    """A number with the unit after it."""

    mention: NumberMention
    unit: str
    text: str  # the number and the unit as written


def measured(text: str, lang: Literal["en", "zh"],
             numbers: Sequence[NumberMention] | None = None) -> list[Measured]:
    """The numbers of ``text`` (``numbers``: those ``find_numbers`` reads, if
    already read) followed by a unit of ``_UNITS``."""
    pattern = _EN_AFTER if lang == "en" else _ZH_AFTER
    out = []
    for m in find_numbers(text, lang) if numbers is None else numbers:
        if m.kind in ("year", "month", "day", "code", "marker", "percent", "money") or \
                not isinstance(m.value, float):
            continue  # 2020年 is a date, 3月 a month: no unit of time
        after = pattern.match(text, m.end)
        if after is not None and after.lastgroup:
            out.append(Measured(m, after.lastgroup, text[m.start:after.end()]))
    return out


def changed_units(en: str, zh: str, en_numbers: Sequence[NumberMention] | None = None,
                  zh_numbers: Sequence[NumberMention] | None = None
                  ) -> list[tuple[Measured, Measured]]:
    """(English, Chinese) measured numbers of one value whose units differ but
    are of one kind, when neither side gives that value the other side's unit
    (``en_numbers``, ``zh_numbers``: each side's ``find_numbers``, if read)."""
    en_found, zh_found = measured(en, "en", en_numbers), measured(zh, "zh", zh_numbers)
    out = []
    for e in en_found:
        z = next((z for z in zh_found if z.mention.value == e.mention.value
                  and z.unit != e.unit and _UNITS[z.unit][0] == _UNITS[e.unit][0]), None)
        if z is None:
            continue
        same_value_en = {x.unit for x in en_found if x.mention.value == e.mention.value}
        same_value_zh = {x.unit for x in zh_found if x.mention.value == e.mention.value}
        if not same_value_en & same_value_zh:
            out.append((e, z))
    return out
