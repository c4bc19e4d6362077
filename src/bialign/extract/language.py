"""Which language a text is written in, decided from its script alone.

No model and no network: Han characters against Latin letters is all the
pipeline needs to tell the English from the Chinese file, and to notice two
files in one language or one bilingual file.
"""

from __future__ import annotations

import re

from bialign.records import Lang

# Ranges of Han ideographs (CJK Unified, Extension A, Compatibility); these
# cover both Simplified and Traditional characters.
HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
)


def is_han(char: str) -> bool:
    """True for a Han ideograph (Simplified or Traditional)."""
    code = ord(char)
    # Unrolled HAN_RANGES: this runs for every character of every page.
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x2FA1F)


def is_latin(char: str) -> bool:
    """True for a Latin letter, accented ones included (not digits)."""
    return char.isalpha() and ord(char) < 0x250


# The same sets as is_han and is_latin, as character classes: counting with a
# regular expression is ~20x faster than a Python loop over every character.
_HAN = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in HAN_RANGES) + "]")
_LATIN = re.compile("[" + re.escape("".join(c for c in map(chr, range(0x250)) if is_latin(c)))
                    + "]")


def language_shares(text: str) -> dict[str, float]:
    """Share of Han characters and of Latin letters among the letters of ``text``.

    Returns ``{"zh": share, "en": share}``; both are 0.0 for a text without
    letters.  Han characters count once each, Latin letters once each, so an
    English word weighs more than a Chinese one: the Chinese text of a
    bilingual page still shows up with a share of about a third.
    """
    han, latin = len(_HAN.findall(text)), len(_LATIN.findall(text))
    total = han + latin
    if total == 0:
        return {"zh": 0.0, "en": 0.0}
    return {"zh": han / total, "en": latin / total}


# A Chinese character carries about as much as 3 Latin letters, so Chinese
# text with some English names still counts as Chinese.
HAN_WEIGHT = 3.0


def detect_language(text: str) -> Lang:
    """"zh" when Han characters dominate the letters of ``text``, else "en"."""
    shares = language_shares(text)
    return "zh" if shares["zh"] * HAN_WEIGHT > shares["en"] else "en"
