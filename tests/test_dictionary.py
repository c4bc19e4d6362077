"""CC-CEDICT index: gloss cleaning, lemmatiser, reverse index, cache."""

from __future__ import annotations

import pytest

from bialign.checks.dictionary import (
    DictionaryConfig,
    build_index,
    clean_glosses,
    lemmatise,
    load_dictionary,
)

LINES = [
    "# comment",
    "原則 原则 [yuan2 ze2] /principle/doctrine/CL:個|个[ge4]/",
    "校長 校长 [xiao4 zhang3] /(college, university) president/headmaster/principal/",
    "做 做 [zuo4] /to make; to produce/to write/variant of 作[zuo4]/",
    "則 则 [ze2] /(conjunction used to express contrast)/rule/",
    "澤 泽 [ze2] /pool/pond/",
]


@pytest.mark.parametrize("raw, expected", [
    ("principle/doctrine/CL:個|个[ge4]", ["principle", "doctrine"]),
    ("to make; to produce/to write", ["make", "produce", "write"]),
    ("variant of 作[zuo4]/to do", ["do"]),
    ("(college, university) president", ["president"]),
    ("see 拜拜[bai2 bai2]/surname Wang", []),
])
def test_clean_glosses(raw: str, expected: list[str]) -> None:
    assert clean_glosses(raw) == expected


VOCAB = {"principal", "principle", "state", "run", "study", "box", "happy", "news", "new"}


@pytest.mark.parametrize("word, lemma", [
    ("principals", "principal"), ("principles", "principle"), ("stated", "state"),
    ("running", "run"), ("studies", "study"), ("boxes", "box"), ("happiest", "happy"),
    ("children", "child"), ("unknownish", "unknownish"), ("state", "state"),
])
def test_lemmatise(word: str, lemma: str) -> None:
    assert lemmatise(word, VOCAB) == lemma


def test_build_index_keeps_all_headwords_and_both_scripts() -> None:
    d = build_index(LINES)
    assert d.translations("原则") == d.translations("原則") == ["principle", "doctrine"]
    assert d.contains("校長") and not d.contains("原侧")
    assert d.words_for("principles")[0] == "原则"
    assert "校长" in d.words_for("principal")
    assert d.translations("做") == ["make", "produce", "write"]


def test_homophones_ignore_tones() -> None:
    d = build_index(LINES)
    assert d.homophones("则", "泽") and not d.homophones("则", "做")


@pytest.mark.slow
def test_cached_load_equals_parsed(tmp_path) -> None:
    config = DictionaryConfig(cache_dir=tmp_path)
    load_dictionary.cache_clear()
    first = load_dictionary(config=config)
    load_dictionary.cache_clear()
    cached = load_dictionary(config=config)
    assert list(tmp_path.glob("cedict-*.pickle"))
    assert cached.translations("原则") == first.translations("原则") == ["principle", "doctrine"]
    assert len(cached) == len(first) > 180_000  # both scripts of 122,143 entries
    assert "原则" in cached.words_for("principle")
