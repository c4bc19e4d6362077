"""Sentences x embeddings -> links: the aligner.  numpy only, no I/O.

``align_texts`` aligns two presegmented texts; ``align_sentences`` first
aligns paragraphs (n-m paragraph beads, so extraction may split or merge
them), then sentences inside each aligned paragraph group.  A paragraph bead
no more similar than chance for the document (``align_refine.chance_level``)
gives way to unmatched paragraphs (title blocks, captions); an unmatched
paragraph ending in a comma or colon joins the next group.

Each alignment runs in up to four passes, all linear in document length:

1. coarse (only for long texts): blocks of consecutive sentences, averaged,
   aligned 1-1/1-2/2-1 over the whole block grid;
2. 1-1 sentence pass in a band around the coarse path (or the full grid for
   short texts), which finds the neighbourhood of the true path;
3. m-n bead pass (up to ``max_bead`` sentences per bead) in a narrow band of
   ``band`` sentences around the 1-1 path; see ``align_dp`` for the score.
   Short documents (``encode_spans_up_to``) re-encode the joined text of each
   candidate span, as Bertalign does (+0.03 exact F1 on MAC-Dev); long ones
   use the normalised sum of sentence vectors, which needs no extra encoding.
4. for Chinese-English documents with encoded spans, ``align_refine`` re-runs
   the bead choice within ``refine_radius`` of that path with CC-CEDICT word
   overlap, quote-mark agreement and (with USE) token-level corner costs
   (``align_tokens``) added to the score (the first pass's errors are
   granularity choices beside the true path).

``Link.score`` is the cosine of the two spans' summed sentence embeddings (0
for one-sided links).  ``Link.confidence`` is ``1 - exp(-gap / scale)``, where
``gap`` is how much the DP score at the link's end node exceeds the best
alternative way of reaching that node (0: a coin toss, near 1: clear).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from bialign.align_dp import Bead, DPParams, Side, band_around
from bialign.align_dp_fast import run_dp
from bialign.align_lexical import LexicalOverlap, WordIndex
from bialign.align_refine import (
    QuoteMarks,
    RefineParams,
    chance_level,
    drop_chance_beads,
    quote_marks,
    refine,
)
from bialign.align_tokens import PairTokens, token_encoding
from bialign.checks.dictionary import load_dictionary
from bialign.encoders import Encoder, span_encoding
from bialign.errors import DictionaryError
from bialign.records import Alignment, Link, Sentence, SimilarityMap

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AlignConfig:
    """Weights and limits of the aligner; ``signature()`` records them."""

    max_bead: int = 6  # most sentences in one bead, both sides together (1-5, 2-4, 3-3)
    margin: float = 0.75  # weight of the similarity to the sentences just outside a bead
    skip: float = -0.1  # score of a 1-0 or 0-1 bead
    coverage: float = 0.0  # weight of the worst-explained sentence of a bead
    summed_weight: float = 0.0  # with encoded spans, weight of the summed-sentence cosine
    size_bonus: float = 0.0  # added per extra sentence in a bead (negative: prefer splits)
    size_power: float = 0.0  # a bead's score times ((a + b) / 2) ** size_power
    band: int = 5  # half-width (target sentences) of the m-n pass around the 1-1 path
    full_grid_cells: int = 1_000_000  # above n*m this size, a coarse pass runs first
    coarse_blocks: int = 600  # blocks per side in the coarse pass
    use_paragraphs: bool = True  # align paragraphs first when both sides have several
    paragraph_max_bead: int = 4
    paragraph_skip: float = -0.1
    confidence_scale: float = 0.1
    map_bins: int = 60  # rows/columns of the similarity map
    # Encode the joined text of every candidate span (as Bertalign does) when the two
    # sides together have at most this many sentences; above it, a span's vector is
    # the normalised sum of its sentence vectors (no extra encoding: linear and fast).
    encode_spans_up_to: int = 4_000
    # Second pass (align_refine) for Chinese-English documents with encoded spans,
    # within ``refine_radius`` of the first path: CC-CEDICT word overlap added to the
    # bead score, and penalties for a bead whose sides differ in quote-mark parity or
    # in ending with a closing quote.  Weights: the best point of a grid on MAC-Dev;
    # bench/bench_mac.py --cv reports them on held-out chapters.  All 0: pass off.
    lexical_cover: float = 0.1
    lexical_worst: float = 0.05
    quote_parity: float = 0.05
    quote_end: float = 0.05
    refine_radius: int = 2
    # In the same pass, with an encoder that gives token rows (USE): minus this
    # weight times the corner cost of each bead's end node (``align_tokens``: what
    # a token-by-token alignment scoring cosine - ``token_floor`` a pair loses when
    # forced to break there).  0.15 / 0.15: the middle of a plateau on MAC-Dev
    # (weight 0.1-0.18 with floor 0.1-0.15: exact F1 0.934-0.939; floor 0.2 is
    # worse); bench/bench_mac.py --cv picks 0.15-0.2 / 0.1-0.15 held out.  0: off.
    token_boundary: float = 0.15
    token_floor: float = 0.15
    # Document-level null: a two-sided bead whose cosine is no better than chance
    # for this document (``align_refine.chance_level``: pairs more than
    # ``null_distance`` units off the path) loses to skips; the beads within
    # ``null_radius`` of it are re-chosen.  0: off.  Applied to the paragraph pass.
    # Not fitted (MAC-Dev has no paragraphs): null_distance = paragraph_max_bead, so
    # no pair inside any possible bead of the path counts as chance; the 0.95
    # quantile is pipeline.linked_share's.  Pinned by tests/test_align.py (title
    # block and caption: synthetic and the Shanghai Communique).
    null_distance: int = 4
    null_radius: int = 3
    # Paragraphs left unmatched that end in a comma or colon join the next paragraph
    # group, so the sentence pass may merge them ("Now, therefore," in the UDHR).
    attach_unmatched: bool = True

    def signature(self) -> str:
        parts = [f"maxbead={self.max_bead}", f"margin={self.margin:g}", f"skip={self.skip:g}",
                 f"band={self.band}"]
        if self.coverage:
            parts.append(f"cov={self.coverage:g}")
        if self.summed_weight:
            parts.append(f"summed={self.summed_weight:g}")
        if self.size_power:
            parts.append(f"sizepow={self.size_power:g}")
        if self.size_bonus:
            parts.append(f"size={self.size_bonus:g}")
        if self.use_paragraphs:
            parts.append(f"para={self.paragraph_max_bead}")
        if self.lexical_cover or self.lexical_worst or self.quote_parity or self.quote_end:
            parts.append(f"lex={self.lexical_cover:g}/{self.lexical_worst:g}"
                         f"/q{self.quote_parity:g}/{self.quote_end:g}@r{self.refine_radius}")
        if self.token_boundary:
            parts.append(f"corner={self.token_boundary:g}/{self.token_floor:g}")
        if self.null_distance:
            parts.append(f"null={self.null_distance}@r{self.null_radius}")
        if self.attach_unmatched:
            parts.append("attach")
        parts.append(f"spans<={self.encode_spans_up_to}")
        return "align:v1," + ",".join(parts)


def bead_types(max_bead: int) -> tuple[tuple[int, int], ...]:
    """Two-sided bead shapes (a, b) with a + b <= max_bead."""
    return tuple((a, b) for a in range(1, max_bead) for b in range(1, max_bead)
                 if a + b <= max_bead)


def _is_cjk(texts: Sequence[str]) -> bool:
    sample = "".join(texts[:200])
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    return cjk > 0.3 * max(1, len(sample.replace(" ", "")))


def _lengths(texts: Sequence[str]) -> np.ndarray:
    return np.array([max(len(t.strip()), 1) for t in texts], dtype=np.float64)


def _params(config: AlignConfig, types: tuple[tuple[int, int], ...], skip: float) -> DPParams:
    return DPParams(types=types, skip=skip, margin=config.margin, coverage=config.coverage,
                    size_bonus=config.size_bonus, confidence_scale=config.confidence_scale,
                    summed_weight=config.summed_weight, size_power=config.size_power)


def _blocks(side: Side, size: int) -> Side:
    """Average consecutive sentences in blocks of ``size`` (the coarse grid)."""
    n = len(side.vecs)
    starts = np.arange(0, n, size)
    sums = np.add.reduceat(side.vecs.astype(np.float64), starts, axis=0)
    sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    return Side(sums.astype(np.float32), np.add.reduceat(side.lengths, starts))


def _nodes(beads: Sequence[Bead], scale_src: int = 1, scale_tgt: int = 1,
           n: int | None = None, m: int | None = None) -> list[tuple[int, int]]:
    nodes = [(0, 0)]
    for bead in beads:
        i, j = bead.src[1] * scale_src, bead.tgt[1] * scale_tgt
        nodes.append((min(i, n) if n is not None else i, min(j, m) if m is not None else j))
    return nodes


def _first_pass_band(src: Side, tgt: Side, config: AlignConfig, skip: float
                     ) -> tuple[np.ndarray, np.ndarray] | None:
    """Band for the 1-1 pass: the full grid, or around the coarse block path."""
    n, m = len(src.vecs), len(tgt.vecs)
    if n * m <= config.full_grid_cells:
        return None
    fs, ft = math.ceil(n / config.coarse_blocks), math.ceil(m / config.coarse_blocks)
    coarse = run_dp(_blocks(src, fs), _blocks(tgt, ft),
                    _params(config, ((1, 1), (1, 2), (2, 1)), skip))
    return band_around(_nodes(coarse, fs, ft, n, m), n, m, 2 * max(fs, ft))


def align_vectors(src: Side, tgt: Side, config: AlignConfig, *,
                  max_bead: int | None = None, skip: float | None = None) -> list[Bead]:
    """Align two sides given as vectors and ratio-scaled lengths (three passes)."""
    n, m = len(src.vecs), len(tgt.vecs)
    skip = config.skip if skip is None else skip
    if n == 0 or m == 0:
        return ([Bead((i, i + 1), (0, 0), 0.0, 1.0) for i in range(n)]
                + [Bead((n, n), (j, j + 1), 0.0, 1.0) for j in range(m)])
    # The DP's matrix products are small: BLAS threads would only spin.
    with threadpool_limits(limits=1, user_api="blas"):
        first = run_dp(src, tgt, _params(config, ((1, 1),), skip),
                       _first_pass_band(src, tgt, config, skip))
        band = band_around(_nodes(first), n, m, config.band)
        return run_dp(src, tgt, _params(config, bead_types(max_bead or config.max_bead), skip),
                      band)


def _sides(src_texts: Sequence[str], tgt_texts: Sequence[str], encoder: Encoder,
           config: AlignConfig) -> tuple[Side, Side]:
    """Encode both sides; target lengths scaled by the document's length ratio."""
    src_len, tgt_len = _lengths(src_texts), _lengths(tgt_texts)
    ratio = (tgt_len.sum() / src_len.sum()) if len(src_len) and len(tgt_len) else 1.0
    longest = (max(config.max_bead - 1, 1)
               if len(src_texts) + len(tgt_texts) <= config.encode_spans_up_to else 0)
    src_vecs, src_spans = _encode_side(src_texts, longest, encoder)
    tgt_vecs, tgt_spans = _encode_side(tgt_texts, longest, encoder)
    return Side(src_vecs, src_len, src_spans), Side(tgt_vecs, tgt_len / ratio, tgt_spans)


