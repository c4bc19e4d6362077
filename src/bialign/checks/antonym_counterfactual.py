"""A reversed English word the Chinese does not anchor: its opposite reads and fits better.

``negation_antonyms`` reports "less" only where the Chinese renders "more"
with a word the dictionary knows (更多, 多于).  Free translations often say it
otherwise (说具体些 for "be more specific"), and then nothing anchors the
reversal.  This test swaps the English pole word for its opposite (more ->
less, after -> before, increased -> decreased: ``EN_ANTONYMS`` with regular
endings) and asks two witnesses, as the wrong-word context test does: the
English trigram model (``english_lm``: does the sentence read better with the
opposite?) and the encoder (does it come closer to the Chinese?).  A swap is
reported when both agree: a clear preference of the model with any rise in
similarity, or a rise in similarity with any preference of the model
(``TIERS``).  Skipped: words inside an idiom ("more or less") and words the
Chinese may render itself.  Unlike the dictionary test, a negated word ("no
less") and one whose opposite is in the sentence too ("the more ... the
less") are weighed: the witnesses compare the sentence with its own
counterfactual, so neither misleads them (seeds below: +9 / +7, no faithful
pair more).

Thresholds come from ``bench/perturb.py`` antonym injections (seeds 1-4;
seeds 5-8 held out) and the faithful MAC-Dev, UDHR and consensus-2020 pairs,
never the benchmark's test seed.  Antonyms found by the negation check
(warning or error; either side, 240 per range), and faithful pairs it flags:

                                                   seeds 1-4   seeds 5-8   faithful
    dictionary anchors only (before)                  103          74          4
    + LM gain >= 4 and cosine gain > 0                122         110          4
    + LM gain > 0 and cosine gain > 0.02              130         114          4
    + LM gain >= 2 and cosine gain > 0.01             133         119          4
    + LM gain >= 6 and cosine gain > -0.01            138         128          4
    + negated words and contrasts weighed too         147         135          4
      (the defaults)

(faithful: MAC-Dev pairs with a negation warning, none of them from this
test; UDHR and consensus-2020: none.)  An LM gain of 3 with any rise in
similarity flags 2 faithful pairs more.  Only English words are weighed:
there is no Chinese model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bialign.checks import english_lm
from bialign.checks.coverage import Word
from bialign.checks.negation_antonyms import (
    EN_IDIOMS,
    en_table,
    en_words,
    zh_compound_mentions,
    zh_mentions,
)
from bialign.checks.wrong_word import inflect_like

if TYPE_CHECKING:
    from bialign.checks.dictionary import Dictionary
    from bialign.encoders import Encoder

# (minimum LM gain in nats, cosine gain that must be exceeded): a swap passing
# any tier is reported.
TIERS: tuple[tuple[float, float], ...] = ((4.0, 0.0), (2.0, 0.01), (1e-9, 0.02), (6.0, -0.01))


@dataclass(frozen=True)
class Swap:
    """``word`` of the English would read ``opposite``: the model's gain (nats)
    and the encoder's (cosine to the Chinese)."""

    word: Word
    opposite: str
    lm_gain: float
    gain: float


def opposites(word: str, lemma: str) -> list[str]:
    """The opposites of an English word (with its dictionary ``lemma``) in the
    word's own form (increased -> decreased, reduced), capitalised like it;
    empty for other words."""
    low = word.lower()
    table = en_table()
    if low in table:
        found = sorted(table[low])
    else:
        # The lemmatiser's lemma, else the word less a regular ending (it reads
        # "rises" as "ris"): the one the table has and whose form the word is.
        bases = [lemma] + [low[:-n] + e for n in (1, 2, 3) for e in ("", "e")]
        base = next((b for b in bases if b in table and inflect_like(b, low, b) == low), None)
        # "closed", itself a form, takes no second ending
        found = [] if base is None else sorted(inflect_like(o, low, base) for o in table[base]
                                               if not o.endswith(("ed", "ing")))
    if word[:1].isupper():
        found = [o[:1].upper() + o[1:] for o in found]
    return found


def candidates(en: str, zh: str, tokens: list[tuple[str, int, int]],
               dictionary: Dictionary) -> list[tuple[Word, str]]:
    """(English pole word, one of its opposites) the test may weigh."""
    words = en_words(en, dictionary)
    idioms = [m.span() for m in EN_IDIOMS.finditer(en)]
    out: list[tuple[Word, str]] = []
    for k, w in enumerate(words):
        options = opposites(w.text, w.key)
        if not options or any(a <= w.start < b for a, b in idioms):
            continue
        if zh_mentions(zh, tokens, w.key, dictionary) or \
                zh_mentions(zh, tokens, w.text.lower(), dictionary):
            continue
        head = words[k + 1] if k + 1 < len(words) else None
        if head is not None and zh_compound_mentions(zh, w.key, head.key, dictionary):
            continue
        out.extend((w, o) for o in options)
    return out


def best_swap(en: str, zh: str, tokens: list[tuple[str, int, int]], dictionary: Dictionary,
              encoder: Encoder, tiers: Sequence[tuple[float, float]] = TIERS) -> Swap | None:
    """The swap both witnesses favour most (largest LM gain), or None.  Needs
    the English model; the encoder is asked only about swaps the model
    prefers (every tier needs an LM gain above 0)."""
    if not english_lm.available():
        return None
    base = english_lm.text_log_prob(en)
    liked = []
    for word, opposite in candidates(en, zh, tokens, dictionary):
        swapped = en[:word.start] + opposite + en[word.end:]
        lm_gain = english_lm.text_log_prob(swapped) - base
        if lm_gain >= min(t[0] for t in tiers):
            liked.append((word, opposite, swapped, lm_gain))
    if not liked:
        return None
    vectors = encoder.encode([zh, en] + [s for _, _, s, _ in liked])
    base_cos = float(vectors[1] @ vectors[0])
    swaps = [Swap(word, opposite, lm_gain, float(vectors[2 + k] @ vectors[0]) - base_cos)
             for k, (word, opposite, _, lm_gain) in enumerate(liked)]
    passing = [s for s in swaps
               if any(s.lm_gain >= lm and s.gain > cos for lm, cos in tiers)]
    return max(passing, key=lambda s: s.lm_gain, default=None)


def message(swap: Swap) -> str:
    """What the finding says: the word, its opposite, the two witnesses."""
    return (f'The English says "{swap.word.text}", which no Chinese word anchors; '
            f'"{swap.opposite}" reads better in the sentence and is closer to the Chinese: '
            f"check whether one side says the opposite.")
