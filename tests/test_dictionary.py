"""CC-CEDICT index: gloss cleaning, lemmatiser, reverse index, cache; the
on-disk store read lazily, and jieba's word list served from it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bialign.checks.dictionary import (
    DictionaryConfig,
    _read_cache,
    _write_cache,
    build_index,
    clean_glosses,
    lemmatise,
    load_dictionary,
)
from bialign.checks.dictionary_jieba import (
    WordFrequencies,
    install_word_index,
    prefix_dictionary,
)
from bialign.checks.dictionary_store import StoreUnreadable, open_store, write_store

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
    assert list(tmp_path.glob("cedict-*.sqlite"))
    assert cached.translations("原则") == first.translations("原则") == ["principle", "doctrine"]
    assert len(cached) == len(first) > 180_000  # both scripts of 122,143 entries
    assert "原则" in cached.words_for("principle")


def test_stored_index_answers_like_the_built_one(tmp_path: Path) -> None:
    built = build_index(LINES)
    path = tmp_path / "index.sqlite"
    _write_cache(path, built)
    stored = _read_cache(path)
    assert stored is not None and len(stored) == len(built)
    for word in ("原则", "原則", "校长", "做", "则", "原侧"):  # 原侧: not a headword
        assert stored.contains(word) == built.contains(word)
        assert stored.translations(word) == built.translations(word)
        assert stored.lemmas(word) == built.lemmas(word)
    for word in ("principles", "principal", "write", "xylophone"):
        assert stored.words_for(word) == built.words_for(word)
        assert stored.frequency(word) == built.frequency(word)
    assert stored.vocabulary == built.vocabulary
    assert stored.homophones("则", "泽") and not stored.homophones("则", "做")


def test_unreadable_index_is_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import bialign.checks.dictionary as dictionary

    config = DictionaryConfig(cache_dir=tmp_path)
    broken = dictionary._cache_file(tmp_path)
    broken.write_bytes(b"not a database")
    monkeypatch.setattr(dictionary, "_cedict_path", lambda: _gzipped(tmp_path, LINES))
    load_dictionary.cache_clear()
    with caplog.at_level(logging.WARNING):
        rebuilt = load_dictionary(config=config)
    load_dictionary.cache_clear()
    assert "unreadable" in caplog.text
    assert rebuilt.translations("原则") == ["principle", "doctrine"]
    reopened = _read_cache(broken)
    assert reopened is not None and reopened.translations("原则") == ["principle", "doctrine"]


def _gzipped(folder: Path, lines: list[str]) -> Path:
    import gzip

    path = folder / "cedict.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return path


def test_store_tables_are_lazy_mappings(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    write_store(path, {"freq": {"中": 0, "中国": 7}}, {"total": "7"})
    store = open_store(path)
    freq = store.table("freq")
    assert store.meta["total"] == "7" and len(freq) == 2
    assert "中" in freq and freq["中"] == 0 and freq.get("中国") == 7
    assert "美国" not in freq and freq.get("美国") is None
    with pytest.raises(KeyError):
        freq["美国"]
    assert sorted(freq) == ["中", "中国"]
    with pytest.raises(StoreUnreadable):
        open_store(tmp_path / "missing.sqlite")


def test_word_frequencies_keep_added_words_in_front(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    write_store(path, {"freq": {"中": 0, "中国": 7}}, {"total": "7"})
    words = WordFrequencies(open_store(path).table("freq"))
    words["营商"] = 3  # what jieba.add_word does
    assert words["营商"] == 3 and words.get("中国") == 7 and "营" not in words
    assert len(words) == 3 and set(words) == {"中", "中国", "营商"}


@pytest.mark.slow
def test_prefix_dictionary_is_jiebas_own(tmp_path: Path) -> None:
    import jieba

    small = tmp_path / "dict.txt"  # a repeated word counts twice in the total, as in jieba
    small.write_bytes("原则 30 n\n原则性 5 n\n共识 20 n\n原则 30 n\nB超 3\n".encode())
    for tokenizer in (jieba.Tokenizer(), jieba.Tokenizer(str(small))):
        with tokenizer.get_dict_file() as fh:
            expected = tokenizer.gen_pfdict(fh)
        assert prefix_dictionary(tokenizer) == expected
    assert prefix_dictionary(jieba.Tokenizer(str(small))) == (
        {"原则": 30, "原则性": 5, "共识": 20, "B超": 3, "原": 0, "共": 0, "B": 0}, 88)


def test_jieba_segments_the_same_from_the_stored_word_list(tmp_path: Path) -> None:
    import jieba

    text = "美中数字经济二轨对话达成的共识：双方应坚持原则，避免采取单边措施。"
    reference = jieba.Tokenizer()
    reference.initialize()
    lazy = jieba.Tokenizer()
    assert install_word_index(lazy, cache_dir=tmp_path)
    assert not install_word_index(lazy, cache_dir=tmp_path)  # already initialised
    assert list(lazy.tokenize(text)) == list(reference.tokenize(text))
    assert lazy.total == reference.total
    assert ("数字经济" in lazy.FREQ) == ("数字经济" in reference.FREQ)
    assert "原侧则" not in lazy.FREQ
    again = jieba.Tokenizer()
    assert install_word_index(again, cache_dir=tmp_path)  # from the store just written
    assert list(again.tokenize(text)) == list(reference.tokenize(text))