def _encode_side(texts: Sequence[str], longest: int, encoder: Encoder
                 ) -> tuple[np.ndarray, np.ndarray | None]:
    """The sentences' unit vectors, and with ``longest`` > 0 the (longest, n+1, d)
    unit vectors of the joined text of sentences e-b..e-1 at [b-1, e].

    Spans come from the encoder's own span method where it has one (USE: one
    pass over the sentences, ``encoders/use_spans.py``), else by encoding each
    joined text.
    """
    if not longest:
        return _unit(encoder.encode(list(texts)), encoder.dim), None
    joiner = "" if _is_cjk(texts) else " "
    own = span_encoding(encoder)
    spans = own(texts, longest, joiner) if own is not None and texts else None
    if spans is not None:
        spans = np.asarray(spans, dtype=np.float32)
        return spans[0, 1:], spans
    vecs = _unit(encoder.encode(list(texts)), encoder.dim)
    n, dim = vecs.shape
    out = np.zeros((longest, n + 1, dim), dtype=np.float32)
    out[0, 1:] = vecs
    jobs = [(b, e) for b in range(2, longest + 1) for e in range(b, n + 1)]
    if jobs:
        joined = [joiner.join(t.strip() for t in texts[e - b : e]) for b, e in jobs]
        encoded = _unit(encoder.encode(joined), encoder.dim)
        for (b, e), vec in zip(jobs, encoded, strict=True):
            out[b - 1, e] = vec
    return vecs, out


