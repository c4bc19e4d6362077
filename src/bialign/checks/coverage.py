"""Word-level alignment of one pair through CC-CEDICT.

``cover_pair(en, zh, dictionary)`` splits both sides into words, keeps the
content words, and links each English content word to the Chinese words
whose glosses contain its lemma (or a word of the same stem: "economic" ~
"economy"), and each Chinese word to the English words it glosses.  Numbers,
Latin tokens and identical strings link to themselves.  Omission and
wrong-word checks read which words the other side leaves uncovered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bialign.checks.dictionary import Dictionary

_EN_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:[.,]\d+)*")
_LATIN_OR_DIGIT = re.compile(r"^[A-Za-z0-9]+(?:[.,][0-9]+)*$")
_HAN = re.compile(r"[\u3400-\u9fff]")
# Suffixes stripped (repeatedly, longest first) to compare words of one family:
# "inevitably" ~ "inevitable", "academia" ~ "academic", "privacy" ~ "private".
_SUFFIXES = tuple(sorted(
    "izations ization isation ational ations ation itions ition ements ement ments ment ness"
    " ities ity ically ical ics ic ia ives ive ively ally als al ious ous ly ily arily ions ion"
    " ists ist isms ism izes ize ises ise ary ies ers er ors or ing ed es y e s able ably ible"
    " ibly ence ences ent ents ance ances ant ants ency ancy acy ate ated ates ful".split(),
    key=len, reverse=True))
MIN_STEM = 4
_US_ENSE = frozenset({"defense", "offense", "license", "pretense"})
# English stop words that still carry meaning the Chinese must render.
# Modals spaCy's list lacks ("should", "will", "must" are on it): "shall" fills
# every article of a law and translates no word of its own.
_MORE_STOP = frozenset({"shall", "shalt"})
_KEEP = frozenset({"not", "no", "never", "nothing", "none", "nobody", "without", "first",
                   "second", "third", "former", "latter", "few", "several", "all", "every"})


@dataclass(frozen=True)
class Word:
    """A content word: ``text`` is ``pair.en[start:end]`` (or zh); ``key``
    its lemma (English) or the word itself (Chinese)."""

    text: str
    start: int
    end: int
    key: str


@dataclass(frozen=True)
class Coverage:
    """Content words of both sides and their dictionary links.

    ``en_links[i]`` are indices into ``zh`` of the words that translate
    ``en[i]``; ``zh_links[j]`` the reverse.  A word with no link is uncovered.
    """

    en: tuple[Word, ...]
    zh: tuple[Word, ...]
    en_links: tuple[tuple[int, ...], ...]
    zh_links: tuple[tuple[int, ...], ...]

    def en_covered(self, i: int) -> bool:
        return bool(self.en_links[i])

    def zh_covered(self, j: int) -> bool:
        return bool(self.zh_links[j])

    def en_ratio(self) -> float:
        """Share of English content words covered (1.0 if there are none)."""
        return _ratio(self.en_links)

    def zh_ratio(self) -> float:
        """Share of Chinese content words covered (1.0 if there are none)."""
        return _ratio(self.zh_links)


def _ratio(links: Sequence[tuple[int, ...]]) -> float:
    return sum(1 for x in links if x) / len(links) if links else 1.0


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude family key: ``word`` in US spelling less its derivational and
    inflectional suffixes ("collaboratively" -> "collaborat")."""
    if word.startswith("enquir"):
        word = "inquir" + word[6:]  # British spelling
    if word.endswith("our") and len(word) > 5:
        word = word[:-2] + "r"  # colour -> color
    if word.endswith("ence") and word[:-4] + "ense" in _US_ENSE:
        word = word[:-4] + "ense"
    for _ in range(3):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


# Chinese function words (spaCy's Chinese stop list has 1,900 entries,
# among them content words such as 结果 "result" and 行动 "action").
ZH_FUNCTION_WORDS = frozenset(
    "的 地 得 了 着 过 和 与 及 以及 或 或者 并 并且 而 而且 但 但是 在 是 也 都 就 又 还 之 其"
    " 这 那 此 该 这些 那些 这个 那个 为 以 对 对于 把 被 从 向 于 由 等 等等 所 将 会 能 可 可以"
    " 要 应 应该 我 你 他 她 它 我们 你们 他们 她们 它们 自己 个 种 些 吗 呢 吧 啊 呀 嘛 即"
    " 上 下 中 里 内 时 后 前 如 若 如果 因为 所以 因此 则 使 让 给 同 跟 乃 矣 焉 哉 亦 已 到"
    " 正在 已经 曾 曾经 一些 一个 各 每 其中 之一".split()
)


