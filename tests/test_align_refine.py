"""The lexical second pass: CC-CEDICT word overlap and the refined bead chain."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.align import AlignConfig, align_texts
from bialign.align_dp import Bead, Side
from bialign.align_lexical import LexicalOverlap
from bialign.align_refine import (
    Candidates,
    RefineParams,
    bead_scores,
    candidates,
    chance_level,
    drop_chance_beads,
    quote_marks,
    refine,
)
from tests.fakes import FakeEncoder
from tests.test_align import check_links


class FakeIndex:
    """A three-word dictionary: English lemma -> Chinese renderings."""

    WORDS = {"walks": ["走路", "走"], "cold": ["冷"], "river": ["河"]}

    def words_for(self, english_word: str) -> list[str]:
        return self.WORDS.get(english_word.lower(), [])

    def is_english_word(self, word: str) -> bool:
        return word.lower() in self.WORDS


ZH = ["他走路。", "天很冷。", "史密斯和Smith在河边。"]
EN = ["He walks.", "It is cold.", "Smith sat by the river."]


def test_overlap_counts_words_found_in_the_chinese_text() -> None:
    lex = LexicalOverlap(ZH, EN, FakeIndex())
    assert lex.bead(0, 1, 0, 1) == (1.0, 1.0)  # walks -> 走路
    assert lex.bead(0, 1, 1, 2) == (0.0, 0.0)  # cold is not in 他走路
    assert lex.bead(0, 2, 0, 2) == (1.0, 1.0)  # a 2-2 bead covers both
    assert lex.bead(1, 2, 0, 2) == (0.5, 0.0)  # walks uncovered: worst sentence 0
    # an unknown capitalised word (a name) is looked for as written
    cover, worst = lex.bead(2, 3, 2, 3)  # Smith and river found, sat has no entry
    assert (cover, worst) == (2 / 3, 2 / 3)
    assert lex.sizes.tolist() == [1.0, 1.0, 3.0]


def test_a_window_shifts_indices_and_shares_the_cache() -> None:
    lex = LexicalOverlap(ZH, EN, FakeIndex())
    view = lex.window(1, 3, 1, 3)
    assert view.bead(0, 1, 0, 1) == lex.bead(1, 2, 1, 2) == (1.0, 1.0)
    assert view._masks is lex._masks


def _unit(rows: list[list[float]]) -> np.ndarray:
    vecs = np.array(rows, dtype=np.float32)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


# Chinese 0 ~ e1, Chinese 1 ~ e2; English 1 lies halfway, so only words can place it.
SRC = Side(_unit([[1, 0], [0, 1]]), np.array([10.0, 10.0]))
TGT = Side(_unit([[1, 0], [1, 1], [0, 1]]), np.array([20 / 3] * 3))
FIRST = [Bead((0, 1), (0, 1), 1.0, 0.9), Bead((1, 2), (1, 3), 0.9, 0.5)]
FIRST_WRONG = [Bead((0, 1), (0, 2), 0.9, 0.5), Bead((1, 2), (2, 3), 0.9, 0.5)]
ZH2 = ["他走路。", "天很冷。"]
EN2 = ["He walks.", "He walks on.", "It is cold."]


def test_word_overlap_moves_a_sentence_to_the_chinese_that_renders_it() -> None:
    lex = LexicalOverlap(ZH2, EN2, FakeIndex())
    out = refine(SRC, TGT, FIRST, lex, RefineParams(w_cover=1.0, w_worst=1.0), src_is_zh=True)
    assert [(b.src, b.tgt) for b in out] == [((0, 1), (0, 2)), ((1, 2), (2, 3))]
    assert out[0].confidence == 0.0  # a bead the first pass did not choose


def test_without_word_weights_the_first_pass_beads_stay() -> None:
    lex = LexicalOverlap(ZH2, ["x.", "y.", "z."], FakeIndex())
    out = refine(SRC, TGT, FIRST, lex, RefineParams(w_cover=1.0, w_worst=1.0), src_is_zh=True)
    assert out == FIRST


def test_bead_scores_add_words_and_give_one_sided_beads_the_skip_score() -> None:
    lex = LexicalOverlap(ZH2, EN2, FakeIndex())
    beads = [(0, 1, 0, 2), (0, 1, 0, 1), (1, 1, 2, 3)]  # 1-2 and 1-1 from Chinese 0, a 0-1
    c = Candidates(*(np.array([b[k] for b in beads]) for k in range(4)))
    plain = bead_scores(SRC, TGT, c, lex, RefineParams(w_cover=0.0, w_worst=0.0, skip=-0.3),
                        src_is_zh=True)
    words = bead_scores(SRC, TGT, c, lex, RefineParams(w_cover=1.0, w_worst=0.0, skip=-0.3),
                        src_is_zh=True)
    assert plain[2] == words[2] == -0.3
    # "walks" of both English sentences is rendered by 他走路: full cover, times the
    # length factor (10 Chinese vs 40/3 English characters for the 1-2 bead)
    assert words[0] - plain[0] == pytest.approx(np.log2(1 + 10 / (40 / 3)))
    assert words[1] - plain[1] == pytest.approx(np.log2(1 + (20 / 3) / 10))


def test_candidates_stay_near_the_path_and_cover_each_node_once() -> None:
    path = [Bead((k, k + 1), (k, k + 1), 1.0, 1.0) for k in range(20)]
    c = candidates(path, 20, 20, radius=1, max_bead=3)
    assert np.all(np.abs(c.i1 - c.j1) <= 3) and np.all(np.abs(c.i0 - c.j0) <= 3)
    keys = set(zip(c.i0.tolist(), c.i1.tolist(), c.j0.tolist(), c.j1.tolist(), strict=True))
    assert len(keys) == len(c.i0)
    assert (0, 1, 0, 1) in keys and (19, 20, 19, 20) in keys and (5, 6, 5, 5) in keys


def test_quote_marks_are_counted_but_apostrophes_are_not() -> None:
    en = quote_marks(["'I've won,' he said.", "'But the boy's—", "Go!'", "It's late."], zh=False)
    assert en.counts.tolist() == [0, 2, 3, 4, 4]
    assert en.closing.tolist() == [False, False, True, False]
    zh = quote_marks(["他说：“好。”", "「走」", "没有。"], zh=True)
    assert zh.counts.tolist() == [0, 2, 4, 4] and zh.closing.tolist() == [True, True, False]
    assert zh.window(1, 3).counts.tolist() == [2, 4, 4]


def test_a_quotation_split_on_one_side_only_is_penalised() -> None:
    # Chinese 0 holds a whole quotation that English spreads over sentences 0 and 1;
    # the vectors cannot tell where English 1 belongs, the quote marks can.
    zh = ["他说：“今天不走了，明天再走。”", "他走了。"]
    en = ["'Not today,", "tomorrow.'", "He left."]
    lex = LexicalOverlap(zh, en, FakeIndex())
    quotes = (quote_marks(zh, zh=True), quote_marks(en, zh=False))
    params = RefineParams(w_cover=0.0, w_worst=0.0, w_quotes=1.0, w_quote_end=0.0)
    out = refine(SRC, TGT, FIRST_WRONG, lex, params, src_is_zh=True, quotes=quotes)
    assert [(b.src, b.tgt) for b in out] == [((0, 1), (0, 2)), ((1, 2), (2, 3))]
    plain = refine(SRC, TGT, FIRST_WRONG, lex, replace(params, w_quotes=0.0), src_is_zh=True,
                   quotes=quotes)
    assert [(b.src, b.tgt) for b in plain] == [((0, 1), (0, 1)), ((1, 2), (1, 3))]
    # the closing quote of Chinese 0 and English 1 says the same
    ends = refine(SRC, TGT, FIRST_WRONG, lex, replace(params, w_quotes=0.0, w_quote_end=1.0),
                  src_is_zh=True, quotes=quotes)
    assert [(b.src, b.tgt) for b in ends] == [((0, 1), (0, 2)), ((1, 2), (2, 3))]


ZH_WORDS = ["猫", "狗", "鱼", "鸟", "树", "河", "书", "车", "门", "雨", "雪"]
zh_sentence = st.lists(st.sampled_from(ZH_WORDS), min_size=1, max_size=4).map(
    lambda w: "".join(w) + "。")


@settings(max_examples=30, deadline=None)
@given(st.lists(zh_sentence, min_size=1, max_size=10),
       st.lists(st.sampled_from(["The cat.", "A dog and a river.", "Rain, snow.", "Books!"]),
                min_size=1, max_size=10))
def test_second_pass_keeps_every_sentence_once_and_monotone(zh: list[str], en: list[str]
                                                            ) -> None:
    alignment = align_texts(zh, en, FakeEncoder(), dictionary=FakeIndex())
    check_links(alignment.links, len(zh), len(en))


def test_documents_without_encoded_spans_skip_the_second_pass() -> None:
    zh, en = ["他走路。", "天很冷。", "河。"], ["He walks.", "It is cold.", "A river."]
    fast = AlignConfig(encode_spans_up_to=0)
    off = replace(fast, lexical_cover=0.0, lexical_worst=0.0, quote_parity=0.0, quote_end=0.0)
    assert (align_texts(zh, en, FakeEncoder(), config=fast).links
            == align_texts(zh, en, FakeEncoder(), config=off).links)


def _unit(k: int, dim: int = 32) -> np.ndarray:
    v = np.zeros(dim, dtype=np.float32)
    v[k] = 1.0
    return v


def test_chance_beads_give_way_to_skips_and_the_neighbours_realign() -> None:
    """Source 0 (a title) has no counterpart; the first path linked it to target 0
    (cosine 0, chance level) and shifted sources 1-2 onto targets 0-1 by a 2-1."""
    src = Side(np.array([_unit(20)] + [_unit(k) for k in range(10)]), np.full(11, 10.0))
    tgt = Side(np.array([_unit(k) for k in range(10)]), np.full(10, 10.0))
    bad = [Bead((0, 1), (0, 1), 0.0, 1.0), Bead((1, 3), (1, 2), 0.5, 1.0)] + [
        Bead((k + 1, k + 2), (k, k + 1), 1.0, 1.0) for k in range(2, 10)]
    chance = chance_level(src, tgt, bad, 3)
    assert chance is not None and chance < 0.5
    fixed = drop_chance_beads(src, tgt, bad, chance, margin=0.75, skip=-0.1, radius=3,
                              max_bead=4)
    assert [(b.src, b.tgt) for b in fixed[:3]] == [((0, 1), (0, 0)), ((1, 2), (0, 1)),
                                                   ((2, 3), (1, 2))]


def test_a_path_without_chance_beads_is_kept() -> None:
    src = Side(np.array([_unit(k) for k in range(12)]), np.full(12, 10.0))
    path = [Bead((k, k + 1), (k, k + 1), 1.0, 1.0) for k in range(12)]
    chance = chance_level(src, src, path, 2)
    assert chance is not None
    assert drop_chance_beads(src, src, path, chance, margin=0.75, skip=-0.1, radius=2,
                             max_bead=4) == path


def test_no_chance_level_for_a_short_document() -> None:
    src = Side(np.array([_unit(0), _unit(1)]), np.full(2, 10.0))
    assert chance_level(src, src, [Bead((0, 2), (0, 2), 1.0, 1.0)], 1) is None