def _unit(vecs: np.ndarray, dim: int) -> np.ndarray:
    vecs = np.asarray(vecs, dtype=np.float32).reshape(-1, dim)
    return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)


def _links(beads: Sequence[Bead], src_offset: int = 0, tgt_offset: int = 0) -> list[Link]:
    return [Link(en=tuple(range(b.src[0] + src_offset, b.src[1] + src_offset)),
                 zh=tuple(range(b.tgt[0] + tgt_offset, b.tgt[1] + tgt_offset)),
                 score=round(b.cosine, 6), confidence=round(b.confidence, 6)) for b in beads]


def similarity_map(src: np.ndarray, tgt: np.ndarray, bins: int) -> SimilarityMap:
    """Cosines of the mean embeddings of up to ``bins`` x ``bins`` sentence bins."""
    def edges(n: int) -> tuple[int, ...]:
        return tuple(sorted({int(round(x)) for x in np.linspace(0, n, min(bins, n) + 1)}))

    def means(vecs: np.ndarray, e: tuple[int, ...]) -> np.ndarray:
        out = np.array([vecs[a:b].sum(axis=0) for a, b in zip(e, e[1:], strict=False)])
        return np.asarray(out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12))

    if not len(src) or not len(tgt):
        return SimilarityMap(en_edges=(0,), zh_edges=(0,), cells=())
    es, et = edges(len(src)), edges(len(tgt))
    cells = means(src, es) @ means(tgt, et).T
    return SimilarityMap(es, et, tuple(tuple(round(float(c), 4) for c in r) for r in cells))


