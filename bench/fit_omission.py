"""Refit the unit models of ``bialign.checks.omission_units``; compare them with the shipped ones.

Data (bench/perturb.py's sources and injectors; evaluation text read from
../shared, never copied): each corpus is one document whose pairs, in order,
each get with ``random.Random(seed)`` a dropped clause (``inject_omission``,
probability ``INJECT_RATE``) or an appended sentence (``make_addition`` over
all sources, same probability); seeds 2 and 3.  A document is needed, not
perturb.generate's shuffled pool, because the features measure each pair's
length ratio against its own document's.  Faithful documents (no injection)
give the false-warning rate.  Training corpora: MAC-Dev 001-003 and UDHR;
held out: MAC-Dev 004-006; consensus-2020 (the demo corpus) is not used.

Features: ``score_units`` itself (imported, not copied), with the side gate
``MIN_SIDE_RATIO_Z`` lifted while features are gathered so that both sides
are described, as when the shipped weights were fitted.  Positives: the unit
that best covers an appended sentence (overlap > 0.5), and the unit of the
other side closest (cosine > 0.25) to a dropped clause's text; negatives:
every unit of the untouched pairs of the perturbed training documents.
Two models (``fit_models``), logistic regression by Newton steps, L2 ``L2``
on standardised features: the clause model over every unit, the sentence
model from a joint fit with the features times a sentence indicator (the
design ``FEATURES``).  Both biases are then shifted together so that a score
of 0.5 is reached by ``FALSE_WARNING_TARGET`` of the pairs (each pair's best
unit, no gate) of the faithful training documents.

Printed: the refit coefficients beside the shipped ones (as the design:
clause weights, then the sentence model's differences), then for each model
false warnings per 1,000 faithful pairs and recall of appended sentences and
dropped clauses on the held-out chapters, without the side gate (as fitted)
and with it (as the check runs).  A pair is a warning when its best unit
scores >= 0.5; rates are over pairs that split into units (as in the shipped
comment) and, after "all pairs:" on the gated rows, over all two-sided pairs.
Last, the refit models as Python to paste into ``omission_units.UNIT_MODELS``.

Usage: python bench/fit_omission.py [--quick] [--bootstrap N]
(--quick: seed 2 only; --bootstrap: refits on resampled pairs, whose spread
says how well the data pin each weight.)
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import perturb  # noqa: E402  (bench helper next to this file)

from bialign.checks import omission_units  # noqa: E402
from bialign.checks.coverage import cover_pair  # noqa: E402
from bialign.checks.dictionary import Dictionary, load_dictionary  # noqa: E402
from bialign.records import Pair  # noqa: E402

if TYPE_CHECKING:
    from bialign.encoders import Encoder

SEEDS = (2, 3)
CLEAN_SEED = 0  # faithful documents: at rate 0 no pair is perturbed, so any seed gives them
INJECT_RATE = 0.1  # share of pairs given a dropped clause, and again an appended sentence
TRAIN = ("mac-dev/001", "mac-dev/002", "mac-dev/003", "udhr")
HELD_OUT = ("mac-dev/004", "mac-dev/005", "mac-dev/006")
# Labels: an appended sentence's unit must overlap it by more than this
# (intersection over union of character spans) ...
MIN_ADDITION_OVERLAP = 0.5
# ... and a dropped clause's counterpart unit must be at least this similar to it.
MIN_OMISSION_COSINE = 0.25
L2 = 1.0
NEWTON_STEPS = 50
# Calibration target, from the faithful MAC-Dev 001-003 + UDHR documents: 0.25 %
# (about two of their 719 pairs that split).  At 0.4 % the two-model check
# gave 6 addition warnings on all faithful MAC-Dev pairs where the single model
# gave 5 (bench/bench_checks_dev.py); at 0.25 % it gives 4.
FALSE_WARNING_TARGET = 0.0025
WARNING_SCORE = 0.5
BOOTSTRAP_SEED = 0
# The design: the unit features, a sentence indicator, and the features again
# times the indicator, so that one fit gives the clause model (first block)
# and the sentence model (clause model plus the differences).
FEATURES = (*omission_units.FEATURES, "is_sentence",
            *(f"sentence_x_{n}" for n in omission_units.FEATURES))


def design_row(features: dict[str, float], kind: str) -> list[float]:
    """One unit's row of the design matrix (``FEATURES`` order)."""
    base = [features[n] for n in omission_units.FEATURES]
    is_sentence = float(kind == "sentence")
    return [*base, is_sentence, *(is_sentence * v for v in base)]


