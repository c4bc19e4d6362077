"""Bead I/O and scoring for the benchmarks: a thin re-export of ``bialign.beads``
plus the loaders of the evaluation sets in ../shared (never copied here)."""

from __future__ import annotations

from pathlib import Path

from bialign.beads import BeadPair, format_beads, parse_beads, read_beads, score_beads

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MAC_DEV = SHARED / "eval" / "mac-dev"
BIBLE = SHARED / "eval" / "bible-en-zh"

__all__ = ["BIBLE", "MAC_DEV", "BeadPair", "format_beads", "parse_beads", "read_beads",
           "score_beads", "load_set"]


def load_set(root: Path) -> list[tuple[str, list[str], list[str], list[BeadPair]]]:
    """(name, src lines, tgt lines, gold beads) for each document of an eval set."""
    docs = []
    for src in sorted((root / "src").iterdir()):
        tgt = root / "tgt" / src.name
        docs.append((src.name, src.read_text(encoding="utf-8").splitlines(),
                     tgt.read_text(encoding="utf-8").splitlines(),
                     read_beads(root / "gold" / f"{src.name}.align")))
    return docs
