"""Word tokens with character offsets, for the checks.

English uses the same blank spaCy tokenizer as sentence segmentation
(``don't`` -> ``do`` + ``n't``, ``U.S.-China`` and URLs stay whole); Chinese
uses jieba in accurate mode, imported on first use and kept quiet.  jieba
keeps its dictionary cache in the system temp directory (its default), nowhere
else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

from bialign.records import Lang

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Token:
    """One word or punctuation mark: ``text == source[start:end]``."""

    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        """True if the token holds a letter, digit or CJK character."""
        return any(ch.isalnum() for ch in self.text)


@lru_cache(maxsize=1)
def jieba_module() -> ModuleType:
    """jieba, imported and initialised once with its start-up chatter silenced;
    its word list is read lazily from a store in bialign's cache folder
    (``checks.dictionary_jieba``), so start-up costs milliseconds, not a second."""
    import jieba

    from bialign.checks.dictionary_jieba import install_word_index

    jieba.setLogLevel(logging.WARNING)
    install_word_index(jieba.dt)
    jieba.initialize()
    return jieba


def _english(text: str) -> list[Token]:
    from bialign.segment import english_pipeline

    doc = english_pipeline().make_doc(text)
    return [Token(t.text, t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]


def _chinese(text: str) -> list[Token]:
    jieba = jieba_module()
    return [Token(word, start, end) for word, start, end in jieba.tokenize(text)
            if not word.isspace()]


def tokenize(text: str, lang: Lang) -> list[Token]:
    """Tokens of ``text`` in order, whitespace dropped, punctuation kept.

    Keep only ``token.is_word`` tokens to get words.  Several checks read the
    same sentence, so recent results are kept (a fresh list is returned each time).
    """
    return list(_tokens(text, lang))


@lru_cache(maxsize=4096)
def _tokens(text: str, lang: Lang) -> tuple[Token, ...]:
    return tuple(_chinese(text) if lang == "zh" else _english(text))
