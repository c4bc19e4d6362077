"""Bead files: one link a line, ``[0, 1]:[0]``, source side first (0-based).

The format of the Bertalign/Vecalign evaluations: ``[3]:[]`` is a source
sentence without counterpart, ``[]:[5]`` the reverse.  ``score_beads``
computes exact-bead precision/recall/F1 and the "strict" variant that drops
one-sided beads from both sides before counting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from bialign.errors import InputError
from bialign.records import Link

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]
_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def format_beads(links: Sequence[Link], src_is_en: bool) -> str:
    """The bead file text for ``links``; the source side is English when ``src_is_en``."""
    lines = []
    for link in links:
        src, tgt = (link.en, link.zh) if src_is_en else (link.zh, link.en)
        lines.append(f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]")
    return "".join(line + "\n" for line in lines)


def parse_beads(text: str, source: str = "<text>") -> list[BeadPair]:
    """Parse bead lines; blank lines are ignored."""
    beads: list[BeadPair] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None:
            raise InputError(source, f"line {number} is not a bead like '[0, 1]:[2]': {line!r}",
                             "Write one bead a line, source indices first.")
        beads.append((_indices(match.group(1)), _indices(match.group(2))))
    return beads


def _indices(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.replace(",", " ").split())


def read_beads(path: str | Path) -> list[BeadPair]:
    """Read a bead file (UTF-8)."""
    return parse_beads(Path(path).read_text(encoding="utf-8"), str(path))


def _prf(hits: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = hits / n_sys if n_sys else 0.0
    r = hits / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_beads(system: Sequence[Sequence[BeadPair]] | Sequence[BeadPair],
                gold: Sequence[Sequence[BeadPair]] | Sequence[BeadPair]) -> dict[str, float]:
    """Exact and strict bead P/R/F1, summed over documents.

    Pass one document's bead lists, or lists of per-document bead lists (in
    the same order) to sum counts over a set.
    """
    sys_docs, gold_docs = _documents(system), _documents(gold)
    if len(sys_docs) != len(gold_docs):
        raise ValueError(f"{len(sys_docs)} system documents but {len(gold_docs)} gold ones")
    counts = {"exact": [0, 0, 0], "strict": [0, 0, 0]}
    for sys_beads, gold_beads in zip(sys_docs, gold_docs, strict=True):
        for kind, keep in (("exact", lambda b: True), ("strict", lambda b: bool(b[0] and b[1]))):
            s = {_key(b) for b in sys_beads if keep(b)}
            g = {_key(b) for b in gold_beads if keep(b)}
            counts[kind][0] += len(s & g)
            counts[kind][1] += len(s)
            counts[kind][2] += len(g)
    out: dict[str, float] = {}
    for kind, (hits, n_sys, n_gold) in counts.items():
        p, r, f = _prf(hits, n_sys, n_gold)
        out.update({f"{kind}_p": p, f"{kind}_r": r, f"{kind}_f1": f})
    return out


def _key(bead: BeadPair) -> BeadPair:
    return (tuple(bead[0]), tuple(bead[1]))


def _is_pair(item: object) -> bool:
    return (isinstance(item, tuple | list) and len(item) == 2
            and all(isinstance(side, tuple | list) and all(isinstance(k, int) for k in side)
                    for side in item))


def _documents(beads: Sequence[Sequence[BeadPair]] | Sequence[BeadPair]
               ) -> list[Sequence[BeadPair]]:
    """One document (a list of bead pairs) or several, as a list of documents."""
    if all(_is_pair(item) for item in beads):
        return [beads]  # type: ignore[list-item]
    return list(beads)  # type: ignore[arg-type]