def align_texts(src: Sequence[str], tgt: Sequence[str], encoder: Encoder, *,
                config: AlignConfig = AlignConfig(),
                dictionary: WordIndex | None = None) -> Alignment:
    """Align presegmented texts; ``Link.en`` holds ``src`` indices, ``Link.zh`` ``tgt``.

    ``dictionary`` (CC-CEDICT) feeds the lexical second pass; loaded when needed.
    """
    s, t = _sides(src, tgt, encoder, config)
    beads = align_vectors(s, t, config)
    lexical = _lexical_pass(src, tgt, s, t, config, dictionary, encoder)
    links = _links(lexical(beads, 0, len(src), 0, len(tgt)) if lexical is not None else beads)
    return Alignment(tuple(links), similarity_map(s.vecs, t.vecs, config.map_bins))


def _paragraph_runs(sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """Half-open sentence ranges of consecutive sentences sharing a paragraph."""
    runs: list[tuple[int, int]] = []
    for k, sentence in enumerate(sentences):
        if runs and sentences[runs[-1][0]].paragraph == sentence.paragraph:
            runs[-1] = (runs[-1][0], k + 1)
        else:
            runs.append((k, k + 1))
    return runs


def _group(side: Side, runs: Sequence[tuple[int, int]]) -> Side:
    starts = np.array([a for a, _ in runs])
    sums = np.add.reduceat(side.vecs.astype(np.float64), starts, axis=0)
    sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    return Side(sums.astype(np.float32), np.add.reduceat(side.lengths, starts))


def _slice(side: Side, a: int, b: int) -> Side:
    spans = None if side.spans is None else side.spans[:, a : b + 1]
    return Side(side.vecs[a:b], side.lengths[a:b], spans)


def align_sentences(en: Sequence[Sentence], zh: Sequence[Sentence], encoder: Encoder, *,
                    config: AlignConfig = AlignConfig(),
                    dictionary: WordIndex | None = None) -> Alignment:
    """Align segmented documents, paragraphs first (``Sentence.paragraph``)."""
    en_texts, zh_texts = [x.text for x in en], [x.text for x in zh]
    s, t = _sides(en_texts, zh_texts, encoder, config)
    en_runs, zh_runs = _paragraph_runs(en), _paragraph_runs(zh)
    lexical = _lexical_pass(en_texts, zh_texts, s, t, config, dictionary, encoder,
                            (_alone(en_runs, len(en)), _alone(zh_runs, len(zh))))
    if not (config.use_paragraphs and len(en_runs) > 1 and len(zh_runs) > 1):
        beads = align_vectors(s, t, config)
        if lexical is not None:
            beads = lexical(beads, 0, len(en), 0, len(zh))
        return Alignment(tuple(_links(beads)), similarity_map(s.vecs, t.vecs, config.map_bins))
    gs, gt = _group(s, en_runs), _group(t, zh_runs)
    groups = align_vectors(gs, gt, config, max_bead=config.paragraph_max_bead,
                           skip=config.paragraph_skip)
    groups = _drop_chance(gs, gt, groups, config, config.paragraph_max_bead,
                          config.paragraph_skip)
    spans = [(_start(en_runs, g.src[0], len(en)), _start(en_runs, g.src[1], len(en)),
              _start(zh_runs, g.tgt[0], len(zh)), _start(zh_runs, g.tgt[1], len(zh)))
             for g in groups]
    if config.attach_unmatched:
        spans = _attach_unmatched(spans, en, zh)
    links: list[Link] = []
    for a0, a1, b0, b1 in spans:
        beads = align_vectors(_slice(s, a0, a1), _slice(t, b0, b1), config)
        if lexical is not None:
            beads = lexical(beads, a0, a1, b0, b1)
        links.extend(_links(beads, a0, b0))
    return Alignment(tuple(links), similarity_map(s.vecs, t.vecs, config.map_bins))


def _alone(runs: Sequence[tuple[int, int]], total: int) -> np.ndarray:
    """Per sentence, whether it is a paragraph of its own."""
    out = np.zeros(total, dtype=bool)
    out[[a for a, b in runs if b - a == 1]] = True
    return out


# A paragraph ending in one of these continues into the next one ("Now, therefore,").
_CONTINUES = (",", ";", ":", "\u2014", "-", "\uff0c", "\uff1b", "\uff1a", "\u3001")


def _attach_unmatched(spans: list[tuple[int, int, int, int]], en: Sequence[Sentence],
                      zh: Sequence[Sentence]) -> list[tuple[int, int, int, int]]:
    """Join a one-sided paragraph group whose text continues (ends in a comma,
    colon...) with the groups after it up to the next two-sided one, so the
    sentence pass decides whether it merges; other groups stay as they are."""
    out: list[tuple[int, int, int, int]] = []
    pending: tuple[int, int, int, int] | None = None
    for span in spans:
        a0, a1, b0, b1 = span if pending is None else (pending[0], span[1], pending[2], span[3])
        one_sided = span[0] == span[1] or span[2] == span[3]
        last = en[span[1] - 1] if span[1] > span[0] else zh[span[3] - 1] if span[3] > span[2] \
            else None
        if one_sided and (pending is not None or
                          (last is not None and last.text.rstrip().endswith(_CONTINUES))):
            pending = (a0, a1, b0, b1)
        else:
            out.append((a0, a1, b0, b1))
            pending = None
    if pending is not None:
        out.append(pending)
    return out


def _drop_chance(src: Side, tgt: Side, beads: list[Bead], config: AlignConfig,
                 max_bead: int, skip: float) -> list[Bead]:
    """``beads`` with chance-level two-sided beads forbidden (``null_distance``)."""
    if not config.null_distance:
        return beads
    chance = chance_level(src, tgt, beads, config.null_distance)
    if chance is None:
        return beads
    return drop_chance_beads(src, tgt, beads, chance, margin=config.margin, skip=skip,
                             radius=config.null_radius, max_bead=max_bead)


def _start(runs: Sequence[tuple[int, int]], index: int, total: int) -> int:
    """First sentence of paragraph ``index`` (``total`` past the last one)."""
    return runs[index][0] if index < len(runs) else total


class _LexicalPass:
    """The ``align_refine`` pass over slices of one document pair."""

    def __init__(self, src: Side, tgt: Side, lexicon: LexicalOverlap, params: RefineParams,
                 src_is_zh: bool, quotes: tuple[QuoteMarks, QuoteMarks],
                 tokens: PairTokens | None) -> None:
        self.src, self.tgt, self.lexicon = src, tgt, lexicon
        self.params, self.src_is_zh, self.quotes = params, src_is_zh, quotes
        self.tokens = tokens

    def __call__(self, beads: list[Bead], a0: int, a1: int, b0: int, b1: int) -> list[Bead]:
        """Refine ``beads`` (indices relative to source a0 and target b0)."""
        if a0 == a1 or b0 == b1:
            return beads
        zh0, zh1, en0, en1 = (a0, a1, b0, b1) if self.src_is_zh else (b0, b1, a0, a1)
        return refine(_slice(self.src, a0, a1), _slice(self.tgt, b0, b1), beads,
                      self.lexicon.window(zh0, zh1, en0, en1), self.params,
                      src_is_zh=self.src_is_zh,
                      quotes=(self.quotes[0].window(a0, a1), self.quotes[1].window(b0, b1)),
                      tokens=None if self.tokens is None else self.tokens.window(a0, b0))


def _lexical_pass(src: Sequence[str], tgt: Sequence[str], s: Side, t: Side,
                  config: AlignConfig, dictionary: WordIndex | None,
                  encoder: Encoder | None = None,
                  alone: tuple[np.ndarray, np.ndarray] | None = None) -> _LexicalPass | None:
    """The lexical second pass, or None: off in the config, no Chinese side, spans
    not encoded (long documents keep the fast path), or no CC-CEDICT.  Corner
    costs only with an ``encoder`` that gives token rows; ``alone``: per side,
    the sentences that are a paragraph of their own."""
    weights = (config.lexical_cover, config.lexical_worst, config.quote_parity, config.quote_end,
               config.token_boundary)
    if not any(weights) or s.spans is None:
        return None
    src_is_zh, tgt_is_zh = _is_cjk(src), _is_cjk(tgt)
    if src_is_zh == tgt_is_zh:
        return None
    if dictionary is None:
        try:
            dictionary = load_dictionary()
        except DictionaryError as error:
            log.warning("lexical alignment pass skipped: %s", error)
            return None
    zh, en = (src, tgt) if src_is_zh else (tgt, src)
    params = RefineParams(margin=config.margin, skip=config.skip, w_cover=config.lexical_cover,
                          w_worst=config.lexical_worst, w_quotes=config.quote_parity,
                          w_quote_end=config.quote_end,
                          radius=config.refine_radius, max_bead=config.max_bead,
                          w_boundary=config.token_boundary, token_floor=config.token_floor)
    quotes = (quote_marks(src, src_is_zh), quote_marks(tgt, not src_is_zh))
    encode = token_encoding(encoder) if encoder is not None and config.token_boundary else None
    tokens = PairTokens(encode, src, tgt, alone) if encode is not None else None
    return _LexicalPass(s, t, LexicalOverlap(zh, en, dictionary), params, src_is_zh, quotes,
                        tokens)
