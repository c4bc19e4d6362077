"""Divergence scores against professional MQM judgements (WMT 2021 zh-en dev set).

Default: runs ``bialign check ../shared/eval/mqm-zhen-dev.tsv -o /tmp/mqm.tsv`` and
scores its ``score`` and ``flags`` columns.  ``--direct`` calls ``run_checks`` and
``score_pairs`` in-process instead (each check module run on its own; one that
fails to import or crashes is listed as skipped).  ``--fit`` (implies --direct)
refits the logistic model of ``checks/scoring.py`` with Newton steps (category
weights kept in [0, scoring.MAX_CATEGORY_WEIGHT]), prints 5-fold
cross-validated ROC-AUC (each fold fitted on the other four) and the new
constants; ``--fit --write`` also writes them into scoring.py (between its
FITTED markers): one command refits, and the same checks give the same block.

Printed: ROC-AUC overall, on the human-reference rows and per domain, beside the
baseline "1 - cosine of USE embeddings"; per flag category the rows flagged
(warning/error) and the precision (share with label 1; number needs >= 0.9).
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import perturb  # noqa: E402  (bench helper next to this file)

MQM = perturb.SHARED / "eval" / "mqm-zhen-dev.tsv"
OUT = Path("/tmp/mqm.tsv")
FOLDS = 5
FOLD_REPEATS = 5  # fold assignments (seeds 0..4) whose mean AUC is printed beside seed 0's
L2 = 1.0


def roc_auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    """Mann-Whitney AUC with ties counted half; nan if one class is missing."""
    s, y = np.asarray(scores, float), np.asarray(labels, int)
    pos, neg = s[y == 1], s[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    values = np.concatenate([pos, neg])[order]
    i = 0
    while i < len(values):  # average ranks over ties
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2)
                 / (len(pos) * len(neg)))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 25,
                 offset: np.ndarray | None = None) -> np.ndarray:
    """Weights [bias, w...] of an L2-penalised logistic regression (Newton steps);
    ``offset`` (one value a row) is added to the linear predictor unfitted."""
    a = np.hstack([np.ones((len(x), 1)), x])
    off = np.zeros(len(x)) if offset is None else offset
    w = np.zeros(a.shape[1])
    penalty = np.eye(a.shape[1]) * l2
    penalty[0, 0] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(a @ w + off)))
        grad = a.T @ (p - y) + penalty @ w
        hess = (a * (p * (1 - p))[:, None]).T @ a + penalty
        w -= np.linalg.solve(hess, grad)
    return w


def fit_bounded_findings(x: np.ndarray, y: np.ndarray, n_base: int, cap: float
                         ) -> np.ndarray:
    """Like ``fit_logistic``, but each finding-score column (index >= n_base)
    keeps a weight in [0, cap]: one that comes out negative is fixed at 0 (a
    finding must never lower a pair's score), one above ``cap`` at ``cap``,
    and the rest refitted, until all are inside."""
    fixed: dict[int, float] = {}
    while True:
        keep = [c for c in range(x.shape[1]) if c not in fixed]
        offset = x[:, list(fixed)] @ np.array(list(fixed.values())) if fixed else None
        w_kept = fit_logistic(x[:, keep], y, offset=offset)
        out = {c: v for c, v in zip(keep, w_kept[1:], strict=True)
               if c >= n_base and not 0.0 <= v <= cap}
        if not out:
            w = np.zeros(x.shape[1] + 1)
            w[0] = w_kept[0]
            w[[c + 1 for c in keep]] = w_kept[1:]
            for c, v in fixed.items():
                w[c + 1] = v
            return w
        fixed.update({c: min(max(v, 0.0), cap) for c, v in out.items()})


def load_rows() -> tuple[list[dict[str, str]], list[object]]:
    import pandas as pd

    from bialign.records import Pair

    table = pd.read_csv(MQM, sep="\t", dtype=str, keep_default_na=False)
    rows = table.to_dict("records")
    pairs = [Pair(index=i, en=r["en"].strip(), zh=r["zh"].strip()) for i, r in enumerate(rows)]
    return rows, pairs


def run_direct(pairs: list) -> tuple[list, list, list[float], dict[str, str], object]:
    """Findings (after drop_explained), scored pairs, similarities, skipped checks, resources."""
    from dataclasses import replace

    from bialign.checks import CHECK_MODULES, CheckConfig, CheckResources, run_checks
    from bialign.checks.drift import drop_explained

    two = [p for p in pairs if p.en and p.zh]
    sims = perturb.similarities([p.en for p in two], [p.zh for p in two])
    by_index = dict(zip((p.index for p in two), map(float, sims), strict=True))
    pairs = [replace(p, similarity=by_index.get(p.index, 0.0)) for p in pairs]
    # The USE encoder itself behind the bench cache (not perturb's lazy one),
    # so that the score's token rows (checks/scoring_tokens.py) find its encode_tokens.
    from bialign.encoders import CachedEncoder, load_encoder

    resources = CheckResources(encoder=CachedEncoder(load_encoder("use"), perturb.CACHE),
                               doc_similarities=list(by_index.values()))
    findings, skipped = [], {}
    for name in CHECK_MODULES:
        try:
            findings += run_checks(pairs, resources=resources, config=CheckConfig(enabled=(name,)))
        except Exception as exc:  # noqa: BLE001  (a check being written may fail)
            skipped[name] = f"{type(exc).__name__}: {str(exc)[:60]}"
    return drop_explained(findings), pairs, list(by_index.values()), skipped, resources


def run_cli() -> tuple[list[float], list[str]] | None:
    """Scores and flags from ``bialign check``; None (with the reason) if it failed."""
    cmd = [sys.executable, "-m", "bialign", "check", str(MQM), "-o", str(OUT), "-q"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode:
        print(f"bialign check failed (exit {proc.returncode}: {proc.stderr.strip()[-200:]});"
              " falling back to --direct")
        return None
    import pandas as pd

    out = pd.read_csv(OUT, sep="\t", dtype=str, keep_default_na=False)
    return [float(s) for s in out["score"]], list(out["flags"])


def report(rows: list[dict[str, str]], scores: Sequence[float], flags: Sequence[str],
           baseline: Sequence[float], skipped: dict[str, str]) -> None:
    y = np.array([int(r["label"]) for r in rows])
    groups = [("all rows", np.ones(len(rows), bool)),
              ("human references", np.array([r["is_human_reference"] == "1" for r in rows]))]
    for domain in sorted({r["domain"] for r in rows}):
        groups.append((f"domain {domain}", np.array([r["domain"] == domain for r in rows])))
    s, b = np.asarray(scores), np.asarray(baseline)
    print(f"{'rows':24} {'n':>5} {'pos':>5} {'AUC ours':>9} {'AUC 1-cos':>10}")
    for name, m in groups:
        print(f"{name:24} {m.sum():5d} {y[m].sum():5d} {roc_auc(s[m], y[m]):9.3f}"
              f" {roc_auc(b[m], y[m]):10.3f}")
    human = groups[1][1]
    print("\nflags (warning/error)     rows   precision   human rows  precision"
          "  (bar: number >= 0.90)")

    def line(name: str, m: np.ndarray) -> None:
        h = m & human
        human_precision = f"{y[h].mean():10.3f}" if h.any() else f"{'-':>10}"
        print(f"{name:24} {m.sum():5d} {y[m].mean():10.3f} {h.sum():11d} {human_precision}")

    cats = sorted({c for f in flags for c in f.split(",") if c})
    for cat in cats:
        line(cat, np.array([cat in f.split(",") for f in flags]))
    any_flag = np.array([bool(f) for f in flags])
    if any_flag.any():
        line("any flag", any_flag)
    print(f"{'(base rate)':24} {len(y):5d} {y.mean():10.3f} {human.sum():11d}"
          f" {y[human].mean():10.3f}")
    for name, why in skipped.items():
        print(f"skipped check {name}: {why}")


def flags_of(findings: list, n: int) -> list[str]:
    per_row: list[dict[str, None]] = [{} for _ in range(n)]
    for f in findings:
        if f.severity != "info":
            per_row[f.link][f.category] = None
    return [",".join(d) for d in per_row]


SCORING = Path(__file__).resolve().parents[1] / "src" / "bialign" / "checks" / "scoring.py"
BEGIN, END = "# BEGIN FITTED\n", "# END FITTED\n"


def cross_validated(x: np.ndarray, y: np.ndarray, n_base: int, seed: int) -> np.ndarray:
    """Out-of-fold linear scores: FOLDS folds (assignment drawn with ``seed``),
    each row scored by the model fitted on the other folds."""
    from bialign.checks.scoring import MAX_CATEGORY_WEIGHT

    fold = np.random.default_rng(seed).permutation(len(y)) % FOLDS
    cv = np.zeros(len(y))
    for k in range(FOLDS):
        w = fit_bounded_findings(x[fold != k], y[fold != k], n_base, MAX_CATEGORY_WEIGHT)
        cv[fold == k] = np.hstack([np.ones(((fold == k).sum(), 1)), x[fold == k]]) @ w
    return cv


def fit(rows: list[dict[str, str]], pairs: list, findings: list, resources: object) -> str:
    """Cross-validate and fit scoring.py's model; print the fit and return the
    block of constants for scoring.py (between its FITTED markers)."""
    import datetime

    from bialign.checks import CHECK_MODULES
    from bialign.checks.scoring import (
        CATEGORY_WEIGHTS,
        FEATURE_WEIGHTS,
        MAX_CATEGORY_WEIGHT,
        pair_features,
    )

    cats = list(dict.fromkeys([*CATEGORY_WEIGHTS, *CHECK_MODULES, "addition"]))
    feats = pair_features(pairs, findings, resources)  # type: ignore[arg-type]
    x = np.array([f.vector(cats) for f in feats])
    y = np.array([int(r["label"]) for r in rows], float)
    folds = [cross_validated(x, y, len(FEATURE_WEIGHTS), seed=s) for s in range(FOLD_REPEATS)]
    cv = folds[0]
    w = fit_bounded_findings(x, y, len(FEATURE_WEIGHTS), MAX_CATEGORY_WEIGHT)
    human = np.array([r["is_human_reference"] == "1" for r in rows])
    # 286 human rows: one fold assignment moves their AUC by about +-0.003,
    # so the mean over several is printed too (the block keeps seed 0's).
    repeats = np.array([[roc_auc(p, y), roc_auc(p[human], y[human])] for p in folds])
    print(f"mean over {FOLD_REPEATS} fold assignments: {repeats[:, 0].mean():.3f} all rows"
          f" (range {repeats[:, 0].min():.3f}-{repeats[:, 0].max():.3f}),"
          f" {repeats[:, 1].mean():.3f} human references"
          f" (range {repeats[:, 1].min():.3f}-{repeats[:, 1].max():.3f})")
    parts = [f"{roc_auc(cv, y):.3f} all rows", f"{roc_auc(cv[human], y[human]):.3f} human"
             " references"]
    for domain in sorted({r["domain"] for r in rows}):
        m = np.array([r["domain"] == domain for r in rows])
        parts.append(f"{roc_auc(cv[m], y[m]):.3f} {domain}")
    cosine = roc_auc([-p.similarity for p in pairs], y)
    print(f"5-fold cross-validated AUC: {', '.join(parts)}")
    names = list(FEATURE_WEIGHTS) + cats
    print("single-feature AUC:", json.dumps(
        {n: round(roc_auc(x[:, i], y), 3) for i, n in enumerate(names)}))
    seen = [i for i, c in enumerate(cats) if x[:, len(FEATURE_WEIGHTS) + i].any()]
    weights = {cats[i]: w[1 + len(FEATURE_WEIGHTS) + i] for i in seen}
    unseen = [c for i, c in enumerate(cats) if i not in seen]
    lines = [f"# Fitted {datetime.date.today()} with the checks then present; 5-fold"
             " cross-validated AUC:", f"# {', '.join(parts)}",
             f"# (similarity alone, 1 - cosine: {cosine:.3f}).",
             f"BIAS = {w[0]:.3f}", "FEATURE_WEIGHTS: dict[str, float] = {"]
    lines += [f'    "{n}": {v:.3f},' for n, v in zip(FEATURE_WEIGHTS, w[1:], strict=False)]
    lines += ["}", "# Weight of the strongest finding score of each category on the pair.",
              "CATEGORY_WEIGHTS: dict[str, float] = {"]
    lines += [f'    "{c}": {v:.3f},' for c, v in weights.items()]
    lines.append("}")
    if unseen:
        lines.append(f"# No finding on MQM, so UNSEEN_CATEGORY_WEIGHT: {', '.join(unseen)}.")
    mean = float(np.mean(list(weights.values()))) if weights else 0.0
    lines.append(f"UNSEEN_CATEGORY_WEIGHT = {mean:.3f}  # the mean of the seen categories")
    block = "\n".join(lines) + "\n"
    print(block, end="")
    return block


def write_fitted(block: str, path: Path = SCORING) -> None:
    """Replace the constants between scoring.py's FITTED markers with ``block``."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    print(f"written to {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--direct", action="store_true", help="call the library, not the CLI")
    parser.add_argument("--fit", action="store_true", help="refit scoring.py's coefficients")
    parser.add_argument("--write", action="store_true",
                        help="with --fit: write the new coefficients into scoring.py")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    rows, pairs = load_rows()
    skipped: dict[str, str] = {}
    cli = None if args.direct or args.fit else run_cli()
    if cli is not None:
        scores, flags = cli
    else:
        from bialign.checks.scoring import score_pairs

        findings, pairs, sims, skipped, resources = run_direct(pairs)
        if args.fit:
            block = fit(rows, pairs, findings, resources)
            if args.write:
                write_fitted(block)
            return
        scores = score_pairs(pairs, findings, resources)  # type: ignore[arg-type]
        flags = flags_of(findings, len(pairs))
    print(f"MQM zh-en dev ({len(rows)} rows); scores from"
          f" {'bialign check' if cli else 'run_checks + score_pairs (direct)'}")
    cos = perturb.similarities([p.en for p in pairs], [p.zh for p in pairs])
    report(rows, scores, flags, [1 - float(c) for c in cos], skipped)


if __name__ == "__main__":
    main()
