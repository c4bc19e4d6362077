"""Clause alignment for the negation check: does the clause that renders a cue's clause negate?

Both sides are cut into clauses at punctuation (，。；：！？ , . ; : ! ? and
dashes).  A clause of one side is rendered by the clauses of the other side
that receive the most CC-CEDICT links from its words (``Coverage`` of
``bialign.checks.coverage``): every clause with at least half as many links as
the best one.  A negation cue is *locally alone* when those clauses hold no
negation marker at all (explicit or implicit: not, never, avoid, 不, 没有, 拒绝):
the other side negates, if at all, somewhere else in the pair.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from bialign.checks.coverage import Coverage, Word

_CLAUSE_BREAK = re.compile(r"[，。；：！？,.;:!?\n—–]+|--+")


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of ``text``, cut at punctuation."""
    spans, start = [], 0
    for m in _CLAUSE_BREAK.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _clause_of(spans: Sequence[tuple[int, int]], at: int) -> int:
    return next((k for k, (a, b) in enumerate(spans) if a <= at < b), len(spans) - 1)


def rendering_clauses(cov: Coverage, side: str, at: int, text: str,
                      other_text: str) -> list[tuple[int, int]]:
    """The other side's clauses that render the clause of ``side`` holding offset
    ``at``: those with at least half as many links from it as the best; empty
    when no word of the clause is linked."""
    own, other = clause_spans(text), clause_spans(other_text)
    a, b = own[_clause_of(own, at)]
    words: tuple[Word, ...] = cov.en if side == "en" else cov.zh
    links = cov.en_links if side == "en" else cov.zh_links
    targets: tuple[Word, ...] = cov.zh if side == "en" else cov.en
    hits: Counter[int] = Counter()
    for i, w in enumerate(words):
        if a <= w.start < b:
            for j in set(links[i]):
                hits[_clause_of(other, targets[j].start)] += 1
    if not hits:
        return []
    best = max(hits.values())
    return [other[k] for k, n in sorted(hits.items()) if 2 * n >= best]


def rendering_text(cov: Coverage, side: str, at: int, text: str, other_text: str) -> str:
    """The other side's clauses that render the clause holding ``at``, joined."""
    return " ".join(other_text[a:b] for a, b in rendering_clauses(cov, side, at, text,
                                                                    other_text))


def locally_alone(cov: Coverage, side: str, at: int, text: str, other_text: str,
                  other_markers: Sequence[int]) -> bool | None:
    """True when the clauses rendering the cue's clause hold none of
    ``other_markers`` (offsets of the other side's negation markers); None
    when the cue's clause is linked to nothing."""
    clauses = rendering_clauses(cov, side, at, text, other_text)
    if not clauses:
        return None
    return not any(a <= x < b for a, b in clauses for x in other_markers)