@lru_cache(maxsize=1)
def _stop_words() -> tuple[frozenset[str], frozenset[str]]:
    from bialign.spacy_loader import english_stop_words

    return (english_stop_words() | _MORE_STOP) - _KEEP, ZH_FUNCTION_WORDS


def zh_tokens(text: str) -> list[tuple[str, int, int]]:
    """Chinese words with character offsets (jieba, accurate mode)."""
    from bialign.tokenize import tokenize

    return [(t.text, t.start, t.end) for t in tokenize(text, "zh")]


def jieba_knows(word: str) -> bool:
    """True if ``word`` is in jieba's word list (words CEDICT may lack: 营商),
    or the start of one there (一至 in 一至二)."""
    from bialign.tokenize import jieba_module

    return word in jieba_module().dt.FREQ


# jieba's part-of-speech tags for names of people, places and bodies (j: abbreviations).
JIEBA_NAME_TAGS = frozenset({"ns", "nt", "j", "nr", "nrt", "nrfg"})


@lru_cache(maxsize=4)
def jieba_tags(tags: frozenset[str]) -> dict[str, str]:
    """word -> tag for the words jieba's dictionary (``dict.txt``: word,
    frequency, tag) tags with one of ``tags`` (``JIEBA_NAME_TAGS``; v: verbs),
    read once per tag set."""
    from bialign.tokenize import jieba_module

    with jieba_module().get_dict_file() as fh:
        text = fh.read().decode("utf-8")
    pattern = rf"^(\S+) \d+ ({'|'.join(sorted(tags))})$"
    return dict(re.findall(pattern, text, re.M))


def english_words(text: str, dictionary: Dictionary) -> tuple[Word, ...]:
    """English content words (stop words dropped), keyed by lemma."""
    en_stop, _ = _stop_words()
    words = []
    for m in _EN_TOKEN.finditer(text):
        low = m.group().lower().replace("’", "'")
        if low in en_stop or (len(low) < 2 and not low.isdigit()):
            continue
        key = low if low[0].isdigit() else dictionary.lemma(low)
        words.append(Word(m.group(), m.start(), m.end(), key))
    return tuple(words)


def chinese_words(text: str) -> tuple[Word, ...]:
    """Chinese content words: Han or Latin/digit tokens, stop words dropped."""
    _, zh_stop = _stop_words()
    return tuple(Word(w, s, e, w.lower()) for w, s, e in zh_tokens(text)
                 if w not in zh_stop and (_HAN.search(w) or _LATIN_OR_DIGIT.match(w)))


@lru_cache(maxsize=65536)
def zh_glosses(word: str, dictionary: Dictionary) -> frozenset[str]:
    """English lemmas a Chinese word may stand for: its own glosses, those of
    its dictionary sub-words (3+ characters), and of its characters if the
    word is not in the dictionary."""
    lemmas = set(dictionary.lemmas(word))
    n = len(word)
    if n >= 3 or not dictionary.contains(word):
        for size in range(n - 1, 1, -1):
            for i in range(n - size + 1):
                lemmas |= dictionary.lemmas(word[i:i + size])
    if not dictionary.contains(word):
        for ch in word:
            lemmas |= dictionary.lemmas(ch)
    return frozenset(lemmas)


@lru_cache(maxsize=65536)
def _gloss_stems(glosses: frozenset[str]) -> frozenset[str]:
    return frozenset(stem(g) for g in glosses)


def _links(en: Sequence[Word], zh: Sequence[Word],
           dictionary: Dictionary) -> list[list[int]]:
    en_stems = [stem(w.key) for w in en]
    links: list[list[int]] = [[] for _ in en]
    for j, z in enumerate(zh):
        if _LATIN_OR_DIGIT.match(z.text):
            for i, w in enumerate(en):
                if w.text.lower() == z.key:
                    links[i].append(j)
            continue
        glosses = zh_glosses(z.text, dictionary)
        stems = _gloss_stems(glosses)
        for i, w in enumerate(en):
            if w.key in glosses or en_stems[i] in stems:
                links[i].append(j)
    return links


# Omission, negation, wrong-word, terminology and the score all cover the same
# pairs, one check after another over the whole document: the cache must hold a
# long document's pairs and clauses (4,096 made a 9,000-pair run recompute them
# for every check).
@lru_cache(maxsize=32768)
def cover_pair(en: str, zh: str, dictionary: Dictionary) -> Coverage:
    """Align the content words of ``en`` and ``zh`` through the dictionary."""
    en_words = english_words(en, dictionary)
    zh_words = chinese_words(zh)
    links = _links(en_words, zh_words, dictionary)
    reverse: list[list[int]] = [[] for _ in zh_words]
    for i, js in enumerate(links):
        for j in js:
            reverse[j].append(i)
    return Coverage(en_words, zh_words, tuple(tuple(x) for x in links),
                    tuple(tuple(x) for x in reverse))
