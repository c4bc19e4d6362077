"""The pipeline's own logic: language assignment, the link invariant,
atomic publishing, the not-parallel verdict."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bialign.errors import AlignmentInvariantError, LanguageError
from bialign.pipeline import (
    assign_languages,
    linked_share,
    make_pairs,
    parallel_verdict,
    verify_links,
)
from bialign.records import Block, Document, Link, Sentence
from tests.fakes import FakeEncoder

EN_TEXT = "The cat sleeps under the big tree near the river every afternoon."
ZH_TEXT = "猫每天下午都在河边的大树下睡觉，直到太阳落山才回家吃饭。"


def doc(lang: str, *texts: str, path: str = "x") -> Document:
    return Document(path=path, lang=lang, blocks=tuple(Block(t) for t in texts))  # type: ignore[arg-type]


def test_languages_in_either_order() -> None:
    en, zh = doc("en", EN_TEXT, path="a"), doc("zh", ZH_TEXT, path="b")
    assert assign_languages(en, zh) == (en, zh)
    assert assign_languages(zh, en) == (en, zh)


def test_two_files_in_one_language_is_an_error_naming_the_file() -> None:
    with pytest.raises(LanguageError, match="both files are in English") as info:
        assign_languages(doc("en", EN_TEXT, path="a.pdf"), doc("en", EN_TEXT, path="b.pdf"))
    assert "b.pdf" in str(info.value)


def test_bilingual_file_is_an_error() -> None:
    mixed = doc("en", EN_TEXT, ZH_TEXT, EN_TEXT, ZH_TEXT, path="both.pdf")
    with pytest.raises(LanguageError, match="both English"):
        assign_languages(mixed, doc("zh", ZH_TEXT))


def test_verify_links_accepts_a_complete_monotone_alignment() -> None:
    verify_links([Link((0, 1), (0,)), Link((2,), ()), Link((), (1,)), Link((3,), (2, 3))], 4, 4)


@pytest.mark.parametrize(
    ("links", "problem"),
    [
        ([Link((0,), (0,))], "cover 1/2"),  # a sentence lost
        ([Link((0,), (0,)), Link((0, 1), (1,))], "expected to start at 1"),  # repeated
        ([Link((1,), (0,)), Link((0,), (1,))], "expected to start at 0"),  # not monotone
        ([Link((0, 1), (0, 1)), Link((), ())], "empty"),
    ],
)
def test_verify_links_rejects_broken_alignments(links: list[Link], problem: str) -> None:
    with pytest.raises(AlignmentInvariantError, match=problem):
        verify_links(links, 2, 2)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)).filter(lambda t: t != (0, 0)),
                max_size=30))
def test_verify_links_property_any_partition_is_valid(sizes: list[tuple[int, int]]) -> None:
    links, e, z = [], 0, 0
    for a, b in sizes:
        links.append(Link(tuple(range(e, e + a)), tuple(range(z, z + b))))
        e, z = e + a, z + b
    verify_links(links, e, z)


def test_make_pairs_joins_english_with_spaces_and_chinese_without() -> None:
    en = [Sentence(0, "One.", 0), Sentence(1, "Two.", 0)]
    zh = [Sentence(0, "一。", 0), Sentence(1, "二。", 0)]
    [pair] = make_pairs([Link((0, 1), (0, 1), score=0.5)], en, zh)
    assert (pair.en, pair.zh, pair.similarity) == ("One. Two.", "一。二。", 0.5)


def test_verdict_only_when_few_sentences_link() -> None:
    assert parallel_verdict(0.9) == ""
    assert "12%" in parallel_verdict(0.12)


def test_linked_share_is_high_for_translations_and_low_for_unrelated_text() -> None:
    import random

    from tests.fakes import GLOSSARY

    rng = random.Random(0)
    vocab = list(GLOSSARY.items())
    picks = [rng.sample(vocab, 3) for _ in range(30)]
    en = [Sentence(i, " ".join(e for _, e in p), 0) for i, p in enumerate(picks)]
    zh = [Sentence(i, "".join(z for z, _ in p), 0) for i, p in enumerate(picks)]
    enc = FakeEncoder()

    def links(shift: int) -> list[Link]:
        out = []
        for i in range(30):
            j = (i + shift) % 30
            score = float(enc.encode([en[i].text])[0] @ enc.encode([zh[j].text])[0])
            out.append(Link((i,), (j,), score=score))
        return out

    assert linked_share(links(0), en, zh, enc) >= 0.9
    assert linked_share(links(7), en, zh, enc) <= 0.3


def test_publish_is_atomic_and_keeps_an_earlier_review(tmp_path, monkeypatch) -> None:
    from pathlib import Path

    import bialign.report as report
    from bialign.pipeline import PREVIOUS_REVIEW_FILE, REVIEW_FILE, RunOutput, publish

    def fake_write(result, out_dir: Path, *, pair_scores=None) -> list[Path]:
        (out_dir / "report.html").write_text("new", encoding="utf-8")
        return [out_dir / "report.html"]

    monkeypatch.setattr(report, "write_reports", fake_write)
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("old", encoding="utf-8")
    (out / REVIEW_FILE).write_bytes(b"decisions")
    output = RunOutput(result=None, pair_scores=())  # type: ignore[arg-type]
    publish(output, out)
    assert (out / "report.html").read_text(encoding="utf-8") == "new"
    assert (out / PREVIOUS_REVIEW_FILE).read_bytes() == b"decisions"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging left behind


def test_publish_failure_leaves_the_old_report(tmp_path, monkeypatch) -> None:
    import bialign.report as report
    from bialign.pipeline import RunOutput, publish

    def failing_write(result, out_dir, *, pair_scores=None):
        (out_dir / "report.html").write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "write_reports", failing_write)
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        publish(RunOutput(result=None, pair_scores=()), out)  # type: ignore[arg-type]
    assert (out / "report.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# ---------------------------------------------------------------- encoding progress


class RecordingProgress:
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def stage(self, name: str) -> None:
        self.events.append(("stage", name))

    def update(self, done: int, total: int) -> None:
        self.events.append(("update", (done, total)))

    def close(self) -> None:
        return None


def test_large_encoding_calls_report_progress_then_resume_the_stage() -> None:
    from bialign.pipeline import ENCODING_CHUNK, REPORT_ENCODING_FROM, ReportingEncoder
    from tests.fakes import FakeEncoder

    progress = RecordingProgress()
    inner = FakeEncoder()
    encoder = ReportingEncoder(inner, progress, "Aligning")
    texts = [f"sentence number {i}" for i in range(max(REPORT_ENCODING_FROM, ENCODING_CHUNK) + 10)]
    vectors = encoder.encode(texts)
    assert np.allclose(vectors, inner.encode(texts))
    stages = [e for e in progress.events if e[0] == "stage"]
    assert stages == [("stage", f"Encoding {len(texts):,} sentences and spans not in the cache"),
                      ("stage", "Aligning")]
    updates = [e[1] for e in progress.events if e[0] == "update"]
    assert updates[0] == (ENCODING_CHUNK, len(texts)) and updates[-1] == (len(texts), len(texts))
    assert progress.events[-1] == ("stage", "Aligning")
    # small calls (the checks' few strings) stay silent
    progress.events.clear()
    encoder.encode(texts[:3])
    assert progress.events == []
