"""Number check: the numbers of the two sides must match as multisets.

Both sides are read by ``bialign.numbers.find_numbers``; mentions are matched
by value (so 2020年 = 2020, 百分之三十 = 30%, 110亿美元 = $11 billion), codes
such as "5G" by their text.  What is left unmatched is reported:

* a *change*: a value on each side with no partner (2019 vs 2020年) — the
  strongest evidence;
* a *missing* number: a firm value (digits, a percentage, a year) on one side
  only — weaker, since translators drop or add dates and counts;
* soft values (一个 "a", 两国 "both countries", "one", "first", list markers)
  count only when they take part in a change;
* a parenthesis of the Chinese that quotes the English original (606数据项目
  （606 Data Project）) copies its numbers: they must equal the English ones,
  and they do not stand in for the translation's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from bialign.checks import CheckConfig, CheckResources, severity_for, two_sided
from bialign.checks.currencies import changed_currencies, currency_name
from bialign.checks.units import changed_units
from bialign.numbers import NumberMention, find_numbers
from bialign.records import Finding, Pair

# Firm: written in digits or composed; a mismatch is rarely a paraphrase.
FIRM_KINDS = frozenset({"number", "percent", "money", "year", "day", "fraction"})
# Medium: a change involving them is real, their absence often a paraphrase.
MEDIUM_KINDS = frozenset({"month", "ordinal", "multiple"})


@dataclass(frozen=True)
class NumberCheckConfig:
    """Scores of the number check (0..1), set on MQM rows and perturbations."""

    change_score: float = 0.9  # a firm value replaced by a firm or medium one
    medium_change_score: float = 0.7  # "three" vs 四个, "July" vs 8月
    soft_change_score: float = 0.4  # two soft values differ ("two" vs 一个)
    missing_score: float = 0.45  # a firm value absent from the other side
    code_change_score: float = 0.9  # 5G vs 4G
    code_missing_score: float = 0.45  # a code in the Chinese absent from the English
    currency_change_score: float = 0.9  # "US dollars" vs 欧元 (checks/currencies.py)
    unit_change_score: float = 0.9  # "30 days" vs 30个月 (checks/units.py)
    # Values below this are not reported as missing when alone (1, 2: articles, "both").
    min_missing_value: float = 3.0


DEFAULT_NUMBER_CONFIG = NumberCheckConfig()


def strength(mention: NumberMention) -> int:
    """2 = firm, 1 = medium, 0 = soft (see the module docstring)."""
    if mention.kind == "code":
        return 0
    if mention.kind in FIRM_KINDS and mention.value != 0.5:
        return 2
    if mention.kind in MEDIUM_KINDS and mention.value != 1:
        return 1
    if mention.kind == "word" and isinstance(mention.value, float) and mention.value >= 3:
        return 1
    return 0


def _key(mention: NumberMention) -> str:
    value = mention.value
    return value if isinstance(value, str) else f"{value:.6g}"


def format_value(value: float | str) -> str:
    """2020.0 -> "2020", 11000000000.0 -> "11,000,000,000", 0.5 -> "0.5"."""
    if isinstance(value, str):
        return value
    if float(value).is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    return f"{value:.4g}"


def unmatched(en: list[NumberMention], zh: list[NumberMention]
              ) -> tuple[list[NumberMention], list[NumberMention]]:
    """The mentions of each side left after pairing equal values one to one."""
    pool: dict[str, list[NumberMention]] = {}
    for mention in zh:
        pool.setdefault(_key(mention), []).append(mention)
    left_en = list(en)
    # Like with like first (a date's 2 with 2日, a list marker with a marker,
    # "third" with 第三), then across classes, but never a firm value with a
    # marker or a 两 "both".
    for same_class, same_rank in ((True, True), (True, False), (False, False)):
        # Firm values choose first: "December 2" takes 2日 before "Track II" can.
        for mention in sorted(left_en, key=lambda m: -strength(m)):
            partner = next((p for p in pool.get(_key(mention), [])
                            if _pairable(mention, p, same_class=same_class)
                            and (not same_rank or _is_rank(mention) == _is_rank(p))), None)
            if partner is not None:
                pool[_key(mention)].remove(partner)
                left_en.remove(mention)
    left_zh = [m for ms in pool.values() for m in ms]
    # Second pass: a value written with fewer decimals on one side (2.7255 ~ 2.726).
    for mention in list(left_en):
        partner = next((m for m in left_zh if m.value != mention.value
                        and _same_when_rounded(mention.value, m.value)), None)
        if partner is not None:
            left_en.remove(mention)
            left_zh.remove(partner)
    return sorted(left_en, key=lambda m: m.start), sorted(left_zh, key=lambda m: m.start)


def _is_rank(mention: NumberMention) -> bool:
    """An ordinal ("third", 第三): it pairs with an ordinal before a count or day
    of the same value, so that "third ... December 3" keeps both partners."""
    return mention.kind == "ordinal"


# A parenthesis of the Chinese holding Latin script only: the original name
# quoted beside its translation, "606数据项目（606 Data Project）".
_LATIN_PARENTHESIS = re.compile(r"[（(][^（）()\u3400-\u9fff]*[A-Za-z][^（）()\u3400-\u9fff]*[）)]")


def _split_quoted(mentions: list[NumberMention], zh: str
                  ) -> tuple[list[NumberMention], list[NumberMention]]:
    """(mentions of the translation, mentions inside parentheses that quote the
    English original): a quote copies the English number, so it cannot show
    that the translation renders it."""
    quotes = [m.span() for m in _LATIN_PARENTHESIS.finditer(zh)]
    inside = [any(a <= m.start < b for a, b in quotes) for m in mentions]
    return ([m for m, q in zip(mentions, inside, strict=True) if not q],
            [m for m, q in zip(mentions, inside, strict=True) if q])


def _is_filler(mention: NumberMention) -> bool:
    """A list marker, a 两国 "both", or a word for one or two ("a", "both")."""
    return mention.kind in ("marker", "count") or mention.kind == "word" and \
        mention.value in (1.0, 2.0)


# A Roman numeral names a part or a series ("Track II", "Article IV"), never a date.
_DATE_KINDS = frozenset({"day", "month", "year"})


def _is_roman(mention: NumberMention) -> bool:
    return mention.kind == "ordinal" and mention.text.isalpha() and mention.text.isupper()


def _pairable(en: NumberMention, zh: NumberMention, *, same_class: bool) -> bool:
    """Whether two mentions of one value may stand for each other in this pass:
    across classes only an English filler word for a Chinese number ("two" for
    2), since a Chinese 两 or 一 is mostly "both" or "a" and must not excuse a
    changed date (misses on perturbations, seeds 1-2).  A Roman numeral never
    stands for a date: "Track II" taking 2日 hid "December 7" against 12月2日."""
    if _is_roman(en) and zh.kind in _DATE_KINDS or _is_roman(zh) and en.kind in _DATE_KINDS:
        return False
    if _is_filler(en) == _is_filler(zh):
        return True
    return not same_class and _is_filler(en)


# Kinds whose repeated value may hide a change; the English reads the day of
# "December 3" as a plain number, so a day and a number are one family (days
# were the misses left on bench/perturb.py seeds 1-12; MAC-Dev false warnings
# unchanged, bench/bench_checks_dev.py).
_REPEAT_FAMILY = {"year": "year", "percent": "percent", "money": "money", "day": "day",
                  "number": "day"}


def _family(mention: NumberMention) -> str | None:
    """The repeat family of a mention; four plain digits outside the years
    ``find_numbers`` reads as such (3020, 2920) may be a year changed by a slip."""
    if mention.kind == "number" and re.fullmatch(r"[1-9]\d{3}", mention.text.strip()):
        return "year"
    return _REPEAT_FAMILY.get(mention.kind)


def _same_kind_left(mention: NumberMention, others: list[NumberMention]) -> bool:
    """True if a firm year, percentage, amount or day of another value is left on
    the other side (2020 said twice against 2020 and 2025, "December 2 and 3
    (December 3 and 4)" against 4日和3日, 2020年 twice against 2020 and 3020 …:
    one of them was changed)."""
    family = _family(mention)
    return family is not None and strength(mention) == 2 and any(
        _family(m) == family and strength(m) == 2
        and _key(m) != _key(mention) and (family != "day" or "day" in (m.kind, mention.kind))
        for m in others)


def _keys(mentions: list[NumberMention], *, firm_only: bool) -> set[str]:
    """The values of ``mentions``; with ``firm_only``, of those neither list
    markers nor soft (strength 0)."""
    return {_key(m) for m in mentions
            if not firm_only or m.kind != "marker" and strength(m) > 0}


def _quoted(mention: NumberMention) -> str:
    """The Chinese words with their value where they differ: 三 (3), but 2020 alone."""
    value = format_value(mention.value)
    text = mention.text.strip()
    return text if text == value else f"{text} ({value})"


class NumberCheck:
    """Numbers, dates, percentages and codes that differ between the sides."""

    name = "number"

    def __init__(self, *, options: NumberCheckConfig = DEFAULT_NUMBER_CONFIG) -> None:
        self.options = options

    def run(self, pairs: Sequence[Pair], resources: CheckResources,
            config: CheckConfig) -> list[Finding]:
        """One finding per changed, missing or added number."""
        return [finding for pair in two_sided(pairs) for finding in self.check_pair(pair, config)]

    def check_pair(self, pair: Pair, config: CheckConfig) -> list[Finding]:
        """Findings for one pair with text on both sides."""
        en_all = find_numbers(pair.en, "en")
        zh_found = find_numbers(pair.zh, "zh")
        zh_all, quoted = _split_quoted(zh_found, pair.zh)
        en_left, zh_left = unmatched(en_all, zh_all)
        # A quote of the English original must have the English numbers; an
        # English number only the quote has is rendered in words (新冠肺炎
        # for COVID-19) unless the translation is left with a number of its own.
        en_keys = _keys(en_all, firm_only=False)
        misquoted = [m for m in quoted if _key(m) not in en_keys]
        zh_left += misquoted
        if not any(strength(m) == 2 for m in zh_left):
            quoted_keys = _keys(quoted, firm_only=False)
            en_left = [m for m in en_left if _key(m) not in quoted_keys]
        # A value repeated on one side only (the year said twice) is not a change;
        # a firm value is not excused by a list marker or a soft 两 of equal value.
        # Unless a value of the same kind is left over on the other side to pair with.
        en_left, zh_left = (
            [m for m in en_left if _key(m) not in _keys(zh_all, firm_only=strength(m) > 0)
             or _same_kind_left(m, zh_left)],
            [m for m in zh_left if _key(m) not in _keys(en_all, firm_only=strength(m) > 0)
             or _same_kind_left(m, en_left)])
        findings = self._codes(pair, en_left, zh_left, config) + \
            self._currencies(pair, config) + self._units(pair, en_all, zh_found, config)
        en_num = [m for m in en_left if m.kind != "code"]
        zh_num = [m for m in zh_left if m.kind != "code"]
        findings += self._changes(pair, en_num, zh_num, config)
        return [self._misquoted(f, config) if any(
            f.zh_evidence == m.text and not f.en_evidence for m in misquoted) else f
            for f in findings]

    def _misquoted(self, finding: Finding, config: CheckConfig) -> Finding:
        """A number of a quote of the English original that the English lacks: a
        quote is verbatim, so this is as strong as a change."""
        score = max(finding.score, self.options.change_score)
        return replace(finding, score=score, severity=severity_for(score, config),
                       message=f"The Chinese quotes the English original with "
                               f"{finding.zh_evidence}, which the English does not have.")

    def _changes(self, pair: Pair, en_left: list[NumberMention], zh_left: list[NumberMention],
                 config: CheckConfig) -> list[Finding]:
        """Pair leftover values in text order as changes; report the rest as missing."""
        findings = []
        en_rest = sorted(en_left, key=lambda m: -strength(m))
        zh_rest = sorted(zh_left, key=lambda m: -strength(m))
        while en_rest and zh_rest:
            en_m, zh_m = en_rest.pop(0), zh_rest.pop(0)
            weak, firm = sorted((strength(en_m), strength(zh_m)))
            if weak == 0 or firm == 1 and _ordinal_vs_count(en_m, zh_m):
                score = self.options.soft_change_score
            elif firm == 2:
                score = self.options.change_score
            else:
                score = self.options.medium_change_score
            if firm == 0 and (en_m.kind == "word" and en_m.value == 1 or zh_m.kind == "count"):
                continue  # "one"/"a" and 两国 "both": a paraphrase, not a change
            findings.append(self._finding(
                pair, score, config, en_m, zh_m,
                f'The English says {en_m.text.strip()} where the Chinese says '
                f'{_quoted(zh_m)}.'))
        for mention in en_rest:
            if self._reportable_missing(mention):
                findings.append(self._finding(
                    pair, self.options.missing_score, config, mention, None,
                    f'The English has the number {mention.text.strip()}, which the Chinese '
                    f'does not have.'))
        for mention in zh_rest:
            if self._reportable_missing(mention):
                findings.append(self._finding(
                    pair, self.options.missing_score, config, None, mention,
                    f'The Chinese has the number {_quoted(mention)}, which the English does'
                    f' not have.'))
        return findings

    def _reportable_missing(self, mention: NumberMention) -> bool:
        value = mention.value
        return strength(mention) == 2 and isinstance(value, float) and \
            value >= self.options.min_missing_value

    def _codes(self, pair: Pair, en_left: list[NumberMention], zh_left: list[NumberMention],
               config: CheckConfig) -> list[Finding]:
        """5G vs 4G is a change; a code only in the Chinese is missing in English."""
        findings = []
        en_codes = [m for m in en_left if m.kind == "code"]
        for zh_m in (m for m in zh_left if m.kind == "code"):
            letters = _letters(zh_m)
            rival = next((m for m in en_codes if _letters(m) == letters), None)
            if rival is not None:
                findings.append(self._finding(
                    pair, self.options.code_change_score, config, rival, zh_m,
                    f"The English says {rival.text} where the Chinese says {zh_m.text}."))
            else:
                findings.append(self._finding(
                    pair, self.options.code_missing_score, config, None, zh_m,
                    f"The Chinese mentions {zh_m.text}, which the English does not."))
        return findings

    def _currencies(self, pair: Pair, config: CheckConfig) -> list[Finding]:
        """A currency the other side names differently ("US dollars" against 欧元)."""
        out = []
        for en_c, zh_c in changed_currencies(pair.en, pair.zh):
            name = currency_name(zh_c.codes)
            score = self.options.currency_change_score
            out.append(Finding(
                category=self.name, severity=severity_for(score, config), score=score,
                link=pair.index, en_evidence=en_c.text, zh_evidence=zh_c.text,
                suggestion=name if name else "",
                message=f"The English says {en_c.text} where the Chinese says {zh_c.text}"
                        f"{f' ({name})' if name else ''}: a different currency."))
        return out

    def _units(self, pair: Pair, en_numbers: list[NumberMention],
               zh_numbers: list[NumberMention], config: CheckConfig) -> list[Finding]:
        """One number with two units of one kind ("30 days" against 30个月); the
        numbers are those ``find_numbers`` read from each side."""
        score = self.options.unit_change_score
        return [Finding(
            category=self.name, severity=severity_for(score, config), score=score,
            link=pair.index, en_evidence=en_m.text, zh_evidence=zh_m.text,
            message=f"The English says {en_m.text} where the Chinese says {zh_m.text}: the "
                    f"same number with another unit.")
            for en_m, zh_m in changed_units(pair.en, pair.zh, en_numbers, zh_numbers)]

    def _finding(self, pair: Pair, score: float, config: CheckConfig,
                 en_m: NumberMention | None, zh_m: NumberMention | None,
                 message: str) -> Finding:
        return Finding(
            category=self.name, severity=severity_for(score, config), score=score,
            link=pair.index, message=message,
            en_evidence=en_m.text if en_m else "", zh_evidence=zh_m.text if zh_m else "",
            suggestion=format_value(zh_m.value) if en_m and zh_m else "")


def _same_when_rounded(a: float | str, b: float | str) -> bool:
    """True if one value is the other rounded to its decimals (2.7255 ~ 2.726)."""
    if isinstance(a, str) or isinstance(b, str) or a == b:
        return a == b
    for coarse, fine in ((a, b), (b, a)):
        # Decimal, half up: binary floats round 2.7255 down to 2.725.
        exact = Decimal(f"{coarse:.10g}")
        if fine != coarse and Decimal(f"{fine:.10g}").quantize(
                exact, rounding=ROUND_HALF_UP) == exact:
            return True
    return False


def _ordinal_vs_count(a: NumberMention, b: NumberMention) -> bool:
    """An ordinal word against a count ("second" vs 五个字): "second" is as
    often a time unit or "another" as a rank, so the two rarely translate
    each other (false alarms on MAC-Dev perturbations, seeds 1-8)."""
    return (a.kind == "ordinal") != (b.kind == "ordinal")


def _letters(mention: NumberMention) -> str:
    return "".join(c for c in str(mention.value) if not c.isdigit())


CHECK = NumberCheck()
