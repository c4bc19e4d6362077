"""`bialign check`: tables and TMX in, the same rows out with score, flags, messages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import bialign.pipeline as pipeline
from bialign.cli import main
from bialign.report import write_reports
from tests.fakes import FakeEncoder
from tests.sample_result import consensus_result


@pytest.fixture(autouse=True)
def fake_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "load_encoder", lambda name, **options: FakeEncoder())


@pytest.mark.parametrize("suffix", [".tsv", ".csv", ".xlsx"])
def test_rows_come_back_with_other_columns_kept(tmp_path: Path, suffix: str) -> None:
    pairs = tmp_path / "pairs.tsv"
    pd.DataFrame({"id": ["a", "b"], "zh": ["猫在树下睡觉。", "他有3本书。"],
                  "en": ["The cat sleeps under the tree.", "He has 5 books."]}
                 ).to_csv(pairs, sep="\t", index=False)
    out = tmp_path / f"out{suffix}"
    assert main(["check", str(pairs), "-o", str(out), "--quiet", "--no-cache"]) == 0
    table = (pd.read_excel(out, dtype=str) if suffix == ".xlsx"
             else pd.read_csv(out, sep="," if suffix == ".csv" else "\t", dtype=str,
                              keep_default_na=False))
    assert list(table.columns) == ["id", "zh", "en", "score", "flags", "messages"]
    assert list(table["id"]) == ["a", "b"]
    assert "number" in table["flags"][1] and "5" in table["messages"][1]
    assert all(0.0 <= float(s) <= 1.0 for s in table["score"])


def test_tmx_written_by_run_is_read_back_by_check(tmp_path: Path) -> None:
    result = consensus_result()
    (tmp_path / "report").mkdir()
    write_reports(result, tmp_path / "report")
    out = tmp_path / "checked.tsv"
    assert main(["check", str(tmp_path / "report" / "alignment.tmx"), "-o", str(out),
                 "--quiet", "--no-cache"]) == 0
    table = pd.read_csv(out, sep="\t", dtype=str, keep_default_na=False)
    two_sided = [link for link in result.links if link.en and link.zh]
    assert len(table) == len(two_sided)
    principals = table[table["en"].str.contains("principals")]
    assert len(principals) == 1 and "wrong_word" in principals["flags"].iloc[0]
