"""Inputs that are not what bialign expects: it says so plainly, loses nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bialign.cli import main

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def run(tmp_path: Path, first: Path, second: Path, capsys: pytest.CaptureFixture[str]
        ) -> tuple[int, str]:
    code = main(["run", str(first), str(second), "-o", str(tmp_path / "out"), "--no-cache"])
    return code, capsys.readouterr().err


def test_two_english_files_exit_1_and_write_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(tmp_path, CORPORA / "udhr/en.txt", CORPORA / "consensus-2020/en.txt",
                    capsys)
    assert code == 1 and "both files are in English" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_bilingual_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    en = (CORPORA / "udhr/en.txt").read_text(encoding="utf-8").split("\n\n")
    zh = (CORPORA / "udhr/zh.txt").read_text(encoding="utf-8").split("\n\n")
    mixed = tmp_path / "both.txt"
    mixed.write_text("\n\n".join(p for pair in zip(en, zh, strict=False) for p in pair),
                     encoding="utf-8")
    code, err = run(tmp_path, mixed, CORPORA / "udhr/zh.txt", capsys)
    assert code == 1 and "both.txt" in err and "both English" in err


@pytest.mark.slow
def test_documents_that_are_not_translations_get_a_verdict_not_findings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(tmp_path, CORPORA / "consensus-2020/en.txt", CORPORA / "udhr/zh.txt",
                    capsys)
    assert code == 0
    assert "do not look like two versions of one document" in err
    data = json.loads((tmp_path / "out" / "alignment.json").read_text(encoding="utf-8"))
    findings = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert findings["findings"] == []
    for side in ("en", "zh"):  # nothing lost even so
        assert [i for link in data["links"] for i in link[side]] == list(
            range(len(data["sentences"][side])))


@pytest.mark.slow
def test_a_short_document_is_checked_not_judged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    en, zh = tmp_path / "en.txt", tmp_path / "zh.txt"
    en.write_text("The cat sleeps under the tree.\nHe has five books.\nThe river is cold.\n",
                  encoding="utf-8")
    zh.write_text("猫在树下睡觉。\n他有三本书。\n河水很冷。\n", encoding="utf-8")
    code, err = run(tmp_path, en, zh, capsys)
    assert code == 0 and "do not look like" not in err
    findings = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert [f["category"] for f in findings["findings"]] == ["number"]


def test_the_same_file_twice_is_named_before_reading(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(tmp_path, CORPORA / "udhr/en.pdf", CORPORA / "udhr/en.pdf", capsys)
    assert code == 1 and "is the same file as the first input" in err
