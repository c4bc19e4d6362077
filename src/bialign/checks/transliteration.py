"""A foreign name spelled in Chinese with another transliteration than CC-CEDICT's.

Names from other languages reach Chinese by sound, and the characters chosen
vary with the time, the place and the translator: the Chinese Union Version of
the Bible writes 约但 for Jordan (CC-CEDICT: 约旦), 安得烈 for Andrew (安德鲁),
迦萨 for Gaza (加沙), 利巴嫩 for Lebanon (黎巴嫩).  The entity check must not
read such a name as missing, still less as swapped for another name of the
sentence.  Variants that share too few sounds stay unknown: 推罗 for Tyre
(提尔), 便雅悯 for Benjamin (本杰明), Taiwan's 雪梨 for Sydney (悉尼).

``sounds_like`` compares the pinyin of a listed form with runs of whole jieba
words of the Chinese: syllable by syllable, an initial of the same class (b/p,
d/t, g/k/h, l/r/n, the sibilants, the glides y/w and none) and the same final
(tuo/duo, dan/dan, min/ming: a final "ng" reads "n").  A run matches when its
first syllable and at least two thirds of the form's syllables match in order, and
it is at most one character longer or shorter (a two-syllable form: a run of
two characters, both matching).  Runs must start and end at word boundaries
(or inside a word jieba does not know: 从利巴嫩 holds 利巴嫩, Lebanon), so
that 的国 of 的国家 is never read as 德国 "Germany".  Readings come from the
single-character entries of CC-CEDICT (CC BY-SA 4.0, MDBG).
"""

from __future__ import annotations

import gzip
import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from bialign.checks.coverage import JIEBA_NAME_TAGS, jieba_knows, jieba_tags

_ENTRY = re.compile(r"^\S+ (\S) \[([^\]]*)\]")
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q",
             "x", "r", "z", "c", "s", "y", "w")
_CLASS = {"b": "B", "p": "B", "d": "D", "t": "D", "g": "G", "k": "G", "h": "G",
          "l": "L", "r": "L", "n": "L", "m": "M", "f": "F", "y": "", "w": "",
          **{s: "S" for s in ("j", "q", "x", "zh", "ch", "sh", "z", "c", "s")}}
_HAN = re.compile(r"^[\u3400-\u9fff]+$")


@lru_cache(maxsize=1)
def char_readings() -> dict[str, frozenset[tuple[str, str]]]:
    """(initial class, final) of every reading of each single character of
    CC-CEDICT, tones dropped: 推 -> {("D", "ui")}."""
    from bialign.checks.dictionary import _cedict_path

    readings: dict[str, set[tuple[str, str]]] = {}
    with gzip.open(_cedict_path(), "rt", encoding="utf-8") as fh:
        for line in fh:
            match = _ENTRY.match(line)
            if match is None or " " in match.group(2):
                continue
            syllable = re.sub(r"[0-9]", "", match.group(2)).lower().replace("u:", "v")
            readings.setdefault(match.group(1), set()).add(split_syllable(syllable))
    return {char: frozenset(r) for char, r in readings.items()}


def split_syllable(syllable: str) -> tuple[str, str]:
    """(initial class, final) of a toneless pinyin syllable; a final "ng" reads "n"."""
    initial = next((i for i in _INITIALS if syllable.startswith(i) and len(syllable) > len(i)),
                   "")
    final = syllable[len(initial):]
    return _CLASS.get(initial, ""), final[:-1] if final.endswith("ng") else final


def _alike(a: str, b: str, readings: dict[str, frozenset[tuple[str, str]]]) -> bool:
    """True if some reading of character ``a`` sounds like some reading of ``b``."""
    if a == b:
        return True
    return any(ia == ib and fa == fb
               for ia, fa in readings.get(a, ()) for ib, fb in readings.get(b, ()))


def _matched(form: str, run: str, readings: dict[str, frozenset[tuple[str, str]]]) -> int:
    """How many syllables of ``form`` sound alike in ``run``, in order (LCS)."""
    prev = [0] * (len(run) + 1)
    for a in form:
        row = [0]
        for j, b in enumerate(run):
            row.append(prev[j] + 1 if _alike(a, b, readings) else max(prev[j + 1], row[j]))
        prev = row
    return prev[-1]


MAX_FORM = 4  # transliterated names are short; 世界贸易组织 is a compound of words


def sounds_like(form: str, zh: str, tokens: Sequence[tuple[str, int, int]],
                other_name: Callable[[str], bool] = lambda run: False) -> bool:
    """True if a run of whole words of ``zh`` (``tokens``: text, start, end) may
    be ``form`` written with other characters of the same sound.  A run that
    ``other_name`` knows as a name of its own (澳大利亚 against 奥地利) is that
    name, not a variant."""
    n = len(form)
    if not 2 <= n <= MAX_FORM or not _HAN.match(form):
        return False
    readings = char_readings()
    need = n if n == 2 else math.ceil(2 * n / 3)
    # Words that may be part of a transliteration: single characters, words
    # jieba does not know (迦萨, 约但 cut by its model, 从利巴嫩 joined to the
    # word before) and words it tags as names (安得烈); not common words (心中 is
    # no 金大中, 其他 no 加拿大).  A run starts and ends at a word boundary, or
    # anywhere inside such a word.
    sound = [False] * len(zh)
    bounds: set[int] = set()
    for text, a, b in tokens:
        bounds |= {a, b}
        if phonetic(text):
            sound[a:b] = [True] * (b - a)
            if not jieba_knows(text):  # a name jieba knows (澳大利亚) is whole
                bounds |= set(range(a, b))
    for start in sorted(bounds):
        for size in range(max(2, n - 1), n + 2) if n > 2 else (2,):
            run = zh[start:start + size]
            if len(run) == size and start + size in bounds and all(sound[start:start + size]) \
                    and _HAN.match(run) and _alike(form[0], run[0], readings) and \
                    _matched(form, run, readings) >= need and not other_name(run):
                return True
    return False


def phonetic(word: str) -> bool:
    """True if ``word`` may be (part of) a transliteration: one character, a
    word jieba does not know, or one its dictionary tags as a name."""
    return len(word) == 1 or not jieba_knows(word) or word in jieba_names()


def jieba_names() -> dict[str, str]:
    """The words jieba's dictionary tags as names of people, places or bodies."""
    return jieba_tags(JIEBA_NAME_TAGS)