def as_design(models: dict[str, omission_units.UnitModel]) -> tuple[float, np.ndarray]:
    """(bias, weights) over ``FEATURES`` equivalent to the two unit models."""
    clause, sentence = models["clause"], models["sentence"]
    base = [clause.weights[n] for n in omission_units.FEATURES]
    diff = [sentence.weights[n] - clause.weights[n] for n in omission_units.FEATURES]
    return clause.bias, np.array([*base, sentence.bias - clause.bias, *diff])


def as_models(bias: float, weights: np.ndarray) -> str:
    """The two unit models of (bias, weights), as Python to paste into omission_units."""
    n = len(omission_units.FEATURES)
    lines = []
    for kind, b, w in (("clause", bias, weights[:n]),
                       ("sentence", bias + weights[n], weights[:n] + weights[n + 1:])):
        body = ", ".join(f'"{name}": {v:.3f}' for name, v in zip(omission_units.FEATURES, w,
                                                                  strict=True))
        lines.append(f'    "{kind}": UnitModel({b:.3f}, {{{body}}}),')
    return "\n".join(lines)


@dataclass(frozen=True)
class Document:
    """One corpus as a document; ``injected`` maps a pair index to its divergence."""

    corpus: str
    pairs: list[Pair]
    injected: dict[int, perturb.Perturbed]


@dataclass(frozen=True)
class PairUnits:
    """The units of one two-sided pair: features (rows in ``FEATURES`` order),
    whether the check's side gate lets each through, and training labels."""

    corpus: str
    kind: str  # "clean", "omission" or "addition"
    x: np.ndarray
    gated: np.ndarray
    label: np.ndarray


def build_documents(seed: int, rate: float, sources: Sequence[perturb.Source]
                    ) -> list[Document]:
    """Every wanted corpus as a document, pairs perturbed in order with one generator."""
    rng = random.Random(seed)
    add = perturb.make_addition(sources)
    wanted = set(TRAIN + HELD_OUT)
    docs = []
    # Every corpus draws from the generator (even unwanted ones) so that the
    # draws of a corpus do not depend on which others are kept.
    for corpus in dict.fromkeys(s.corpus for s in sources):
        texts: list[tuple[str, str]] = []
        injected: dict[int, perturb.Perturbed] = {}
        for src in (s for s in sources if s.corpus == corpus):
            r = rng.random()
            made = None
            if r < rate:
                made = perturb.inject_omission(src, rng)
            elif r < 2 * rate:
                made = add(src, rng)
            if made is not None:
                injected[len(texts)] = made
            texts.append((made.en, made.zh) if made else (src.en, src.zh))
        if corpus in wanted:
            pairs = [Pair(index=i, en=en, zh=zh) for i, (en, zh) in enumerate(texts)]
            docs.append(Document(corpus, pairs, injected))
    return docs


@contextmanager
def both_sides() -> Iterator[None]:
    """Lift the check's side gate so that ``score_units`` describes both sides."""
    saved = omission_units.MIN_SIDE_RATIO_Z
    omission_units.MIN_SIDE_RATIO_Z = -math.inf
    try:
        yield
    finally:
        omission_units.MIN_SIDE_RATIO_Z = saved


