"""Clause alignment for the negation check, and the rules built on it (hand-made pairs)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.coverage import cover_pair
from bialign.checks.negation import CHECK
from bialign.checks.negation_align import negates_lexical_word
from bialign.checks.negation_clauses import clause_spans, locally_alone, rendering_text
from bialign.records import Pair

CONFIG = CheckConfig()


class NegationCountEncoder:
    """A fake encoder: each 不/没 or "not" moves a text ``step`` away from the
    rest, so taking a cue out gains a little cosine (step 0.1: about 0.005;
    0.3: about 0.04)."""

    name, version, dim = "fake-negation", "1", 2

    def __init__(self, step: float = 0.1) -> None:
        self.step = step

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for text in texts:
            count = sum(text.count(c) for c in "不没") + text.split().count("not")
            rows.append([1.0, self.step * count])
        vectors = np.asarray(rows)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def warnings(en: str, zh: str, resources: CheckResources | None = None) -> list[str]:
    findings = CHECK.run([Pair(0, en, zh)], resources or CheckResources(), CONFIG)
    return [f.zh_evidence for f in findings if f.severity != "info"]


def test_clause_spans_cut_at_punctuation() -> None:
    assert clause_spans("他来了，她走了。") == [(0, 3), (4, 7)]
    assert clause_spans("He came, she left.") == [(0, 7), (8, 17)]
    assert clause_spans("no break") == [(0, 8)]


def test_rendering_clause_and_local_negation() -> None:
    en, zh = "He did not come, and she was happy.", "他没有来，她很高兴。"
    cov = cover_pair(en, zh, CheckResources().dictionary)
    at = zh.index("高兴")
    assert rendering_text(cov, "zh", at, zh, en) == " and she was happy"
    # The English negation ("not", offset 7) lies in the first clause only.
    assert locally_alone(cov, "zh", at, zh, en, [7]) is True
    assert locally_alone(cov, "zh", zh.index("来"), zh, en, [7]) is False


@pytest.mark.parametrize(("zh", "cue", "end", "lexical"), [
    ("他不走了", "不", 2, True), ("我不知道", "不", 2, True), ("他不是好人", "不", 2, False),
    ("你不能去", "不", 2, False), ("他没有来", "没有", 3, False), ("他不会来", "不", 2, False),
])
def test_negates_lexical_word(zh: str, cue: str, end: int, lexical: bool) -> None:
    assert negates_lexical_word(zh, cue, end) is lexical


def test_stay_renders_a_negated_leave() -> None:
    assert warnings("He stayed in the village.", "他不离开村子。") == []
    assert warnings("He left the village.", "他不离开村子。") == ["不离开"]


def test_always_against_a_chinese_negation() -> None:
    en, zh = "He always comes late to the meeting.", "他开会从不迟到。"
    assert warnings(en, zh) == ["从不迟到"]
    assert [d.reason for d in CHECK.decide(Pair(0, en, zh), CheckResources())] == [
        'its clause is rendered with "always" and no negation']
    assert warnings("He never comes late to the meeting.", zh) == []


def test_lexical_cue_needs_the_encoder() -> None:
    resources = CheckResources(encoder=NegationCountEncoder())  # type: ignore[arg-type]
    # 不 before a modal or copula: the dictionary's "contradicted" is enough.
    assert warnings("He is a good man.", "他不是个好人。", resources) == ["不是个好人"]
    # 不 before a lexical verb: a gain this small does not confirm it.
    assert warnings("He left the village.", "他不离开村子。", resources) == []


def test_clause_rendered_without_negation() -> None:
    resources = CheckResources(encoder=NegationCountEncoder(step=0.3))  # type: ignore[arg-type]
    zh = "他拒绝来，她不会高兴。"
    # "refused" renders 拒绝; the clause 她不会高兴 is rendered with no negation.
    en = "He refused to come, and she will be happy."
    assert warnings(en, zh, resources) == ["不会高兴"]
    assert [d.reason for d in CHECK.decide(Pair(0, en, zh), resources)] == [
        "contradicted, its clause rendered without negation"]
    # One English clause holds both: the negation may have moved within it.
    assert warnings("She will be happy that he refused to come.", zh, resources) == []
