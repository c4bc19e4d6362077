"""Token-level corner costs (align_tokens) and their use in the second pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from bialign import align_tokens
from bialign.align import AlignConfig, align_texts
from bialign.align_dp import Bead, Side
from bialign.align_lexical import LexicalOverlap
from bialign.align_refine import (
    Candidates,
    RefineParams,
    bead_scores,
    candidate_corners,
    refine,
)
from bialign.align_tokens import (
    CornerCosts,
    PairTokens,
    corner_costs,
    node_band,
    token_encoding,
)
from tests.fakes import FakeEncoder
from tests.test_align import check_links
from tests.test_align_refine import FakeIndex

AXES = "abcdefgh"


def _rows(text: str) -> np.ndarray:
    """One token per letter a-h, each on its own axis (cosine 1 with itself, else 0);
    other characters have no token."""
    eye = np.eye(len(AXES), dtype=np.float32)
    return np.array([eye[AXES.index(ch)] for ch in text if ch in AXES]).reshape(-1, len(AXES))


def _fetch(sentences: Sequence[str]):  # type: ignore[no-untyped-def]
    return lambda a, b: [_rows(s) for s in sentences[a:b]]


def _costs(src: Sequence[str], tgt: Sequence[str], floor: float = 0.15) -> CornerCosts:
    n, m = len(src), len(tgt)
    lo, hi = np.zeros(n, dtype=np.int64), np.full(n, m, dtype=np.int64)  # full grid
    costs = corner_costs(_fetch(src), _fetch(tgt), lo, hi, m, floor)
    assert costs is not None
    return costs


def _cost(costs: CornerCosts, i: int, j: int) -> float:
    return float(costs.at(np.array([i]), np.array([j]))[0])


def test_a_boundary_both_sides_share_costs_nothing_and_a_shifted_one_a_match() -> None:
    # a | b against a | b: the token alignment a-a, b-b scores 2 * 0.85
    costs = _costs(["a", "b"], ["a", "b"])
    assert _cost(costs, 1, 1) == pytest.approx(0.0)
    assert _cost(costs, 0, 0) == _cost(costs, 2, 2) == pytest.approx(0.0)
    # breaking after source a but before target a loses the a-a match
    assert _cost(costs, 1, 0) == pytest.approx(0.85)
    assert _cost(costs, 1, 2) == pytest.approx(0.85)
    assert _cost(costs, 0, 1) == pytest.approx(0.85)


def test_a_sentence_the_other_side_splits_differently_has_a_costly_corner() -> None:
    # source "ab" | "c", target "a" | "bc": the break is inside both (a 2-2 bead)
    costs = _costs(["ab", "c"], ["a", "bc"])
    assert _cost(costs, 1, 1) == pytest.approx(0.85)  # b cannot match b
    assert _cost(costs, 0, 0) == _cost(costs, 2, 2) == pytest.approx(0.0)


def test_weak_matches_below_the_floor_are_not_worth_a_corner() -> None:
    src, tgt = ["a", "b"], ["a", "b"]
    rows = {"a": np.array([[1.0, 0.0]], dtype=np.float32),
            "b": np.array([[0.6, 0.8]], dtype=np.float32)}  # cos(a, b) = 0.6
    lo, hi = np.zeros(2, dtype=np.int64), np.full(2, 2, dtype=np.int64)
    fetch = lambda side: lambda a, b: [rows[t] for t in side[a:b]]  # noqa: E731
    costs = corner_costs(fetch(src), fetch(tgt), lo, hi, 2, floor=0.7)
    assert costs is not None
    # only a-a and b-b clear the floor (0.3 each); a-b (0.6) is not worth taking
    assert _cost(costs, 1, 1) == pytest.approx(0.0)
    assert _cost(costs, 1, 0) == pytest.approx(0.3)


def test_chunks_of_token_rows_give_the_same_costs(monkeypatch: pytest.MonkeyPatch) -> None:
    src = ["ab", "c", "d", "ef", "g", "h"]
    tgt = ["a", "bc", "de", "f", "gh"]
    whole = _costs(src, tgt)
    monkeypatch.setattr(align_tokens, "CHUNK", 2)
    chunked = _costs(src, tgt)
    assert np.allclose(whole.flat, chunked.flat)


def test_a_band_gives_the_costs_of_the_full_grid_inside_it() -> None:
    src, tgt = ["a", "b", "c", "d"], ["a", "b", "c", "d"]
    beads = [(k, k + 1, k, k + 1) for k in range(4)]
    i0, i1, j0, j1 = (np.array([b[x] for b in beads]) for x in range(4))
    lo, hi = node_band(i0, i1, j0, j1, 4, 4)
    assert lo.tolist() == [0, 0, 1, 2] and hi.tolist() == [3, 4, 4, 4]
    banded = corner_costs(_fetch(src), _fetch(tgt), lo, hi, 4, 0.15)
    assert banded is not None
    full = _costs(src, tgt)
    for i in range(5):
        assert _cost(banded, i, i) == pytest.approx(_cost(full, i, i)) == pytest.approx(0.0)
    assert _cost(banded, 2, 1) == pytest.approx(_cost(full, 2, 1)) == pytest.approx(0.85)


def test_no_token_rows_no_costs() -> None:
    lo, hi = np.zeros(1, dtype=np.int64), np.ones(1, dtype=np.int64)
    assert corner_costs(lambda a, b: None, _fetch(["a"]), lo, hi, 1, 0.15) is None


class TokenFake(FakeEncoder):
    """FakeEncoder plus ``encode_tokens``: letters a-h as tokens on their own axes."""

    def encode_tokens(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        return [(np.ones(len(_rows(t))), _rows(t)) for t in texts]


class Wrapper:
    def __init__(self, inner: object) -> None:
        self.inner = inner


def test_token_encoding_is_found_through_wrappers_and_absent_from_plain_encoders() -> None:
    fake = TokenFake()
    assert token_encoding(Wrapper(fake)) is not None
    assert token_encoding(FakeEncoder()) is None


def test_pair_tokens_windows_shift_the_sentence_numbers() -> None:
    tokens = PairTokens(TokenFake().encode_tokens, ["ab.", "c.", "d."], ["a.", "bc."])
    rows = tokens.window(1, 1).rows(0, 0, 2)
    assert rows is not None and [len(r) for r in rows] == [1, 1]
    target = tokens.window(1, 1).rows(1, 0, 1)
    assert target is not None and np.array_equal(target[0], _rows("bc"))


# Vectors that cannot place the middle: source 0 ~ target 0, source 1 ~ target 2,
# target 1 halfway between.  Tokens: source "ab" | "c", target "a" | "b" | "c":
# target 1 (b) renders the end of source 0, so the corner (1, 1) costs a match.
def _unit(rows: list[list[float]]) -> np.ndarray:
    vecs = np.array(rows, dtype=np.float32)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


SRC = Side(_unit([[1, 0], [0, 1]]), np.array([10.0, 10.0]))
TGT = Side(_unit([[1, 0], [1, 1], [0, 1]]), np.array([20 / 3] * 3))
WRONG = [Bead((0, 1), (0, 1), 1.0, 0.9), Bead((1, 2), (1, 3), 0.9, 0.5)]


def test_corner_costs_move_a_sentence_to_the_one_whose_tokens_it_renders() -> None:
    lex = LexicalOverlap(["x。", "y。"], ["x.", "y.", "z."], FakeIndex())
    tokens = PairTokens(TokenFake().encode_tokens, ["ab.", "c."], ["a.", "b.", "c."])
    params = RefineParams(w_cover=0.0, w_worst=0.0, w_boundary=1.0)
    out = refine(SRC, TGT, WRONG, lex, params, src_is_zh=True, tokens=tokens)
    assert [(b.src, b.tgt) for b in out] == [((0, 1), (0, 2)), ((1, 2), (2, 3))]
    # without token rows, or with a zero weight, the beads stay
    assert refine(SRC, TGT, WRONG, lex, params, src_is_zh=True) == WRONG
    assert refine(SRC, TGT, WRONG, lex, replace(params, w_boundary=0.0), src_is_zh=True,
                  tokens=tokens) == WRONG
    # tokens that agree with the first path keep it
    agree = PairTokens(TokenFake().encode_tokens, ["a.", "bc."], ["a.", "b.", "c."])
    assert refine(SRC, TGT, WRONG, lex, params, src_is_zh=True, tokens=agree) == WRONG


def test_an_encoder_without_token_rows_switches_the_corner_costs_off() -> None:
    zh, en = ["他走路。", "天很冷。", "河。"], ["He walks.", "It is cold.", "A river."]
    off = replace(AlignConfig(), token_boundary=0.0)
    assert (align_texts(zh, en, FakeEncoder(), dictionary=FakeIndex()).links
            == align_texts(zh, en, FakeEncoder(), config=off, dictionary=FakeIndex()).links)


def test_with_token_rows_every_sentence_is_still_linked_once() -> None:
    zh = ["他走路。", "天很冷。", "史密斯在河边。", "他走了。"]
    en = ["ab.", "c.", "de.", "f.", "gh."]
    alignment = align_texts(zh, en, TokenFake(), dictionary=FakeIndex())
    check_links(alignment.links, len(zh), len(en))


def test_a_sentence_that_is_a_paragraph_of_its_own_may_go_unmatched_for_free() -> None:
    # target 0 (a) renders the start of source 0: skipping it ends at a costly corner
    beads = [(0, 1, 0, 1), (0, 0, 0, 1), (0, 1, 0, 2), (1, 2, 2, 3)]  # 1-1, 0-1, 1-2, 1-1
    c = Candidates(*(np.array([b[k] for b in beads]) for k in range(4)))
    encode = TokenFake().encode_tokens
    inside = PairTokens(encode, ["ab.", "c."], ["a.", "b.", "c."])
    cost = candidate_corners(c, inside, 2, 3, 0.15)
    assert cost is not None
    assert cost.tolist() == pytest.approx([0.85, 0.85, 0.0, 0.0])
    # the same target sentence as a paragraph of its own (a title) skips at no cost
    alone = (np.zeros(2, dtype=bool), np.array([True, False, False]))
    titled = candidate_corners(c, PairTokens(encode, ["ab.", "c."], ["a.", "b.", "c."], alone),
                               2, 3, 0.15)
    assert titled is not None and titled.tolist() == pytest.approx([0.85, 0.0, 0.0, 0.0])
    view = PairTokens(encode, [], ["a.", "b."], (np.zeros(0, bool), np.array([True, False])))
    assert view.window(0, 1).alone(1, np.array([-1, 0, 5])).tolist() == [True, False, False]
    lex = LexicalOverlap(["x。", "y。"], ["x.", "y.", "z."], FakeIndex())
    params = RefineParams(w_cover=0.0, w_worst=0.0, skip=-0.3, w_boundary=1.0)
    plain = bead_scores(SRC, TGT, c, lex, replace(params, w_boundary=0.0), src_is_zh=True)
    scored = bead_scores(SRC, TGT, c, lex, params, src_is_zh=True, corners=titled)
    assert scored[0] == pytest.approx(plain[0] - 0.85)
    assert scored[1] == plain[1] == -0.3