def _labels(units: Sequence[omission_units.ScoredUnit], made: perturb.Perturbed | None,
            encoder: Encoder) -> np.ndarray:
    label = np.zeros(len(units))
    if made is None:
        return label
    if made.kind == "addition":
        a, b = made.span
        overlap = np.array([
            max(0, min(u.unit.end, b) - max(u.unit.start, a))
            / (max(u.unit.end, b) - min(u.unit.start, a)) if u.lang == made.side else 0.0
            for u in units])
        if overlap.max() > MIN_ADDITION_OVERLAP:
            label[overlap == overlap.max()] = 1.0
        return label
    other = [k for k, u in enumerate(units) if u.lang != made.side]
    if other:
        vecs = encoder.encode([made.detail, *(units[k].unit.text for k in other)])
        cosines = vecs[1:] @ vecs[0]
        if cosines.max() > MIN_OMISSION_COSINE:
            for k, c in zip(other, cosines, strict=True):
                label[k] = float(c == cosines.max())
    return label


def describe(doc: Document, dictionary: Dictionary, encoder: Encoder) -> list[PairUnits]:
    """The units of every two-sided pair of ``doc`` that splits, with features and labels."""
    spread = omission_units.ratio_spread(doc.pairs)
    out: list[PairUnits] = []
    if spread is None:
        return out
    for pair in doc.pairs:
        if not (pair.en.strip() and pair.zh.strip()):
            continue
        cov = cover_pair(pair.en, pair.zh, dictionary)
        with both_sides():
            units = omission_units.score_units(pair, cov, encoder, spread)
        if not units:
            continue
        made = doc.injected.get(pair.index)
        x = np.array([design_row(u.features, u.unit.kind) for u in units])
        gated = np.array([u.features["ratio_z"] >= omission_units.MIN_SIDE_RATIO_Z
                          for u in units])
        out.append(PairUnits(doc.corpus, made.kind if made else "clean", x, gated,
                             _labels(units, made, encoder)))
    return out


def two_sided(docs: Sequence[Document], corpora: Sequence[str]) -> dict[str, int]:
    """Two-sided pairs of ``corpora`` per kind (the all-pairs denominators)."""
    counts = {"clean": 0, "omission": 0, "addition": 0}
    for doc in docs:
        if doc.corpus in corpora:
            for pair in doc.pairs:
                if pair.en.strip() and pair.zh.strip():
                    made = doc.injected.get(pair.index)
                    counts[made.kind if made else "clean"] += 1
    return counts


