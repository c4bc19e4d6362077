"""Obligation against permission: "the Buyer may inspect" where the Chinese says 应.

In a contract or a law, "must" (and "shall") oblige, "may" permits, and the
Chinese says the same with 应, 应当, 须, 必须 against 可, 可以.  A pair whose
English only obliges while its Chinese only permits (or the reverse) has turned
a duty into a right, the kind of reversal a lawyer reads for.  The test is
kept narrow, since both words have other senses: a prohibition on either side
(不得, 不应, "shall not", "may not") leaves the pair to the negation test;
"may be", "may have", "may well", "must be" guess, and 可能 is "possibly";
"shall" also tells the future, so it never makes a finding of its own; "can"
and 能 may permit, so they block a finding;
应 and 可 count only as words of their own (not in 应用, 反应, 可怕, 可能).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bialign.checks.coverage import zh_tokens

# "shall" obliges in a contract but tells the future in older prose ("she shall
# be called Woman" against 可以称她为女人: 26 warnings in 3,000 Bible verses), so
# only "must" makes a finding; "shall" still blocks the reverse one.
_EN_OBLIGATION = re.compile(r"\bmust\b(?!\s+not\b)(?!\s+(?:be|have)\b)", re.IGNORECASE)
_EN_SHALL = re.compile(r"\bshall\b(?!\s+not\b)", re.IGNORECASE)
_EN_MAY = re.compile(r"\bmay\b(?!\s+(?:not|be|have|well|also\s+be|never)\b)", re.IGNORECASE)
_EN_CAN = re.compile(r"\b(?:can|could)\b(?!not\b)(?!['’]t)", re.IGNORECASE)
_EN_PROHIBITION = re.compile(r"\b(?:shall|must|may|can)(?:\s+not\b|n['’]t)|\bcannot\b",
                             re.IGNORECASE)
# Whole jieba words only: 应 in 应用, 反应, 相应 and 可 in 可怕, 可能 oblige and permit nothing.
_ZH_OBLIGATION = frozenset({"应", "应当", "应该", "须", "必须", "务必"})
_ZH_PERMISSION = frozenset({"可", "可以"})
_ZH_ABILITY = frozenset({"能", "能够", "可能"})
_ZH_PROHIBITION = re.compile(r"不得|不应|不可|禁止|不能|不许|不准|不必|无须|无需|不须|严禁")


@dataclass(frozen=True)
class ModalitySwap:
    """The English modal and the Chinese one that say duty and right the other way."""

    en: str
    en_start: int
    zh: str
    zh_start: int
    en_obliges: bool  # True: English "shall"/"must" against Chinese 可; False: the reverse


def modality_swap(en: str, zh: str,
                  tokens: list[tuple[str, int, int]] | None = None) -> ModalitySwap | None:
    """The first English modal of the pair when its English only obliges and
    its Chinese only permits, or the reverse; None otherwise (``tokens``: the
    Chinese cut into words, if already cut).  "can" and 能
    (ability, often permission) block a finding but never make one."""
    if not (_EN_OBLIGATION.search(en) or _EN_MAY.search(en)) or _ZH_PROHIBITION.search(zh) \
            or _EN_PROHIBITION.search(en):
        return None
    words = zh_tokens(zh) if tokens is None else tokens
    zh_ob = next(((w, a) for w, a, _ in words if w in _ZH_OBLIGATION), None)
    zh_perm = next(((w, a) for w, a, _ in words if w in _ZH_PERMISSION), None)
    zh_able = any(w in _ZH_ABILITY for w, _, _ in words)
    en_ob, en_may, en_can = _EN_OBLIGATION.search(en), _EN_MAY.search(en), _EN_CAN.search(en)
    if en_ob and not en_may and not en_can and zh_perm and not zh_ob:
        return ModalitySwap(en_ob.group(), en_ob.start(), zh_perm[0], zh_perm[1], True)
    if en_may and not en_ob and not _EN_SHALL.search(en) and zh_ob and not zh_perm and \
            not zh_able:
        return ModalitySwap(en_may.group(), en_may.start(), zh_ob[0], zh_ob[1], False)
    return None


def message(swap: ModalitySwap) -> str:
    """What the finding says."""
    if swap.en_obliges:
        return (f'The English "{swap.en}" obliges, but the Chinese {swap.zh} permits ("may"):'
                f" check whether a duty became a right.")
    return (f'The English "{swap.en}" permits, but the Chinese {swap.zh} obliges ("shall"):'
            f" check whether a right became a duty.")
