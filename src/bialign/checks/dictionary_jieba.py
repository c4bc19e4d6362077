"""jieba's word list as a lazily read index, so that segmenting a document
costs only the words it holds.

jieba starts by loading its whole prefix dictionary (498,000 words and
word prefixes with their frequencies) from a 9 MB cache in the temp folder,
or by parsing ``dict.txt`` when that cache is missing: about a second of
every run, or several on the first.  ``install_word_index(jieba.dt)`` gives
jieba's tokenizer the same entries in a ``dictionary_store`` file under
bialign's cache folder instead (built once per jieba version), so the
segmentation is the same word for word.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import time
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

from bialign.checks.dictionary_store import (
    StoredTable,
    StoreUnreadable,
    open_store,
    write_store,
)
from bialign.resources import default_cache_dir

log = logging.getLogger(__name__)

FORMAT_VERSION = 1


class WordFrequencies(MutableMapping[str, int]):
    """jieba's ``FREQ`` (word or word prefix -> frequency, 0 for a bare
    prefix) read from the store; words added at run time (``jieba.add_word``)
    are kept in memory in front of it."""

    def __init__(self, stored: StoredTable[int]) -> None:
        self._stored = stored
        self._added: dict[str, int] = {}

    def __getitem__(self, word: str) -> int:
        if word in self._added:
            return self._added[word]
        return self._stored[word]  # type: ignore[no-any-return]

    def get(self, word: str, default: Any = None) -> Any:  # noqa: D102
        if word in self._added:
            return self._added[word]
        return self._stored.get(word, default)

    def __contains__(self, word: object) -> bool:
        return word in self._added or word in self._stored

    def __setitem__(self, word: str, frequency: int) -> None:
        self._added[word] = frequency

    def __delitem__(self, word: str) -> None:
        raise TypeError("jieba's stored word list is read-only")

    def __len__(self) -> int:
        return len(self._stored) + sum(w not in self._stored for w in self._added)

    def __iter__(self) -> Iterator[str]:
        yield from self._added
        yield from (w for w in self._stored if w not in self._added)


def store_path(cache_dir: Path | None = None) -> Path:
    """Where the word store of the installed jieba is kept (by default in
    bialign's cache folder)."""
    from importlib.metadata import version

    name = f"jieba-words-{version('jieba')}-v{FORMAT_VERSION}.sqlite"
    return (cache_dir or default_cache_dir()) / name


def prefix_dictionary(tokenizer: Any) -> tuple[dict[str, int], int]:
    """What jieba's ``Tokenizer.gen_pfdict`` gives for the tokenizer's
    dictionary (each word's frequency, 0 for a prefix that is no word, and the
    sum of the frequencies of all lines), built in fewer Python steps."""
    with tokenizer.get_dict_file() as fh:
        text = fh.read().decode("utf-8")
    lines = re.findall(r"^\s*(\S+) (\d+)", text, re.M)  # "word frequency [tag]"
    frequencies = {word: int(frequency) for word, frequency in lines}
    total = sum(int(frequency) for _, frequency in lines)
    for prefix in {word[:i] for word in frequencies for i in range(1, len(word))}:
        frequencies.setdefault(prefix, 0)
    return frequencies, total


def _build_store(tokenizer: Any, path: Path) -> None:
    """Parse jieba's dictionary as jieba does and write it to ``path``."""
    frequencies, total = prefix_dictionary(tokenizer)
    write_store(path, {"freq": frequencies}, {"total": str(total)})


def install_word_index(tokenizer: Any, *, cache_dir: Path | None = None) -> bool:
    """Give an uninitialised jieba ``Tokenizer`` of the default dictionary
    its word list from the store (built on first use); True if installed.

    Leaves the tokenizer alone (jieba then loads its own cache) when it is
    already initialised or uses another dictionary, or when the cache folder
    cannot be written.
    """
    import jieba

    if tokenizer.initialized or tokenizer.dictionary != jieba.DEFAULT_DICT:
        return False
    started = time.perf_counter()
    path = store_path(cache_dir)
    try:
        store = open_store(path)
    except StoreUnreadable:
        try:
            _build_store(tokenizer, path)
            store = open_store(path)
        except (OSError, sqlite3.Error, StoreUnreadable) as exc:
            log.warning("could not write jieba's word index at %s (%s)", path, exc)
            return False
    try:
        tokenizer.FREQ = WordFrequencies(store.table("freq"))
        tokenizer.total = int(store.meta["total"])
    except (StoreUnreadable, KeyError, ValueError) as exc:
        log.warning("jieba's word index at %s is unreadable (%s)", path, exc)
        return False
    tokenizer.initialized = True
    log.debug("jieba's word index opened at %s in %.3f s", path, time.perf_counter() - started)
    return True
