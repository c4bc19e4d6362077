"""A negated English auxiliary against its un-negated Chinese rendering ("was not" / 是).

The dictionary alignment of ``negation_align`` links content words only, so
for "X was not Y" it looks for Y's translation, and literary renderings often
have none.  The auxiliary itself is a surer place: when the Chinese clauses
that render the cue's clause (``negation_clauses``) hold its rendering (是 for
"was", 能 for "can": ``AUXILIARY_RENDERINGS``) as a word of its own with no
negation right before it, the Chinese affirms what the English denies.
``rendered_copula`` gives that word with the one after it.

Measured with bench_negation_split.py --seeds (dropped or inserted negations of
bench/perturb.py; faithful MAC-Dev): for a cue that stands alone, or is
contradicted while the Chinese negates elsewhere, and clauses with no Chinese
negation marker, 14 more of 480 negations found on seeds 1-8 and 14 on seeds
9-16 (not tuned on: 13 and 11 from the copula, the rest from the modals), no
false warning on faithful MAC-Dev (one without the marker condition).  The
mirror for Chinese modals (不能, 不会 against an un-negated "can", "will":
``rendered_en_modal``) found 2 and 3 more, no false warning.  With
no dictionary anchor while the Chinese negates elsewhere: 10 injected against
7 faithful on seeds 1-8, not used.  The mirror (不是 against an un-negated
"was") found 13 more and made 4 false warnings (不是个好东西 "a jerk",
不是滋味 "bitter"); 没有 against an un-negated "there was" / "had" found 2 more
(0 on seeds 9-16) for 1 false warning: neither is used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bialign.checks.coverage import Coverage, Word
from bialign.checks.negation_align import Cue
from bialign.checks.negation_clauses import rendering_clauses

# English auxiliaries and the Chinese words that render them as words of their
# own: a negated auxiliary against one of these, un-negated, is the contradiction.
AUXILIARY_RENDERINGS: dict[str, frozenset[str]] = {
    "be": frozenset({"是"}),
    "can": frozenset({"能", "能够", "可以", "会", "可能"}),
    "will": frozenset({"会", "将", "要"}),
    "should": frozenset({"应", "应该", "应当", "该"}),
    "must": frozenset({"必须", "得", "要"}),
}
_AUXILIARY = {"is": "be", "was": "be", "are": "be", "were": "be", "am": "be",
              "can": "can", "could": "can", "will": "will", "would": "will",
              "should": "should", "must": "must"}
_EN_AUX_BEFORE = re.compile(r"\b(" + "|".join(_AUXILIARY) + r")\s+$", re.I)
_EN_NEGATED_AUX = re.compile(r"^(" + "|".join(_AUXILIARY) + r"|ca|wo)n['’]t$|^cannot$", re.I)
# Every English auxiliary a "not" may follow, with or without a Chinese rendering.
AUXILIARIES = ("is", "are", "was", "were", "am", "be", "been", "do", "does", "did", "have",
               "has", "had", "can", "could", "will", "would", "shall", "should", "may",
               "might", "must", "need", "dare")
_EN_ANY_AUX_BEFORE = re.compile(r"\b(?:" + "|".join(AUXILIARIES) + r")\s+$", re.I)
_EN_ANY_NEGATED_AUX = re.compile(r"(?:cannot|\w+n['’]t)$", re.I)
_ZH_NEGATIONS = "不没非未无别"
# A negation one or two characters before the word (不是, 并不是, 也不能) negates it.
_ZH_NEGATED_BEFORE = re.compile(r"[不没非未无别][\u4e00-\u9fff]?$")


def negated_auxiliary(en: str, cue: Cue) -> str | None:
    """The auxiliary an English cue negates ("be" for "was not" / "wasn't",
    "can" for "cannot" / "could not"), or None."""
    if cue.side != "en":
        return None
    low = cue.text.lower().replace("’", "'")
    if low == "not":
        before = _EN_AUX_BEFORE.search(en[:cue.start])
        return _AUXILIARY[before.group(1).lower()] if before else None
    if low == "cannot":
        return "can"
    negated = _EN_NEGATED_AUX.match(low)
    if not negated:
        return None
    stem = negated.group(1)
    return {"ca": "can", "wo": "will"}.get(stem) or _AUXILIARY.get(stem)


def negates_auxiliary(en: str, cue: Cue) -> bool:
    """True for "not" right after any auxiliary (was not, did not, may not) and
    for a negated auxiliary (wasn't, didn't, cannot): without the negation the
    sentence stays well formed."""
    if cue.side != "en":
        return False
    low = cue.text.lower()
    if low == "not":
        return bool(_EN_ANY_AUX_BEFORE.search(en[:cue.start]))
    return bool(_EN_ANY_NEGATED_AUX.fullmatch(low))


def rendered_copula(en: str, zh: str, cue: Cue, cov: Coverage,
                    zh_tokens: list[tuple[str, int, int]],
                    zh_markers: Sequence[int]) -> Word | None:
    """The un-negated rendering of a negated English auxiliary (是 for "was
    not", 能 for "cannot"), with the word after it, in the Chinese clauses that
    render the cue's clause, or in the whole Chinese when the dictionary links
    nothing of that clause; None when there is none, or when those clauses
    hold a negation marker (offsets ``zh_markers``: 是不规则的 "was irregular"
    renders "was not periodic")."""
    auxiliary = negated_auxiliary(en, cue)
    if auxiliary is None:
        return None
    spans = rendering_clauses(cov, "en", cue.start, en, zh) or [(0, len(zh))]
    if any(a <= x < b for a, b in spans for x in zh_markers):
        return None
    renderings = AUXILIARY_RENDERINGS[auxiliary]
    for k, (text, start, end) in enumerate(zh_tokens):
        if text not in renderings or not any(a <= start < b for a, b in spans) or \
                _ZH_NEGATED_BEFORE.search(zh[max(0, start - 2):start]):
            continue
        after = zh_tokens[k + 1] if k + 1 < len(zh_tokens) else None
        if after and after[0][0] in _ZH_NEGATIONS:  # 是不如 "is not as ...": negative
            continue
        stop = after[2] if after and re.match(r"[\u4e00-\u9fff]", after[0]) else end
        return Word(zh[start:stop], start, stop, text)
    return None




# Chinese modals and the English auxiliaries that render them (the mirror of
# ``AUXILIARY_RENDERINGS``; 是 left out, see the module's docstring).
ZH_MODAL_RENDERINGS: dict[str, str] = {
    "能": "can|could", "能够": "can|could", "可以": "can|could|may", "会": "will|would",
    "应该": "should|ought", "应当": "should|ought", "该": "should", "必须": "must",
    "要": "will|would|must"}
_ZH_MODALS_LONGEST_FIRST = sorted(ZH_MODAL_RENDERINGS, key=len, reverse=True)


def rendered_en_modal(en: str, zh: str, cue: Cue, cov: Coverage,
                      en_markers: Sequence[int]) -> Word | None:
    """For a Chinese cue before a modal (不能, 不会, 不可以), the English modal
    that renders it, not negated, in the English clauses that render the cue's
    clause (or in the whole English when the dictionary links nothing of it),
    those clauses holding no English negation marker (offsets ``en_markers``)."""
    if cue.side != "zh":
        return None
    rest = zh[cue.start + len(cue.text):]
    modal = next((m for m in _ZH_MODALS_LONGEST_FIRST if rest.startswith(m)), None)
    if modal is None:
        return None
    spans = rendering_clauses(cov, "zh", cue.start, zh, en) or [(0, len(en))]
    if any(a <= x < b for a, b in spans for x in en_markers):
        return None
    pattern = re.compile(rf"\b(?:{ZH_MODAL_RENDERINGS[modal]})\b(?!\s+not\b|n['’]t)", re.I)
    found = next((m for a, b in spans for m in pattern.finditer(en, a, b)), None)
    return Word(found.group(), found.start(), found.end(), modal) if found else None