def training_matrix(rows: Sequence[PairUnits]) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels: the positive units of perturbed pairs, every unit of clean ones."""
    x = np.vstack([r.x[r.label > 0] for r in rows if r.kind != "clean"]
                  + [r.x for r in rows if r.kind == "clean"])
    y = np.concatenate([r.label[r.label > 0] for r in rows if r.kind != "clean"]
                       + [np.zeros(len(r.x)) for r in rows if r.kind == "clean"])
    return x, y


def bootstrap_sd(rows: Sequence[PairUnits], rounds: int) -> np.ndarray:
    """SD of each refit weight over ``rounds`` refits on pairs drawn with
    replacement (a pair's units stay together): how well the data pin it."""
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    weights = [fit_models(*training_matrix([rows[i] for i in
                                              rng.integers(0, len(rows), len(rows))]))[1]
               for _ in range(rounds)]
    return np.std(weights, axis=0) if rounds > 1 else np.full(len(FEATURES), np.nan)


def fit_models(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """The two unit models as (bias, weights) over ``FEATURES``: the clause
    model one logistic over the unit features of every unit; the sentence
    model the sentence part of a joint fit with the sentence interactions.
    (Clause units gain nothing from the joint fit: cross-fitted, it catches
    fewer dropped clauses at the same false warnings than the single model.)"""
    n = len(omission_units.FEATURES)
    clause_bias, clause = fit_logistic(x[:, :n], y)
    bias, joint = fit_logistic(x, y)
    sentence_bias, sentence = bias + joint[n], joint[:n] + joint[n + 1:]
    return clause_bias, np.r_[clause, sentence_bias - clause_bias, sentence - clause]


def fit_logistic(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """(bias, weights) on the raw feature scale; Newton steps, L2 on standardised features."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([np.ones((len(x), 1)), (x - mu) / sd])
    ridge = L2 * np.diag(np.r_[0.0, np.ones(z.shape[1] - 1)])
    w = np.zeros(z.shape[1])
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-z @ w))
        grad = z.T @ (p - y) + ridge @ w
        hess = (z.T * (p * (1 - p))) @ z + ridge
        w -= np.linalg.solve(hess, grad)
    weights = w[1:] / sd
    return float(w[0] - np.sum(w[1:] * mu / sd)), weights


def best_scores(rows: Sequence[PairUnits], bias: float, weights: np.ndarray,
                gate: bool) -> np.ndarray:
    """Each pair's highest unit score (0 where the gate leaves no unit)."""
    out = []
    for r in rows:
        logits = bias + r.x @ weights
        if gate:
            logits = logits[r.gated]
        out.append(1.0 / (1.0 + math.exp(-float(logits.max()))) if len(logits) else 0.0)
    return np.array(out)


def calibrated_bias(bias: float, weights: np.ndarray, faithful: Sequence[PairUnits]) -> float:
    """The bias that puts ``WARNING_SCORE`` at the (1 - target) quantile of
    the faithful pairs' best-unit scores."""
    cut = float(np.quantile(best_scores(faithful, bias, weights, gate=False),
                            1 - FALSE_WARNING_TARGET))
    return bias - math.log(cut / (1 - cut)) + math.log(WARNING_SCORE / (1 - WARNING_SCORE))


def warning_rate(rows: Sequence[PairUnits], bias: float, weights: np.ndarray,
                 gate: bool) -> float:
    """Share of ``rows`` (pairs that split into units) whose best unit warns."""
    if not rows:
        return float("nan")
    return float(np.mean(best_scores(rows, bias, weights, gate) >= WARNING_SCORE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="seed 2 only")
    parser.add_argument("--bootstrap", type=int, metavar="N",
                        help="refits on resampled pairs for the weights' spread "
                             "(default 30, 10 with --quick)")
    args = parser.parse_args()
    seeds = SEEDS[:1] if args.quick else SEEDS
    started = time.perf_counter()
    sources = perturb.all_sources()
    dictionary = load_dictionary()
    encoder = cast("Encoder", perturb.bench_encoder())

    faithful_docs = build_documents(CLEAN_SEED, 0.0, sources)
    faithful = [r for d in faithful_docs for r in describe(d, dictionary, encoder)]
    perturbed: list[PairUnits] = []
    perturbed_docs: list[Document] = []
    for seed in seeds:
        docs = build_documents(seed, INJECT_RATE, sources)
        perturbed_docs += docs
        perturbed += [r for d in docs for r in describe(d, dictionary, encoder)]

    train = [r for r in perturbed if r.corpus in TRAIN]
    x, y = training_matrix(train)
    raw_bias, refit = fit_models(x, y)
    rounds = args.bootstrap if args.bootstrap is not None else (10 if args.quick else 30)
    spread = bootstrap_sd(train, rounds)
    faithful_train = [r for r in faithful if r.corpus in TRAIN]
    faithful_held = [r for r in faithful if r.corpus in HELD_OUT]
    held = [r for r in perturbed if r.corpus in HELD_OUT and r.kind != "clean"]
    refit_bias = calibrated_bias(raw_bias, refit, faithful_train)
    shipped_bias, shipped = as_design(omission_units.UNIT_MODELS)
    ship_recal = calibrated_bias(shipped_bias, shipped, faithful_train)

    print(f"omission unit model refit: seeds {','.join(map(str, seeds))}, inject rate "
          f"{INJECT_RATE} each kind, train {'+'.join(TRAIN)}, held out {'+'.join(HELD_OUT)}")
    print(f"training units {len(y)} ({int(y.sum())} positive); faithful pairs that split: "
          f"train {len(faithful_train)}, held out {len(faithful_held)}; held-out perturbed "
          f"pairs that split: {sum(r.kind == 'addition' for r in held)} appended, "
          f"{sum(r.kind == 'omission' for r in held)} dropped")
    print()
    print(f"{'feature':28} {'shipped':>8} {'refit':>8} {'diff':>8} {'boot sd':>8} "
          f"{'diff*feat sd':>12}")
    sd = x.std(0)
    for k, name in enumerate(FEATURES):
        diff = refit[k] - shipped[k]
        print(f"{name:28} {shipped[k]:8.3f} {refit[k]:8.3f} {diff:8.3f} {spread[k]:8.3f} "
              f"{diff * sd[k]:12.3f}")
    print(f"{'bias (calibrated)':28} {shipped_bias:8.3f} {refit_bias:8.3f} "
          f"{refit_bias - shipped_bias:8.3f}")
    print(f"{'bias (uncalibr.)':28} {'':8} {raw_bias:8.3f}")
    print(f"shipped weights recalibrated on this data: bias {ship_recal:.3f}")
    print()
    all_held = two_sided([d for d in faithful_docs], HELD_OUT)
    all_pert = two_sided(perturbed_docs, HELD_OUT)
    print(f"{'model':22} {'gate':6} {'FA/1k train':>11} {'FA/1k held':>11} "
          f"{'recall added':>13} {'recall dropped':>15}")
    models = (("shipped", shipped_bias, shipped),
              ("shipped, recalibrated", ship_recal, shipped),
              ("refit", refit_bias, refit))
    for name, bias, weights in models:
        for gate in (False, True):
            fa_train = 1000 * warning_rate(faithful_train, bias, weights, gate)
            fa_held = 1000 * warning_rate(faithful_held, bias, weights, gate)
            rec_add, rec_om = (warning_rate([r for r in held if r.kind == kind], bias,
                                            weights, gate) for kind in ("addition", "omission"))
            line = (f"{name:22} {'on' if gate else 'off':6} {fa_train:11.1f} {fa_held:11.1f} "
                    f"{rec_add:13.2f} {rec_om:15.2f}")
            if gate:  # the same warnings over all two-sided pairs
                n_add = sum(r.kind == "addition" for r in held)
                n_om = sum(r.kind == "omission" for r in held)
                fa_all = fa_held * len(faithful_held) / all_held["clean"]
                line += (f"   all pairs: FA/1k {fa_all:.1f}"
                         f", added {rec_add * n_add / all_pert['addition']:.2f}"
                         f", dropped {rec_om * n_om / all_pert['omission']:.2f}")
            print(line)
    shipped_warns = np.concatenate([
        best_scores(rows, shipped_bias, shipped, gate=True) >= WARNING_SCORE
        for rows in (faithful_held, held)])
    refit_warns = np.concatenate([best_scores(rows, refit_bias, refit, gate=True) >= WARNING_SCORE
                                  for rows in (faithful_held, held)])
    print(f"held-out pairs (faithful and perturbed, gate on) on which shipped and refit "
          f"disagree: {int(np.sum(shipped_warns != refit_warns))} of {len(refit_warns)} "
          f"({int(shipped_warns.sum())} vs {int(refit_warns.sum())} warnings)")
    print("\nrefit, calibrated, as omission_units.UNIT_MODELS:")
    print(as_models(refit_bias, refit))
    print(f"\nseconds: {time.perf_counter() - started:.0f}; encoder cache misses "
          f"{getattr(encoder, 'misses', '?')}")


if __name__ == "__main__":
    main()
