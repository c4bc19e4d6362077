"""Find numbers in English or Chinese text and normalise them to values.

``find_numbers(text, lang)`` returns every number, date part, percentage,
money amount, ordinal, multiple, fraction and code ("5G", "COVID-19") with its
character span, so that the two sides of a pair can be compared as multisets
of values.  Pure functions; Chinese word boundaries come from
``bialign.tokenize`` (jieba) (一 inside 统一, 一些, 之一 is not a number).

Kinds: "number" (digits or a composed numeral), "word" (a small spelled-out
count, 1-10, or 一/两 with a classifier: often not a real count), "count"
(两/双 meaning "both"), "percent", "money", "ordinal", "year", "month", "day",
"multiple", "fraction", "marker" (list marker), "code" (value is a string).
A range ("2-3", 一至两, 二三十) yields one mention per end point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bialign.records import Lang

Value = float | str


@dataclass(frozen=True)
class NumberMention:
    """One number in a text: ``text == source[start:end]``."""

    value: Value
    kind: str
    start: int
    end: int
    text: str


# Full-width digits and signs map one-to-one onto ASCII, so spans survive.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％，＄", "0123456789.%,$")

# ----------------------------------------------------------------- English
_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
_TENS.update({"threescore": 60, "fourscore": 80})  # "threescore and ten" = 70
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000,
           "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
_ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
    " thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split())}
_ORDINALS.update({"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
                  "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
                  "hundredth": 100})
_TENS_ORDINALS = frozenset(w for w, v in _ORDINALS.items() if v >= 20 and v % 10 == 0 and v < 100)
# Before "X and Y" these make it two numbers (a range, a list), not "two and thirty".
_RANGE_WORDS = frozenset({"between", "from", "both"})
_MONTHS = {m: i + 1 for i, m in enumerate(
    "January February March April May June July August September October November"
    " December".split())}
_MULTIPLES = {"double": 2, "doubled": 2, "doubles": 2, "doubling": 2, "twice": 2,
              "triple": 3, "tripled": 3, "triples": 3, "tripling": 3, "thrice": 3,
              "quadruple": 4, "quadrupled": 4}
_FRACTION_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4,
                   "quarters": 4, "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5,
                   "tenth": 10, "tenths": 10}
# Letters after digits that make a measurement, not a code ("7cm", "3K").
_UNIT_SUFFIXES = frozenset({"cm", "mm", "km", "m", "kg", "mg", "kb", "mb", "gb", "tb",
                            "kw", "mw", "gw", "kwh", "ml", "l", "t", "ha", "hz", "khz", "mhz",
                            "cm2", "ghz", "v", "kv", "s", "ms", "min", "h", "hrs", "am", "pm"})
_EN_FRACTION_OF = re.compile(
    r"\b(?:(a|one) )?(half|quarter|third)(?: of)? an? (hundred|thousand|million|billion)\b",
    re.I)
# "May" and "March" are months only next to a date word; these words say so.
_MONTH_CONTEXT = {"in", "of", "since", "until", "till", "by", "early", "late", "mid",
                  "last", "next", "this", "from", "through", "before", "after", "during"}
_ROMAN_AFTER = {"part", "track", "phase", "chapter", "article", "section", "title",
                "stage", "level", "book", "volume", "annex", "schedule", "war", "category"}
_ROMAN = {"II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10, "XI": 11, "XII": 12}
_CURRENCY_BEFORE = re.compile(r"(?:US\$|\$|€|£|¥|RMB|USD|EUR|HK\$)\s?$")
_CURRENCY_AFTER = re.compile(r"^\s?(?:dollars?|yuan|euros?|pounds?|yen|renminbi|RMB|USD)\b",
                             re.I)
_SUFFIX_SCALE = {"m": 1_000_000, "bn": 1_000_000_000, "k": 1_000, "tn": 1e12}
_EN_TOKEN = re.compile(
    r"(?P<code>\b(?!(?:RMB|USD|EUR|HKD)\d)[A-Za-z]+-?\d+[A-Za-z0-9]*\b)"
    r"|(?P<digits>(?<![\d.])(?:(?<=RMB)|(?<=USD)|(?<=EUR)|(?<=HKD)|(?<![A-Za-z_]))"
    r"(?:\d{1,3}(?:, ?\d{3})+(?![\d])|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)"
    r"|\d+)(?:\.\d+)?(?P<suffix>[A-Za-z]+[A-Za-z0-9]*)?)"
    r"|(?P<word>[A-Za-z]+)"
    r"|(?P<sign>%|[-–—](?=\s*\d))")
_EN_MEASURE = re.compile(
    r"[\s-]*(?:feet|foot|inch|inches|pounds?|miles?|yards?|acres?|ounces?|gallons?|meters?|"
    r"metres?|kilo(?:gram|meter|metre)s?|centimet(?:er|re)s?|degrees?|li|mu|jin|"
    # older measures and coins, which translators convert (五千 for "five talents")
    r"taels?|cubits?|furlongs?|leagues?|fathoms?|shekels?|talents?|pence|pennyworth)\b", re.I)
_EN_ORDINAL_SUFFIX = ("st", "nd", "rd", "th")


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    group: str


def _en_tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end(), m.lastgroup or "")
            for m in _EN_TOKEN.finditer(text) if m.lastgroup != "suffix"]


def _digit_value(raw: str) -> float:
    return float(re.sub(r"[,\s\u00a0\u202f]", "", raw))


def _gap(text: str, left: _Tok, right: _Tok, allowed: str = r"[\s-]*") -> bool:
    """True if only ``allowed`` separates two tokens."""
    return re.fullmatch(allowed, text[left.end:right.start]) is not None


def _word_number(toks: list[_Tok], i: int, text: str) -> tuple[float, int, bool] | None:
    """Parse spelled-out (or digit + scale) number tokens from ``i``.

    Returns (value, index after the last token used, composed) or None;
    ``composed`` is False for a single small word such as "two".
    """
    total, current, j, used = 0.0, 0.0, i, 0
    while j < len(toks):
        tok, low = toks[j], toks[j].text.lower()
        if used and not _gap(text, toks[j - 1], tok, r"\s*-?\s*|\s+and\s+"):
            break
        if low == "and" and used and (current >= 100 and current % 100 == 0 or
                                      current == 0 and total > 0 or
                                      toks[j - 1].text.lower() == "score") \
                and _next_word(toks, j) in {**_UNITS, **_TENS}:
            j += 1  # "one hundred and five", "a thousand and one"
            continue
        if tok.group == "digits" and not used and not re.search(r"[A-Za-z]", tok.text):
            current = _digit_value(tok.text)
        elif low in _UNITS and (not used or current % 10 == 0 and current % 100 != 0 or
                                current % 100 == 0):
            if used and current % 100 and current >= 20 and _UNITS[low] >= 10:
                break
            current += _UNITS[low]
        elif low in _TENS and (not used or current % 100 == 0):
            current += _TENS[low]
        elif low in _SCALES and used:
            scale = _SCALES[low]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        elif low in ("a", "an") and (not used or current == 0 and total > 0) and \
                j + 1 < len(toks) and \
                toks[j + 1].text.lower() in ("hundred", "thousand", "million", "billion",
                                             "dozen"):
            current = 1
        elif low == "dozen" and used:
            current = (current or 1) * 12
        elif low == "score" and used and 0 < current < 20:
            current *= 20  # "four score and seven years"
        else:
            break
        used += 1
        j += 1
    if not used or (used == 1 and toks[i].text.lower() in ("a", "an")):
        return None
    return total + current, j, used > 1


def _english_numbers(text: str) -> list[NumberMention]:
    out = [_mention(text, m.start(), m.end(), _SCALES[m.group(3).lower()] /
                    {"half": 2, "quarter": 4, "third": 3}[m.group(2).lower()], "number")
           for m in _EN_FRACTION_OF.finditer(text)]  # "a quarter of a million"
    toks = [t for t in _en_tokens(text) if not any(m.start <= t.start < m.end for m in out)]
    i = 0
    while i < len(toks):
        found = _english_at(toks, i, text)
        if found is None:
            i += 1
            continue
        mention, i = found
        out.append(mention)
    return out


def _mention(text: str, start: int, end: int, value: Value, kind: str) -> NumberMention:
    return NumberMention(value, kind, start, end, text[start:end])


def _english_at(toks: list[_Tok], i: int, text: str) -> tuple[NumberMention, int] | None:
    """The number mention starting at token ``i``, and the next token index."""
    tok, low = toks[i], toks[i].text.lower()
    prev = toks[i - 1].text.lower() if i else ""
    if tok.group == "code":
        return _mention(text, tok.start, tok.end, _code_key(tok.text), "code"), i + 1
    if tok.group == "digits" and re.search(r"[A-Za-z]", tok.text):
        return _digits_with_suffix(text, tok), i + 1
    if tok.text in _MONTHS and (tok.text not in ("May", "March") or prev in _MONTH_CONTEXT
                                or _next_is_digit(toks, i)):
        return _mention(text, tok.start, tok.end, float(_MONTHS[tok.text]), "month"), i + 1
    if tok.text in _ROMAN and prev in _ROMAN_AFTER:
        return _mention(text, tok.start, tok.end, float(_ROMAN[tok.text]), "ordinal"), i + 1
    if low in _MULTIPLES:
        return _mention(text, tok.start, tok.end, float(_MULTIPLES[low]), "multiple"), i + 1
    if low in _ORDINALS and _next_word(toks, i) in ("part", "parts") and _ORDINALS[low] > 2:
        # "the fifth part" of the land is a fifth (五分之一)
        return _mention(text, tok.start, tok.end, 1 / _ORDINALS[low], "fraction"), i + 1
    if low in _ORDINALS and not (low == "second" and _next_word(toks, i) in ("s",)):
        return _mention(text, tok.start, tok.end, float(_ORDINALS[low]), "ordinal"), i + 1
    if low in ("half",) and prev not in ("and", "a", "one"):
        return _mention(text, tok.start, tok.end, 0.5, "fraction"), i + 1
    parsed = _word_number(toks, i, text)
    if parsed is None:
        return None
    value, j, composed = parsed
    return _english_qualified(toks, i, j, text, value, composed)


def _english_qualified(toks: list[_Tok], i: int, j: int, text: str, value: float,
                       composed: bool) -> tuple[NumberMention, int]:
    """Attach what follows a parsed number: ordinal, fraction, %, "and a half"."""
    start, end = toks[i].start, toks[j - 1].end
    nxt = toks[j].text.lower() if j < len(toks) else ""
    is_digits = toks[i].group == "digits"
    kind = "number" if composed or is_digits or value > 10 else "word"
    tail = _and_tail(toks, i, j, text)
    if tail is not None:  # "two and thirty" = 32, "the three and twentieth day" = 23rd
        added, tail_kind = tail
        if tail_kind == "ordinal":
            return _mention(text, start, toks[j + 1].end, value + added, "ordinal"), j + 2
        value, j = _scaled(toks, j + 2, text, value + added)
        return _english_qualified(toks, i, j, text, value, True)
    if nxt in _ORDINALS and j < len(toks) and _gap(text, toks[j - 1], toks[j], r"-") \
            and value >= 20:
        return _mention(text, start, toks[j].end, value + _ORDINALS[nxt], "ordinal"), j + 1
    if nxt in ("decades", "decade") and _gap(text, toks[j - 1], toks[j]):
        return _mention(text, start, toks[j].end, value * 10, kind), j + 1
    singular_ok = nxt in ("half", "third", "quarter") or value == 1 and (
        _next_word(toks, j) == "of" or text[end:end + 1] == "-")
    if nxt in _FRACTION_WORDS and j < len(toks) and not is_digits and value < 10 and \
            (nxt.endswith("s") or singular_ok) and \
            _gap(text, toks[j - 1], toks[j]) and (value != 1 or nxt != "second"):
        frac = value / _FRACTION_WORDS[nxt]
        return _mention(text, start, toks[j].end, frac, "fraction"), j + 1
    half = re.match(r" and (?:a|one) half\b", text[end:end + 14], re.I)
    if half:
        end += half.end()
        return _mention(text, start, end, value + 0.5, "number"), _skip_to(toks, j, end)
    pct = re.match(r"\s?(%|per\s?cent\b|percent\b|percentage points?\b)", text[end:], re.I)
    if pct:
        return _mention(text, start, end + pct.end(), value, "percent"), \
            _skip_to(toks, j, end + pct.end())
    if _EN_MEASURE.match(text[end:]):
        return _mention(text, start, end, value, "measure"), j
    if nxt in ("times", "fold") or text[end:end + 5] == "-fold":
        return _mention(text, start, end, value, "multiple"), j
    if is_digits and not composed and 1000 <= value <= 2199 and value.is_integer() \
            and re.fullmatch(r"\d{4}", toks[i].text):
        if text[end:end + 1] == "s":
            return _mention(text, start, end + 1, value, "year"), j
        return _mention(text, start, end, value, "year"), j
    if _CURRENCY_BEFORE.search(text[max(0, start - 4):start]):
        sym = _CURRENCY_BEFORE.search(text[max(0, start - 4):start])
        start -= len(sym.group()) if sym else 0
        return _mention(text, start, end, value, "money"), j
    if _CURRENCY_AFTER.match(text[end:]):
        return _mention(text, start, end, value, "money"), j
    if is_digits and _is_list_marker(text, start, end):
        return _mention(text, start, end, value, "marker"), j
    return _mention(text, start, end, value, kind), j


def _scaled(toks: list[_Tok], j: int, text: str, value: float) -> tuple[float, int]:
    """A scale word after an older-order number scales all of it ("twenty and
    four thousand" = 24,000, "seventy and five thousand" = 75,000), and "and"
    with a smaller number may follow ("twenty and eight thousand and six
    hundred" = 28,600).  Returns the value and the index after it."""
    if j >= len(toks) or toks[j].text.lower() not in _SCALES or \
            not _gap(text, toks[j - 1], toks[j], r"\s+"):
        return value, j
    scale = _SCALES[toks[j].text.lower()]
    value, j = value * scale, j + 1
    if j < len(toks) and _gap(text, toks[j - 1], toks[j], r"\s+"):
        k = j + 1 if toks[j].text.lower() == "and" else j  # "… thousand (and) six hundred"
        rest = _word_number(toks, k, text) if k < len(toks) else None
        if rest is not None and rest[0] < scale:
            return value + rest[0], rest[1]
    return value, j


def _and_tail(toks: list[_Tok], i: int, j: int, text: str) -> tuple[float, str] | None:
    """The older orders of spelled numbers, after the number ``toks[i:j]``: a unit
    and a tens word ("two and thirty" = 32, "the three and twentieth day" = 23rd,
    "an hundred and seven and twenty" = 127) or a tens word and a unit ("twenty
    and seven"; a scale after them scales both: ``_scaled``).  Returns (value to
    add, "number" or "ordinal"), or None, also after "between", "from" … (a
    range: "between two and twenty")."""
    if j + 1 >= len(toks) or toks[j].text.lower() != "and" or \
            not _gap(text, toks[j - 1], toks[j], r"\s+") or \
            not _gap(text, toks[j], toks[j + 1], r"\s+"):
        return None
    if i and toks[i - 1].text.lower() in _RANGE_WORDS:
        return None  # a range
    last, nxt = toks[j - 1].text.lower(), toks[j + 1].text.lower()
    if 1 <= _UNITS.get(last, 0) <= 9:
        if nxt in _TENS:
            return float(_TENS[nxt]), "number"
        if nxt in _TENS_ORDINALS:
            return float(_ORDINALS[nxt]), "ordinal"
    if last in _TENS and (1 <= _UNITS.get(nxt, 0) <= 9 or
                          last.endswith("score") and _UNITS.get(nxt, 0) >= 1):
        return float(_UNITS[nxt]), "number"
    if last in _TENS and 1 <= _ORDINALS.get(nxt, 0) <= 9:
        return float(_ORDINALS[nxt]), "ordinal"  # "the thirty and ninth year"
    return None


def _skip_to(toks: list[_Tok], j: int, end: int) -> int:
    while j < len(toks) and toks[j].start < end:
        j += 1
    return j


def _next_is_digit(toks: list[_Tok], i: int) -> bool:
    return i + 1 < len(toks) and toks[i + 1].group == "digits"


def _next_word(toks: list[_Tok], i: int) -> str:
    return toks[i + 1].text.lower() if i + 1 < len(toks) else ""


def _is_list_marker(text: str, start: int, end: int) -> bool:
    before, after = text[:start].rstrip(" ("), text[end:end + 1]
    return (before == "" or before.endswith((";", ":"))) and after in (".", ")")


def _digits_with_suffix(text: str, tok: _Tok) -> NumberMention:
    """"3rd", "1990s", "5m", "5G": digits followed by letters."""
    match = re.fullmatch(r"([\d,. ]+)([A-Za-z]+)", tok.text)
    if match is None:  # "08H00": letters between digits
        return _mention(text, tok.start, tok.end, _code_key(tok.text), "code")
    digits, suffix = match.group(1), match.group(2)
    low = suffix.lower()
    if low in _EN_ORDINAL_SUFFIX:
        return _mention(text, tok.start, tok.end, _digit_value(digits), "ordinal")
    if low == "s" and len(digits) == 4:
        return _mention(text, tok.start, tok.end, _digit_value(digits), "year")
    if low in _SUFFIX_SCALE and _CURRENCY_BEFORE.search(text[max(0, tok.start - 4):tok.start]):
        return _mention(text, tok.start, tok.end,
                        _digit_value(digits) * _SUFFIX_SCALE[low], "money")
    if is_measurement(digits, suffix):
        return _mention(text, tok.start, tok.start + len(digits), _digit_value(digits), "number")
    return _mention(text, tok.start, tok.end, _code_key(tok.text), "code")


def is_measurement(digits: str, suffix: str) -> bool:
    """A number with a unit ("7cm", "2.726K"), not a code ("5G", "H20"): a
    known unit, or any short suffix after a decimal point (codes have none)."""
    low = suffix.lower()
    return low in _UNIT_SUFFIXES or "." in digits.strip(".") and len(low) <= 3


def _code_key(raw: str) -> str:
    """"COVID-19" and "Covid19" compare equal; "5G" stays "5G"."""
    return raw.upper().replace("-", "")


# ----------------------------------------------------------------- Chinese
_ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_ZH_CHARS = "".join(_ZH_DIGITS) + "".join(_ZH_UNITS) + "".join(_ZH_BIG)
_ZH_NUM = re.compile(
    # grouped digits first, or "50,000" would be read as 50 and 000
    rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)[{_ZH_CHARS}]*|[{_ZH_CHARS}]+)"
    r"(?:[多余几][万亿萬億])?")
