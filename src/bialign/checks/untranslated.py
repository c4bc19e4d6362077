"""Untranslated check: source-language text left on the other side.

* Chinese characters inside the English (a phrase nobody translated);
* an English clause copied into the Chinese where the English has the same
  words (Latin names, acronyms and titles inside Chinese are normal and are
  left alone: only runs of several lower-case words count);
* a pair whose two sides are the same text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bialign.checks import CheckConfig, CheckResources, severity_for, two_sided
from bialign.records import Finding, Pair

_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff，、：；0-9]*")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’,-]*(?:\s+[A-Za-z][A-Za-z'’,-]*)+")
_WORD = re.compile(r"[A-Za-z]+")
_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")


@dataclass(frozen=True)
class UntranslatedCheckConfig:
    """Scores (0..1) and sizes of the untranslated check."""

    han_copied_score: float = 0.9  # Chinese in the English that is also in the Chinese
    han_score: float = 0.7  # other Chinese characters in the English
    clause_score: float = 0.85  # an English clause copied into the Chinese
    identical_score: float = 0.9  # both sides the same text
    # An English run in the Chinese counts from this many words, of which at
    # least ``min_lower_words`` are lower-case (names are capitalised).
    min_clause_words: int = 4
    min_lower_words: int = 2
    # Identical sides shorter than this many letters are codes or names ("WTO").
    min_identical_letters: int = 12


DEFAULT_UNTRANSLATED_CONFIG = UntranslatedCheckConfig()


class UntranslatedCheck:
    """Text left in the source language."""

    name = "untranslated"

    def __init__(self, *, options: UntranslatedCheckConfig = DEFAULT_UNTRANSLATED_CONFIG
                 ) -> None:
        self.options = options

    def run(self, pairs: Sequence[Pair], resources: CheckResources,
            config: CheckConfig) -> list[Finding]:
        """Findings for every pair with text on both sides."""
        return [finding for pair in two_sided(pairs) for finding in self.check_pair(pair, config)]

    def check_pair(self, pair: Pair, config: CheckConfig) -> list[Finding]:
        """Identical sides, else Chinese in the English and English in the Chinese."""
        if pair.en.strip() == pair.zh.strip():
            letters = sum(c.isalpha() for c in pair.en)
            if letters < self.options.min_identical_letters:
                return []
            text = pair.en.strip()
            return [self._finding(pair, self.options.identical_score, config, text, text,
                                  "Both sides have the same text: it was not translated.")]
        return self._han_in_english(pair, config) + self._english_in_chinese(pair, config)

    def _han_in_english(self, pair: Pair, config: CheckConfig) -> list[Finding]:
        findings = []
        for match in _HAN_RUN.finditer(pair.en):
            run = match.group().rstrip("，、：；0123456789")
            copied = run in pair.zh
            score = self.options.han_copied_score if copied else self.options.han_score
            findings.append(self._finding(
                pair, score, config, run, run if copied else "",
                f"The English contains Chinese text ({run}) that was not translated."))
        return findings

    def _english_in_chinese(self, pair: Pair, config: CheckConfig) -> list[Finding]:
        findings = []
        en_lower = pair.en.lower()
        text = _URL.sub(lambda m: " " * len(m.group()), pair.zh)
        for match in _LATIN_RUN.finditer(text):
            run = match.group().strip(" ,-")
            words = _WORD.findall(run)
            lower = [w for w in words if w.islower() and len(w) > 1]
            if len(words) < self.options.min_clause_words or \
                    len(lower) < self.options.min_lower_words:
                continue  # a name or a title: normal inside Chinese
            if run.lower() not in en_lower:
                continue
            findings.append(self._finding(
                pair, self.options.clause_score, config, _exact(pair.en, run), run,
                f'The Chinese repeats the English "{run}" instead of translating it.'))
        return findings

    def _finding(self, pair: Pair, score: float, config: CheckConfig, en_text: str,
                 zh_text: str, message: str) -> Finding:
        return Finding(category=self.name, severity=severity_for(score, config), score=score,
                       link=pair.index, message=message, en_evidence=en_text,
                       zh_evidence=zh_text)


def _exact(text: str, run: str) -> str:
    """``run`` as it is written in ``text`` (matched case-insensitively)."""
    start = text.lower().find(run.lower())
    return text[start:start + len(run)] if start >= 0 else ""


CHECK = UntranslatedCheck()
