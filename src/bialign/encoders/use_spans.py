"""Vectors of spans of consecutive sentences from one pass of USE over the sentences.

The aligner scores a bead of several sentences by the vector of their joined
text.  Encoding every joined span anew costs about twenty times the text of
the document (spans of 2..5 sentences on each side).  USE pools its token rows
by a sum before its feed-forward layers, and each token row depends only on
the tokens within ``HALO`` of it (two convolution layers of half-width 2), so
a span's pooled state is the sum of pieces computed once:

* per sentence, its rows split into BOS, head, inner, tail (up to ``HALO``
  tokens) and EOS;
* per join of sentences j and j+1, the rows of j's tail and j+1's head as they
  are in the joined text, computed on a window with ``HALO`` tokens of context
  on each side.

A span is then BOS + head of its first sentence, the inner rows of all, the
joins between them, and tail + EOS of its last sentence.  That is exactly the
joined text's pooled state whenever every sentence inside has at least
``2 * HALO`` tokens (a shorter one sees only its own side's context at each
join).  A sentence that follows another without a space (Chinese) starts with
other tokens than on its own (no word-start mark: ``MemoTokenizer.encode(...,
continuation=True)``); its head then covers those tokens plus ``HALO``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bialign.encoders.use_forward import EMB, UseForward

HALO = 4  # tokens whose rows change when a neighbour is joined on that side


def span_vectors(forward: UseForward, ids: Sequence[list[int]], longest: int, *,
                 following: Sequence[list[int]] | None = None, workers: int = 2
                 ) -> np.ndarray:
    """(longest, n+1, 512) unit vectors: row [k-1, e] is the vector of sentences
    e-k .. e-1 joined (row 0 the sentences themselves; rows with e < k are zero).

    ``ids`` are the sentences' token ids with BOS and EOS (``MemoTokenizer``);
    ``following`` the same where each follows the sentence before (default: the
    same ids, as for sentences joined by a space).
    """
    n = len(ids)
    out = np.zeros((max(longest, 1), n + 1, EMB), dtype=np.float32)
    if not n:
        return out
    following = ids if following is None else following
    lens = np.fromiter(map(len, ids), dtype=np.int64, count=n)
    body = lens - 2
    own, joined = _changed_prefix(ids, following)
    head = np.minimum(body, own + np.minimum(HALO, (body + 1) // 2))
    tail = np.minimum(HALO, body - head)
    cuts = np.stack([np.zeros_like(lens), np.ones_like(lens), 1 + head, 1 + body - tail,
                     1 + body, lens], axis=1)
    ranges = np.stack([cuts[:, :-1], cuts[:, 1:]], axis=2)  # BOS, head, inner, tail, EOS
    bos, first_head, inner, last_tail, eos = forward.pool_ids(ids, ranges, workers=workers)
    out[0, 1:] = forward.head(bos + first_head + inner + last_tail + eos, lens)
    if longest < 2 or n < 2:
        return out
    follow_head = joined + (head - own)  # the same inner tokens start after it
    follow_body = body - own + joined
    joins = _join_rows(forward, ids, following, tail, follow_head, workers)
    for k in range(2, min(longest, n) + 1):
        m = n - k + 1  # spans of k sentences start at 0 .. n-k
        sums = bos[:m] + first_head[:m] + last_tail[k - 1:] + eos[k - 1:]
        count = 2 + body[:m]
        for j in range(k):
            sums += inner[j:j + m]
        for j in range(1, k):
            sums += joins[j - 1:j - 1 + m]
            count = count + follow_body[j:j + m]
        out[k - 1, k:] = forward.head(sums, count)
    return out


def _changed_prefix(ids: Sequence[list[int]], following: Sequence[list[int]]
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence, how many leading body tokens differ between ``ids`` and
    ``following`` (on each side) before the rest is the same."""
    own, joined = np.zeros(len(ids), np.int64), np.zeros(len(ids), np.int64)
    for i, (a, b) in enumerate(zip(ids, following, strict=True)):
        if a is b or a == b:
            continue
        same = 0
        while same < min(len(a), len(b)) - 2 and a[-2 - same] == b[-2 - same]:
            same += 1
        own[i], joined[i] = len(a) - 2 - same, len(b) - 2 - same
    return own, joined


def _join_rows(forward: UseForward, ids: Sequence[list[int]],
               following: Sequence[list[int]], tail: np.ndarray, follow_head: np.ndarray,
               workers: int) -> np.ndarray:
    """(n-1, 1280): per join j, the pooled rows of sentence j's tail and sentence
    j+1's head as they are in the two sentences' joined text."""
    windows, ranges = [], []
    for j in range(len(ids) - 1):
        left, right = ids[j], following[j + 1]
        # Context for the rows: HALO tokens beyond them, or the sentence's own
        # BOS/EOS where it is shorter (the nearest context on that side).
        need_left = int(tail[j]) + HALO
        before = left[:-1] if len(left) - 2 <= need_left else left[-1 - need_left:-1]
        need_right = int(follow_head[j + 1]) + HALO
        after = right[1:] if len(right) - 2 <= need_right else right[1:1 + need_right]
        windows.append(before + after)
        ranges.append((len(before) - int(tail[j]), len(before) + int(follow_head[j + 1])))
    return forward.pool_ids(windows, np.array(ranges, dtype=np.int64)[:, None, :],
                            workers=workers)[0]