_ZH_CODE = re.compile(r"[A-Za-z]+-?\d+[A-Za-z0-9]*|(?<![\d.])\d+(?:\.\d+)?[A-Za-z]+[A-Za-z0-9]*")
# What may follow a numeral inside one jieba word (classifiers, units).
ZH_SUFFIXES = frozenset(
    "个 位 名 次 项 条 件 种 家 国 方 岁 天 年 月 日 号 周 章 节 部 届 轮 批 只 头 本 张 台 辆 座"
    " 所 场 份 点 倍 成 类 层 级 组 期 段 篇 句 步 元 美元 欧元 英镑 日元 人民币 块 人 多 余 来"
    " 几 两"
    " 至 到 万元 亿元 亿美元 万美元 万人 亿人 千米 公里 米 吨 秒 分钟 小时 季度 世纪 年代"
    " 样 间 边 侧 股 码 克 千克 公斤 平方米 亩 例 枚 颗 架 艘 支 首 篇 遍 度 口 对 双 倍数".split())
ZH_PREFIXES = frozenset({"第", "百分之", "约", "近", "逾", "超", "共", "仅", "前", "后", "每"})
# All-numeral words that are not numbers ("in case", "one by one", "by all means").
ZH_NOT_NUMBERS = frozenset({"万一", "一一", "千万", "万万", "一二", "三三两两", "十一"})
# Units a translator often converts ("twenty feet" for 六米): their numbers may differ.
_ZH_OLD_UNITS = ("斤", "里", "亩", "寸", "尺", "丈", "英尺", "英寸", "英里", "磅", "米", "公斤",
                 "公里", "厘米", "华氏", "摄氏")
