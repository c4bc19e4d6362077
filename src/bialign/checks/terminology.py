"""Terminology check: one recurring Chinese term rendered in different ways.

For every multi-character Chinese dictionary word that occurs in at least
``min_occurrences`` pairs, collect the English words coverage.py links to it
in each pair; a term with two or more distinct renderings (inflection,
case and near-identical spellings merged) gets one finding on its first
occurrence, ``related`` naming the other links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bialign.checks import CheckConfig, CheckResources, severity_for
from bialign.checks.coverage import cover_pair, stem
from bialign.checks.wrong_word import edit_distance
from bialign.records import Finding, Pair


@dataclass(frozen=True)
class TerminologyConfig:
    """Options of the terminology check."""

    min_occurrences: int = 3  # pairs a term must occur in
    min_term_chars: int = 2
    # A rendering seen once is as often a coverage slip as a real variant:
    # report a term only when two renderings each recur.
    min_rendering_count: int = 2
    max_renderings_shown: int = 4
    # Variation across a document is often deliberate (context, style), so
    # the check informs rather than warns.
    score: float = 0.4


@dataclass(frozen=True)
class Occurrence:
    """A term's rendering in one pair: ``en_text`` is a substring of ``pair.en``."""

    link: int
    key: frozenset[str]  # family stems of the linked English words, for grouping
    en_text: str


def collect_occurrences(pairs: Sequence[Pair], resources: CheckResources,
                        config: TerminologyConfig) -> dict[str, list[Occurrence]]:
    """Chinese term -> its rendered occurrences, in document order."""
    found: dict[str, list[Occurrence]] = {}
    dictionary = resources.dictionary
    for pair in pairs:
        if not (pair.en.strip() and pair.zh.strip()):
            continue
        cov = cover_pair(pair.en, pair.zh, dictionary)
        seen: set[str] = set()
        for j, z in enumerate(cov.zh):
            linked = cov.zh_links[j]
            if (len(z.text) < config.min_term_chars or not linked or z.text in seen
                    or not dictionary.contains(z.text)):
                continue
            seen.add(z.text)
            words = [cov.en[i] for i in linked]
            key = frozenset(stem(w.key) for w in words)
            found.setdefault(z.text, []).append(Occurrence(pair.index, key, words[0].text))
    return found


def _same_rendering(a: frozenset[str], b: frozenset[str]) -> bool:
    """Renderings share a word family, or two are near-identical (≤ 1 edit)."""
    return bool(a & b) or any(edit_distance(x, y, limit=2) <= 1 for x in a for y in b)


def _groups(occurrences: Sequence[Occurrence]) -> list[list[Occurrence]]:
    """Occurrences grouped by rendering, largest group first."""
    groups: list[list[Occurrence]] = []
    for occ in occurrences:
        for group in groups:
            if any(_same_rendering(o.key, occ.key) for o in group):
                group.append(occ)
                break
        else:
            groups.append([occ])
    return sorted(groups, key=len, reverse=True)


class TerminologyCheck:
    """Recurring Chinese terms with inconsistent English renderings."""

    name = "terminology"

    def __init__(self, config: TerminologyConfig = TerminologyConfig()) -> None:
        self.config = config

    def run(self, pairs: Sequence[Pair], resources: CheckResources,
            config: CheckConfig) -> list[Finding]:
        findings = []
        for term, occurrences in collect_occurrences(pairs, resources, self.config).items():
            if len({o.link for o in occurrences}) < self.config.min_occurrences:
                continue
            groups = [g for g in _groups(occurrences)
                      if len(g) >= self.config.min_rendering_count]
            if len(groups) < 2:
                continue
            first = min((g[0] for g in groups), key=lambda o: o.link)
            shown = "; ".join(
                f'"{g[0].en_text}" (rows {", ".join(str(o.link + 1) for o in g)})'
                for g in groups[: self.config.max_renderings_shown])
            findings.append(Finding(
                category=self.name, severity=severity_for(self.config.score, config),
                score=self.config.score, link=first.link, en_evidence=first.en_text,
                zh_evidence=term,
                related=tuple(sorted({o.link for g in groups for o in g} - {first.link})),
                message=f"The Chinese term {term} is rendered in {len(groups)} ways: {shown}."))
        return findings


CHECK = TerminologyCheck()
