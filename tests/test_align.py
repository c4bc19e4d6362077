"""The aligner: hand-computed DP cases, invariants, and the real encoder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.align import AlignConfig, align_sentences, align_texts, align_vectors, bead_types
from bialign.align_dp import Side, band_around
from bialign.records import Link, Sentence
from tests.fakes import FakeEncoder

DIM = 16
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "consensus-2020"


def concept(*ids: int) -> np.ndarray:
    """Unit vector mixing orthogonal 'concepts': a merge of sentences is a mix."""
    v = np.zeros(DIM, dtype=np.float32)
    v[list(ids)] = 1.0
    return v / np.linalg.norm(v)


def side(*vectors: np.ndarray, lengths: list[float] | None = None) -> Side:
    vecs = np.array(vectors, dtype=np.float32)
    return Side(vecs, np.array(lengths or [10.0] * len(vecs)))


def beads_of(src: Side, tgt: Side, config: AlignConfig = AlignConfig()) -> list[str]:
    return [f"{list(range(*b.src))}:{list(range(*b.tgt))}"
            for b in align_vectors(src, tgt, config)]


CASES = {
    "2-1 merge": (
        side(concept(0), concept(1), concept(2), concept(3), lengths=[10, 10, 20, 20]),
        side(concept(0, 1), concept(2), concept(3), lengths=[20, 20, 20]),
        ["[0, 1]:[0]", "[2]:[1]", "[3]:[2]"],
    ),
    "1-0 deletion at the start": (
        side(concept(9), concept(0), concept(1), concept(2)),
        side(concept(0), concept(1), concept(2)),
        ["[0]:[]", "[1]:[0]", "[2]:[1]", "[3]:[2]"],
    ),
    "1-0 deletion at the end": (
        side(concept(0), concept(1), concept(2), concept(9)),
        side(concept(0), concept(1), concept(2)),
        ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[]"],
    ),
    "two deletions in a row": (
        side(concept(0), concept(8), concept(9), concept(1), concept(2)),
        side(concept(0), concept(1), concept(2)),
        ["[0]:[0]", "[1]:[]", "[2]:[]", "[3]:[1]", "[4]:[2]"],
    ),
    "0-1 insertion in the middle": (
        side(concept(0), concept(1), concept(2)),
        side(concept(0), concept(7), concept(1), concept(2)),
        ["[0]:[0]", "[]:[1]", "[1]:[2]", "[2]:[3]"],
    ),
    "1-3 split": (
        side(concept(0), concept(1, 2, 3), concept(4), lengths=[10, 30, 10]),
        side(concept(0), concept(1), concept(2), concept(3), concept(4)),
        ["[0]:[0]", "[1]:[1, 2, 3]", "[2]:[4]"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hand_computed_alignments(name: str) -> None:
    src, tgt, expected = CASES[name]
    assert beads_of(src, tgt) == expected


def test_empty_side_gives_one_sided_links() -> None:
    src = side(concept(0), concept(1))
    empty = Side(np.zeros((0, DIM), np.float32), np.zeros(0))
    assert beads_of(src, empty) == ["[0]:[]", "[1]:[]"]
    assert beads_of(empty, src) == ["[]:[0]", "[]:[1]"]


def test_bead_types_respect_the_size_limit() -> None:
    assert bead_types(3) == ((1, 1), (1, 2), (2, 1))
    assert (1, 5) in bead_types(6) and (3, 3) in bead_types(6) and (3, 4) not in bead_types(6)


def test_band_is_monotone_connected_and_spans_the_grid() -> None:
    lo, hi = band_around([(0, 0), (1, 1), (1, 3), (3, 4)], 3, 4, 1)
    assert lo.tolist() == [0, 0, 2, 2] and hi.tolist() == [2, 4, 4, 4]


def check_links(links: tuple[Link, ...], n: int, m: int) -> None:
    next_src = next_tgt = 0
    for link in links:
        assert link.en or link.zh
        assert list(link.en) == list(range(next_src, next_src + len(link.en)))
        assert list(link.zh) == list(range(next_tgt, next_tgt + len(link.zh)))
        assert 0.0 <= link.confidence <= 1.0
        assert -1.0 - 1e-6 <= link.score <= 1.0 + 1e-6
        next_src += len(link.en)
        next_tgt += len(link.zh)
    assert (next_src, next_tgt) == (n, m)


WORDS = ["cat", "dog", "fish", "bird", "tree", "river", "book", "car", "door", "rain", "snow"]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(sentence, max_size=12), st.lists(sentence, max_size=12))
def test_every_sentence_once_and_monotone(src: list[str], tgt: list[str]) -> None:
    alignment = align_texts(src, tgt, FakeEncoder())
    check_links(alignment.links, len(src), len(tgt))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 40), st.integers(0, 10_000))
def test_identical_inputs_give_the_diagonal(n: int, seed: int) -> None:
    vecs = np.random.default_rng(seed).standard_normal((n, 64)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    lengths = np.random.default_rng(seed + 1).integers(5, 80, n).astype(float)
    beads = align_vectors(Side(vecs, lengths), Side(vecs.copy(), lengths.copy()), AlignConfig())
    assert [(b.src, b.tgt) for b in beads] == [((k, k + 1), (k, k + 1)) for k in range(n)]


def test_long_input_takes_the_coarse_path_and_stays_on_the_diagonal() -> None:
    rng = np.random.default_rng(7)
    n = 1500
    vecs = rng.standard_normal((n, 32)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    config = AlignConfig(full_grid_cells=10_000, coarse_blocks=100)
    beads = align_vectors(Side(vecs, np.full(n, 20.0)), Side(vecs.copy(), np.full(n, 20.0)),
                          config)
    assert sum(b.src == b.tgt for b in beads) == n


def test_paragraphs_are_aligned_first() -> None:
    en = [Sentence(0, "The cat sleeps.", 0), Sentence(1, "The dog runs.", 0),
          Sentence(2, "Rain and snow.", 1), Sentence(3, "A red flower.", 2)]
    zh = [Sentence(0, "猫睡。", 0), Sentence(1, "狗跑。", 0), Sentence(2, "雨雪。", 1),
          Sentence(3, "红花。", 2)]
    links = align_sentences(en, zh, FakeEncoder()).links
    assert [(link.en, link.zh) for link in links] == [((k,), (k,)) for k in range(4)]


def test_signature_names_the_weights() -> None:
    signature = AlignConfig().signature()
    assert signature.startswith("align:v1,") and "margin=0.75" in signature


def test_similarity_map_bins_cover_both_documents() -> None:
    alignment = align_texts(["cat", "dog", "fish"], ["猫", "狗"], FakeEncoder())
    sim_map = alignment.similarity_map
    assert sim_map is not None
    assert sim_map.en_edges[0] == 0 and sim_map.en_edges[-1] == 3
    assert sim_map.zh_edges[-1] == 2 and len(sim_map.cells) == len(sim_map.en_edges) - 1


def _corpus_sentences(lang: str, corpus: Path = CORPUS) -> list[Sentence]:
    """One non-blank line = one paragraph, split into sentences by the project segmenter."""
    from bialign.segment import split_sentences

    lines = (corpus / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    out: list[Sentence] = []
    for number, line in enumerate(lines):
        if line.strip():
            for text in split_sentences(line, lang):  # type: ignore[arg-type]
                out.append(Sentence(len(out), text, number))
    return out


@pytest.fixture(scope="session")
def use_encoder() -> object:
    from bialign.encoders import load_encoder

    return load_encoder("use")


@pytest.mark.slow
def test_real_encoder_on_a_demo_paragraph(use_encoder: object) -> None:
    en = ["We recognize that the digital economy is a key driver of growth.",
          "Both sides agree that data flows should be governed by clear principles.",
          "Cooperation on standards benefits consumers in both countries."]
    zh = ["我们认识到数字经济是增长的关键动力。", "双方同意，数据流动应遵循明确的原则。",
          "在标准方面的合作使两国消费者受益。"]
    links = align_texts(en, zh, use_encoder).links  # type: ignore[arg-type]
    assert [(link.en, link.zh) for link in links] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert all(link.score > 0.3 for link in links)


@pytest.mark.slow
def test_demo_corpus_paragraph_links_match_line_numbers(use_encoder: object) -> None:
    en, zh = _corpus_sentences("en"), _corpus_sentences("zh")
    links = align_sentences(en, zh, use_encoder).links  # type: ignore[arg-type]
    check_links(links, len(en), len(zh))
    for link in links:
        en_lines = {en[k].paragraph for k in link.en}
        zh_lines = {zh[k].paragraph for k in link.zh}
        assert not en_lines or not zh_lines or en_lines == zh_lines, link


def _pairs(links: Sequence[Link], count: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.en, link.zh) for link in links[:count]]


ANIMALS = [
    ("The cat sleeps under the tree.", "猫在树下睡。"),
    ("The dog runs to the river.", "狗跑到河。"),
    ("A red flower in the rain.", "红花在雨中。"),
    ("The old bird sees the mountain.", "老鸟看山。"),
    ("A big car at the door.", "大车在门口。"),
    ("The new book on the tree.", "新书在树上。"),
    ("Fish eat in the river.", "鱼在河里吃。"),
    ("Snow and wind in the city.", "城里雪和风。"),
    ("The small cat runs.", "小猫跑。"),
    ("The old dog sleeps in the car.", "老狗在车里睡。"),
]


def _one_paragraph_each(texts: Sequence[str]) -> list[Sentence]:
    return [Sentence(k, text, k) for k, text in enumerate(texts)]


@pytest.mark.parametrize("null", [True, False])
def test_title_block_and_caption_without_counterpart_stay_unmatched(null: bool) -> None:
    """An English title block (4 paragraphs) and a Chinese caption after the first
    paragraph: without the document-level null the paragraph pass shifted the
    first paragraphs onto them (the Shanghai Communique's first page, in small)."""
    titles = ["Joint communique", "February 28, 1972", "Shanghai, city",
              "Communique of the cat and the dog"]
    en = _one_paragraph_each(titles + [e for e, _ in ANIMALS])
    zh = _one_paragraph_each([ANIMALS[0][1], "一九七二年，毛泽东会见猫。"]
                             + [z for _, z in ANIMALS[1:]])
    config = AlignConfig() if null else AlignConfig(null_distance=0)
    links = align_sentences(en, zh, FakeEncoder(), config=config).links
    check_links(links, len(en), len(zh))
    right = [((0,), ()), ((1,), ()), ((2,), ()), ((3,), ()), ((4,), (0,)), ((), (1,)),
             ((5,), (2,))]
    assert (_pairs(links, 7) == right) is null


SHANGHAI = CORPUS.parent / "shanghai-communique"
UDHR = CORPUS.parent / "udhr"


@pytest.mark.slow
@pytest.mark.parametrize("null", [True, False])
def test_shanghai_title_block_and_caption_are_left_unmatched(use_encoder: object,
                                                             null: bool) -> None:
    """English title block (4 lines) and a Chinese photo caption have no counterpart;
    without the document-level null they were linked to the first paragraphs."""
    en, zh = _corpus_sentences("en", SHANGHAI), _corpus_sentences("zh", SHANGHAI)
    config = AlignConfig() if null else AlignConfig(null_distance=0)
    links = align_sentences(en, zh, use_encoder, config=config).links  # type: ignore[arg-type]
    check_links(links, len(en), len(zh))
    right = [((0,), ()), ((1,), ()), ((2,), ()), ((3,), ()), ((4,), (0,)), ((5,), (1,)),
             ((), (2,)), ((6,), (3,))]
    assert (_pairs(links, 8) == right) is null


@pytest.mark.slow
def test_udhr_preamble_fragments_join_the_sentence_they_begin(use_encoder: object) -> None:
    """"Now, therefore," / "The General Assembly" / "Proclaims ..." are three English
    paragraphs but one Chinese sentence: one 3-1 link, nothing unmatched."""
    en, zh = _corpus_sentences("en", UDHR), _corpus_sentences("zh", UDHR)
    links = align_sentences(en, zh, use_encoder).links  # type: ignore[arg-type]
    start = next(k for k, s in enumerate(en) if s.text.startswith("Now, therefore"))
    link = next(link for link in links if start in link.en)
    assert link.en == (start, start + 1, start + 2) and len(link.zh) == 1
