"""Gale & Church (1993) length-based sentence alignment: the baseline.

Characters only, no words or embeddings.  Costs are -log probabilities of
the bead type and of the length difference under a normal model
(c = target/source characters of the document, s2 = 6.8).
"""

from __future__ import annotations

import math

from bialign.beads import BeadPair

# bead type -> prior probability (Gale & Church, Table 5)
PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089,
          (2, 2): 0.011, (1, 3): 0.005, (3, 1): 0.005}
VARIANCE = 6.8


def _length_cost(ls: int, lt: int, ratio: float) -> float:
    if ls == 0 and lt == 0:
        return 0.0
    mean = (ls + lt / ratio) / 2
    z = (ratio * ls - lt) / math.sqrt(VARIANCE * max(mean, 1e-9))
    tail = max(2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2)))), 1e-12)
    return -math.log(tail)


def align_lengths(src: list[str], tgt: list[str]) -> list[BeadPair]:
    """Gale-Church beads for two presegmented texts."""
    ls = [len(s) for s in src]
    lt = [len(t) for t in tgt]
    ratio = (sum(lt) / sum(ls)) if sum(ls) else 1.0
    n, m = len(src), len(tgt)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for (a, b), prior in PRIORS.items():
                if i >= a and j >= b and cost[i - a][j - b] < inf:
                    c = cost[i - a][j - b] - math.log(prior) + _length_cost(
                        sum(ls[i - a:i]), sum(lt[j - b:j]), ratio)
                    if c < cost[i][j]:
                        cost[i][j], back[i][j] = c, (a, b)
    beads: list[BeadPair] = []
    i, j = n, m
    while i or j:
        a, b = back[i][j]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]
