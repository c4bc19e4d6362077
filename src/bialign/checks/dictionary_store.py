"""A word index on disk that is read one key at a time.

The checks look up a few thousand words per document in indexes of
hundreds of thousands of entries (CC-CEDICT, jieba's word list).
Unpickling a whole index costs about a second on every run; a SQLite file
(standard library) opens in milliseconds and answers each lookup in
microseconds, so a run pays only for the words its document holds.

``write_store`` writes named tables of ``str -> str | int`` once;
``open_store`` opens them read-only as ``StoredTable`` mappings that keep
every answer (found or not) in memory.  Tuples of strings are stored joined
with ``SEP``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

V = TypeVar("V")
# Joins the items of a stored tuple: a control character no dictionary text holds.
SEP = "\x1f"
_MISSING = object()


class StoreUnreadable(Exception):
    """The store file is missing, truncated or of another format (rebuild it)."""


class StoredTable(Mapping[str, V], Generic[V]):
    """One table of a store as a read-only mapping; answers are memoised.

    ``decode`` turns the stored value into the Python value (e.g. split a
    joined tuple).  Safe to share between threads.
    """

    def __init__(self, connection: sqlite3.Connection, lock: threading.Lock, table: str,
                 size: int, decode: Callable[[Any], V] | None = None) -> None:
        self._connection = connection
        self._lock = lock
        self._table = table
        self._size = size
        self._decode = decode
        self._memo: dict[str, object] = {}
        self._query = f"SELECT v FROM {table} WHERE k = ?"

    def _lookup(self, key: str) -> object:
        found = self._memo.get(key, _MISSING) if isinstance(key, str) else None
        if found is _MISSING:
            with self._lock:
                row = self._connection.execute(self._query, (key,)).fetchone()
            found = None if row is None else (self._decode(row[0]) if self._decode
                                              else row[0])
            self._memo[key] = found
        return found

    def __getitem__(self, key: str) -> V:
        value = self._lookup(key)
        if value is None:
            raise KeyError(key)
        return value  # type: ignore[return-value]

    def get(self, key: str, default: object = None) -> V | object:  # type: ignore[override]
        value = self._lookup(key)
        return default if value is None else value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._lookup(key) is not None

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            keys = [k for (k,) in self._connection.execute(f"SELECT k FROM {self._table}")]
        return iter(keys)


def split_tuple(value: str) -> tuple[str, ...]:
    """Decode a stored tuple of strings."""
    return tuple(value.split(SEP)) if value else ()


def join_tuple(items: Iterable[str]) -> str:
    """Encode a tuple of strings for the store."""
    return SEP.join(items)


def write_store(path: Path, tables: Mapping[str, Mapping[str, str | int]],
                meta: Mapping[str, str]) -> None:
    """Write ``tables`` and ``meta`` to a new SQLite file at ``path``, atomically
    (a concurrent reader sees the old file or the complete new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    connection = sqlite3.connect(tmp)
    try:
        with connection:
            # A new file renamed into place when complete: no journal, and no
            # wait for the disk (a store lost in a crash reads as unreadable and
            # is built again).
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
            sizes = {f"size:{name}": str(len(rows)) for name, rows in tables.items()}
            connection.executemany("INSERT INTO meta VALUES (?, ?)",
                                   [*meta.items(), *sizes.items()])
            for name, rows in tables.items():
                connection.execute(f"CREATE TABLE {name} (k TEXT PRIMARY KEY, v) WITHOUT ROWID")
                connection.executemany(f"INSERT INTO {name} VALUES (?, ?)",
                                       sorted(rows.items()))
    finally:
        connection.close()
    tmp.replace(path)


class Store:
    """An open store: its metadata and its tables."""

    def __init__(self, path: Path) -> None:
        try:
            # A store is replaced by renaming, never changed in place, so the
            # open file is immutable: SQLite may skip locking on every lookup.
            self._connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1",
                                               uri=True, check_same_thread=False)
            self.meta: dict[str, str] = dict(self._connection.execute("SELECT k, v FROM meta"))
        except sqlite3.Error as exc:
            raise StoreUnreadable(f"{path}: {exc}") from exc
        self.path = path
        self._lock = threading.Lock()

    def table(self, name: str, decode: Callable[[Any], Any] | None = None
              ) -> StoredTable[Any]:
        """The table ``name`` as a read-only mapping."""
        size = self.meta.get(f"size:{name}")
        if size is None:
            raise StoreUnreadable(f"{self.path}: no table {name}")
        return StoredTable(self._connection, self._lock, name, int(size), decode)


def open_store(path: Path) -> Store:
    """Open the store at ``path``; StoreUnreadable if it is not a complete store."""
    if not path.is_file():
        raise StoreUnreadable(f"{path}: no such file")
    return Store(path)
