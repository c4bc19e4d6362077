"""An on-disk embedding cache in front of any encoder.

One SQLite file per encoder and version, ``<cache_dir>/<name>-<version>.sqlite``,
maps sha1(text) to the float32 vector.  Only the misses are encoded.  A
damaged file is logged, removed and rebuilt: a cache may lose entries, never
return a wrong vector (vectors of the wrong size are treated as misses).  A
cache that cannot be used at all (its folder cannot be made, the file is read
only, locked past the timeout, or the disk is full) is logged once and skipped
for the rest of the run: everything is then encoded, as with ``--no-cache``.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from bialign.encoders import Encoder

log = logging.getLogger(__name__)

CHUNK = 500  # keys per SELECT: SQLite limits the number of bound parameters
# A 512-float vector is a 2 KB row: on SQLite's default 4 KB pages each row took
# a page of its own (4.2 KB a vector); on 16 KB pages it takes 2.4 KB.  Only a
# new file gets the larger pages.
PAGE_SIZE = 16384


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class CachedEncoder:
    """Wrap ``encoder``; same ``name``, ``version`` and ``dim``."""

    def __init__(self, encoder: Encoder, cache_dir: Path) -> None:
        self.inner = encoder  # span_encoding() looks through it
        self.name, self.version, self.dim = encoder.name, encoder.version, encoder.dim
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{encoder.name}-{encoder.version}")
        self.path = Path(cache_dir) / f"{safe}.sqlite"
        self.hits = self.misses = 0
        self.usable = True  # False once the cache could not be used (see ``_skip``)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=30)
        con.execute(f"PRAGMA page_size={PAGE_SIZE}")  # no effect on an existing file
        con.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB NOT NULL)")
        return con

    def _lookup(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        if not self.usable:
            return found
        try:
            con = self._connect()
            try:
                for start in range(0, len(keys), CHUNK):
                    part = keys[start:start + CHUNK]
                    marks = ",".join("?" * len(part))
                    for key, blob in con.execute(
                            f"SELECT key, v FROM vec WHERE key IN ({marks})", part):
                        vec = np.frombuffer(blob, dtype=np.float32)
                        if vec.shape == (self.dim,):
                            found[key] = vec
            finally:
                con.close()
        except (OSError, sqlite3.OperationalError) as exc:
            self._skip(exc)
        except sqlite3.DatabaseError as exc:
            self._reset(exc)
        return found

    def _store(self, keys: list[str], vecs: np.ndarray) -> None:
        if not self.usable:
            return
        try:
            con = self._connect()
            try:
                with con:
                    con.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?)",
                                    [(k, v.astype(np.float32).tobytes())
                                     for k, v in zip(keys, vecs, strict=True)])
            finally:
                con.close()
        except (OSError, sqlite3.OperationalError) as exc:
            self._skip(exc)
        except sqlite3.DatabaseError as exc:
            self._reset(exc)

    def _skip(self, exc: Exception) -> None:
        """The cache cannot be used (not a damaged file: that is ``_reset``)."""
        log.warning("embedding cache %s cannot be used (%s); going on without it. Set "
                    "BIALIGN_CACHE to a folder you can write, or run with --no-cache.",
                    self.path, exc)
        self.usable = False

    def _reset(self, exc: Exception) -> None:
        log.warning("embedding cache %s is damaged (%s); rebuilding it", self.path, exc)
        self.path.unlink(missing_ok=True)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts``, encoding only those not in the cache."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        keys = [_key(t) for t in texts]
        found = self._lookup(sorted(set(keys)))
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True)
                          if k not in found}.items())
        self.hits += len(texts) - sum(1 for k in keys if k not in found)
        if missing:
            new = np.asarray(self.inner.encode([t for _, t in missing]), dtype=np.float32)
            self.misses += len(missing)
            self._store([k for k, _ in missing], new)
            found.update({k: v for (k, _), v in zip(missing, new, strict=True)})
        return np.vstack([found[k] for k in keys]).astype(np.float32)