# 两/双 before these mean "both" rather than a count the English must repeat.
_ZH_BOTH = ("国", "岸", "党", "方", "者", "军", "院", "会", "家", "边", "侧", "地")


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Chinese word boundaries (jieba, via bialign.tokenize)."""
    from bialign.tokenize import tokenize

    return [(t.start, t.end) for t in tokenize(text, "zh")]


def _inside_word(text: str, start: int, end: int, words: list[tuple[int, int]]) -> bool:
    """True if the numeral text[start:end] is part of a non-numeric jieba word."""
    for w_start, w_end in words:
        if w_end <= start or w_start >= end:
            continue
        before, after = text[w_start:start], text[end:w_end]
        if before and before not in ZH_PREFIXES:
            return True
        rest = after.lstrip("多余几来")  # 二十多年: 多 + 年
        if after and rest and rest not in ZH_SUFFIXES:
            return True
        if not before and not after and text[w_start:w_end] in ZH_NOT_NUMBERS:
            return True
    return False


def parse_chinese_numeral(raw: str) -> list[float]:
    """Values of a Chinese (or mixed) numeral: one, or two for a range.

    "二十三" -> [23], "一百零五" -> [105], "三千五百万" -> [35000000],
    "1.5亿" -> [150000000], "二〇二〇" -> [2020], "二三十" -> [20, 30],
    "一两" -> [1, 2].
    """
    raw = raw.replace(",", "")
    digits_only = all(c in _ZH_DIGITS for c in raw)
    if digits_only and len(raw) >= 2:
        values = [_ZH_DIGITS[c] for c in raw]
        if len(raw) == 2 and values[1] - values[0] == 1 or raw in ("一两", "两三", "三两"):
            return [float(values[0]), float(values[1])]
        return [float("".join(str(v) for v in values))]
    for i in range(len(raw) - 1):
        a, b = raw[i], raw[i + 1]
        if a in _ZH_DIGITS and b in _ZH_DIGITS and (
                _ZH_DIGITS[b] - _ZH_DIGITS[a] == 1 and _ZH_DIGITS[a] or a + b in ("一两", "三两")):
            return [_compose(raw[:i] + a + raw[i + 2:]), _compose(raw[:i] + b + raw[i + 2:])]
    return [_compose(raw)]


def _compose(raw: str) -> float:
    """Value of a Chinese numeral with units, e.g. 三千五百万 or 1.5亿."""
    total = section = 0.0
    current: float | None = None
    last_unit = 0
    zero_seen = False
    for piece in re.findall(r"\d+(?:\.\d+)?|.", raw):
        if piece[0].isdigit():
            current = float(piece)
        elif piece in _ZH_DIGITS:
            zero_seen = zero_seen or _ZH_DIGITS[piece] == 0
            current = float(_ZH_DIGITS[piece])
        elif piece in _ZH_UNITS:
            section += (1.0 if current is None else current) * _ZH_UNITS[piece]
            last_unit, current, zero_seen = _ZH_UNITS[piece], None, False
        elif piece in _ZH_BIG:
            value = section + (current or 0.0)
            if not value and not total:
                value = 1.0  # 万 alone: ten thousand
            if piece in "亿億":
                total = (total + value) * _ZH_BIG[piece]
            else:
                total += value * _ZH_BIG[piece]
            section, current, last_unit = 0.0, None, 10_000
    if current is not None and last_unit >= 100 and not zero_seen and raw[-1] in _ZH_DIGITS:
        current *= last_unit / 10  # 三千五 = 3500: the last unit is implied
    return total + section + (current or 0.0)


def _chinese_numbers(text: str) -> list[NumberMention]:
    words = _word_spans(text)
    out = _chinese_fractions_and_decades(text)
    for match in _ZH_CODE.finditer(text):
        unit = re.fullmatch(r"(\d+(?:\.\d+)?)([A-Za-z]+)", match.group())
        if unit and is_measurement(unit.group(1), unit.group(2)):  # 7cm, 2.726K
            out.append(_mention(text, match.start(), match.start() + len(unit.group(1)),
                                float(unit.group(1)), "number"))
        else:
            out.append(_mention(text, match.start(), match.end(), _code_key(match.group()),
                                "code"))
    taken = [(m.start, m.end) for m in out]
    for match in _ZH_NUM.finditer(text):
        start, end = _trim_tael(text, *match.span())
        if end <= start or any(s < end and start < e for s, e in taken):
            continue
        if not any(c.isdigit() for c in match.group()) and \
                _inside_word(text, start, end, words) and not _both_compound(text, start, end):
            continue
        if text[start:end] == "一" and text[start - 1:start] == "另":
            continue  # 另一 "another" (另一个, 另一方面) is no count, as "another" is none
        out.extend(_chinese_mentions(text, start, end))
    return sorted(out, key=lambda m: m.start)


def _both_compound(text: str, start: int, end: int) -> bool:
    """两 "both" starting a longer word (两国人民, 两岸关系): jieba joins them,
    yet the English says "the two countries' peoples" or "both sides"."""
    return text[start:end] in ("两", "兩") and text[end:end + 1] in _ZH_BOTH


def _trim_tael(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop 两 used as the weight unit "tael" (二十两, 几两), keep 两 = 2 (两千, 一两)."""
    raw = text[start:end]
    if raw[-1] in "两兩" and len(raw) > 1 and raw not in ("一两", "两三", "三两"):
        return start, end - 1
    if raw in ("两", "兩") and start and text[start - 1] in "几多余数":
        return start, start
    return start, end


