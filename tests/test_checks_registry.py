"""run_checks: every registered check loads, findings come back in order, once."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

import bialign.checks as checks
from bialign.checks import CHECK_MODULES, CheckConfig, CheckResources, load_check, run_checks
from bialign.records import Finding, Pair


@pytest.mark.parametrize("name", sorted(CHECK_MODULES))
def test_every_registered_check_loads_under_its_name(name: str) -> None:
    assert load_check(name).name == name


class Repeating:
    name = "twice"

    def run(self, pairs: Sequence[Pair], resources: CheckResources,
            config: CheckConfig) -> list[Finding]:
        weak = Finding("twice", "info", 0.3, 1, "m", en_evidence="a", zh_evidence="甲")
        strong = Finding("twice", "warning", 0.6, 1, "m", en_evidence="a", zh_evidence="甲")
        other = Finding("twice", "error", 0.9, 0, "m", en_evidence="b")
        return [weak, strong, weak, other]


def test_run_checks_orders_by_link_and_drops_repeated_evidence(monkeypatch) -> None:
    monkeypatch.setitem(CHECK_MODULES, "twice", "unused")
    monkeypatch.setattr(checks, "load_check", lambda name: Repeating())
    found = run_checks([Pair(0, "b", "乙"), Pair(1, "a", "甲")],
                       config=CheckConfig(enabled=("twice",)))
    assert [(f.link, f.severity) for f in found] == [(0, "error"), (1, "warning")]


def test_signature_records_a_missing_language_model(monkeypatch: pytest.MonkeyPatch) -> None:
    from bialign.checks import CheckConfig, english_lm

    assert CheckConfig().signature().endswith("drift")
    monkeypatch.setattr(english_lm, "available", lambda: False)
    assert CheckConfig().signature().endswith("drift-lm")
    assert CheckConfig(enabled=("number",)).signature() == "checks:number"
