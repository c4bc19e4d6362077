"""Divergence checks: one module per kind of difference in meaning.

Each check module defines a class satisfying ``Check`` and exposes an
instance as ``CHECK``.  ``CHECK_MODULES`` maps a category name to its
module; modules are imported on first use so that a check's resources load
only when it runs.  ``run_checks`` runs the enabled checks over the pairs and
returns their findings in document order.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from bialign.records import Finding, Pair, Severity

if TYPE_CHECKING:
    from bialign.checks.dictionary import Dictionary
    from bialign.encoders import Encoder


@dataclass(frozen=True)
class CheckConfig:
    """Options of the checks.  Thresholds are calibrated on development data
    (MAC-Dev, the MQM set, generated perturbations), never on the demo corpus."""

    enabled: tuple[str, ...] = (
        "omission", "number", "entity", "negation", "wrong_word",
        "untranslated", "terminology", "drift",
    )
    # A finding below this score is reported as "info" at most.
    min_warning_score: float = 0.5
    min_error_score: float = 0.8

    def signature(self) -> str:
        """The enabled checks; "-lm" when the wrong-word check runs without its
        English language model (pocketsphinx absent), which finds fewer slips."""
        from bialign.checks import english_lm

        lm = "wrong_word" in self.enabled and not english_lm.available()
        return "checks:" + "+".join(self.enabled) + ("-lm" if lm else "")


@dataclass
class CheckResources:
    """Shared, lazily built resources the checks may use.

    ``encoder`` may be None (e.g. in unit tests); a check that needs it must
    then skip quietly.  ``doc_similarities`` holds the similarities of all
    links of the document, so that a check can compare one link with the
    rest.
    """

    encoder: Encoder | None = None
    doc_similarities: Sequence[float] = ()
    _dictionary: Dictionary | None = field(default=None, repr=False)

    @property
    def dictionary(self) -> Dictionary:
        if self._dictionary is None:
            from bialign.checks.dictionary import load_dictionary

            self._dictionary = load_dictionary()
        return self._dictionary


def two_sided(pairs: Sequence[Pair]) -> Iterator[Pair]:
    """The pairs with text on both sides: an unmatched sentence (one empty
    side) is the omission check's alone."""
    return (pair for pair in pairs if pair.en.strip() and pair.zh.strip())


def severity_for(score: float, config: CheckConfig) -> Severity:
    """Map a calibrated score (0..1) to a severity with the config's cut-offs."""
    if score >= config.min_error_score:
        return "error"
    if score >= config.min_warning_score:
        return "warning"
    return "info"


class Check(Protocol):
    name: str  # the category of its findings

    def run(
        self, pairs: Sequence[Pair], resources: CheckResources, config: CheckConfig
    ) -> list[Finding]:
        """Return the findings of this check over all pairs."""
        ...


CHECK_MODULES: dict[str, str] = {
    "omission": "bialign.checks.omission",  # omission + addition (one module, both directions)
    "number": "bialign.checks.numbers",
    "entity": "bialign.checks.entities",
    "negation": "bialign.checks.negation",
    "wrong_word": "bialign.checks.wrong_word",
    "untranslated": "bialign.checks.untranslated",
    "terminology": "bialign.checks.terminology",
    "drift": "bialign.checks.drift",
}


def load_check(name: str) -> Check:
    module = importlib.import_module(CHECK_MODULES[name])
    check: Check = module.CHECK
    return check


def run_checks(
    pairs: Sequence[Pair],
    *,
    resources: CheckResources | None = None,
    config: CheckConfig = CheckConfig(),
) -> list[Finding]:
    """Run every enabled check; findings sorted by link, then severity."""
    resources = resources or CheckResources()
    findings: list[Finding] = []
    for name in config.enabled:
        findings.extend(load_check(name).run(pairs, resources, config))
    rank = {"error": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: (f.link, rank[f.severity], -f.score))
    # A check may see the same evidence more than once in a pair (a word
    # repeated); the reader needs it once, with its strongest score.
    unique = {(f.link, f.category, f.en_evidence, f.zh_evidence, f.suggestion): f
              for f in reversed(findings)}
    return sorted(unique.values(), key=lambda f: (f.link, rank[f.severity], -f.score))