def _chinese_mentions(text: str, start: int, end: int) -> list[NumberMention]:
    """Classify the numeral text[start:end] by its neighbours (第, 年, 月, %, 倍 ...)."""
    raw = text[start:end]
    values = parse_chinese_numeral(raw)
    after, before = text[end:end + 4], text[max(0, start - 3):start]
    kind = "number"
    if before.endswith("百分之"):
        start, kind = start - 3, "percent"
    elif before.endswith("第"):
        start, kind = start - 1, "ordinal"
    if after.startswith(("%", "％")):
        end, kind = end + 1, "percent"
    elif after.startswith("成") and len(raw) == 1 and values[0] <= 10:
        return [_mention(text, start, end + 1, values[0] * 10, "percent")]
    elif after.startswith("倍"):
        end, kind = end + 1, "multiple"
        values = [2.0 if v == 1 else v for v in values]  # 大一倍, 增长1倍: "twice", "doubled"
    elif after.startswith("年") and kind == "number":
        year = values[0] if len(values) == 1 and 1000 <= values[0] <= 2199 else None
        if year is not None:
            return [_mention(text, start, end + 1, year, "year")]
    elif after.startswith("月") and not before.endswith("个") and kind == "number" \
            and all(1 <= v <= 12 for v in values):
        return [_mention(text, start, end + 1, v, "month") for v in values]
    elif after.startswith(("日", "号")) and kind == "number" and all(1 <= v <= 31 for v in values):
        return [_mention(text, start, end + 1, v, "day") for v in values]
    elif (after[:1] == "、" or after[:1] in (".", "．", ")", "）") and kind == "number") and \
            text[:start].rstrip(" （(")[-1:] in ("", "\n", "。", "；", ";", "：", ":"):
        kind = "marker"  # 1、 / 1. / 2) opening a text or following ：；。
    if after.startswith(("美元", "元", "欧元", "英镑", "日元", "万美元", "亿美元", "万元", "亿元")):
        kind = "money"
    if kind == "number" and len(values) == 2 and not raw.isdigit():
        kind = "approx"  # 十七八 "seventeen or eighteen"
    if kind == "number" and (after[:1] in ("几", "多", "余", "来") or
                             any(c in raw for c in "多余几")) and not after.startswith("多元"):
        kind = "approx"
    if kind == "number" and not any(c.isdigit() for c in raw):
        kind = _small_count_kind(raw, values, after)
    if after.startswith(_ZH_OLD_UNITS + ("两", "兩")) and kind in ("number", "word"):
        kind = "measure"  # 一米六, 六十公斤, 二十英尺: translators convert units
    return [_mention(text, start, end, v, kind) for v in values]


def _small_count_kind(raw: str, values: list[float], after: str) -> str:
    """"count" for 两/双 meaning "both", "word" for 一/两/三 + classifier."""
    if raw in ("两", "兩") and after.startswith(_ZH_BOTH):
        return "count"
    if len(raw) == 1 and values[0] <= 10:
        return "word"
    return "number"


_ZH_FRACTION = re.compile(rf"([{_ZH_CHARS}\d]+)分之([{_ZH_CHARS}\d]+)")
_ZH_DECADE = re.compile(rf"(?:([{_ZH_CHARS}\d]+)世纪)?([{_ZH_CHARS}\d]+)年代")


def _chinese_fractions_and_decades(text: str) -> list[NumberMention]:
    """三分之一 = 1/3; 20世纪90年代 = the 1990s (90年代 alone: the 1900s)."""
    out = []
    for match in _ZH_FRACTION.finditer(text):
        if match.group(1) == "百":
            continue  # 百分之三十 is a percentage
        denominator = parse_chinese_numeral(match.group(1))[0]
        numerator = parse_chinese_numeral(match.group(2))[0]
        if denominator:
            out.append(_mention(text, match.start(), match.end(), numerator / denominator,
                                "fraction"))
    for match in re.finditer(r"(?<!\d)(\d0)后", text):  # 90后 "born in the 1990s"
        decade = float(match.group(1))
        out.append(_mention(text, match.start(), match.end(),
                            decade + (1900 if decade >= 30 else 2000), "year"))
    for match in re.finditer(rf"([{_ZH_CHARS}\d]+)(个|年|个月|天|小时|倍)?半", text):
        whole = parse_chinese_numeral(match.group(1).replace(",", ""))
        # 两年半 = 2.5 years, 一个半 = 1.5; 一半 alone is a half (below).
        if len(whole) == 1 and match.group(2) and match.group(1)[-1] not in "十百千万亿":
            out.append(_mention(text, match.start(), match.end(), whole[0] + 0.5, "number"))
    for match in _ZH_DECADE.finditer(text):
        value = parse_chinese_numeral(match.group(2))[0]
        if match.group(1):
            value += (parse_chinese_numeral(match.group(1))[0] - 1) * 100
        elif value < 1000:
            value += 1900
        out.append(_mention(text, match.start(), match.end(), value, "year"))
    return out


def _chinese_extras(text: str) -> list[NumberMention]:
    """Words whose number is not written as a numeral: 一半, 翻番, 双倍."""
    out = []
    for match in re.finditer(r"一半|翻一番|翻番|双倍", text):
        value, kind = (0.5, "fraction") if match.group() == "一半" else (2.0, "multiple")
        out.append(_mention(text, match.start(), match.end(), value, kind))
    return out


def find_numbers(text: str, lang: Lang) -> list[NumberMention]:
    """Every number in ``text`` (English or Chinese), in text order.

    ``start``/``end`` index the original text (full-width digits included).
    """
    normal = text.translate(_FULLWIDTH)
    if lang == "en":
        found = _english_numbers(normal)
    else:
        found = _chinese_numbers(normal)
        seen = [(m.start, m.end) for m in found]
        found += [m for m in _chinese_extras(normal)
                  if not any(s < m.end and m.start < e for s, e in seen)]
        found.sort(key=lambda m: m.start)
    return [NumberMention(m.value, m.kind, m.start, m.end, text[m.start:m.end]) for m in found]
