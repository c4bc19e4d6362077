"""The command line contract: exit codes, one-line errors, every command documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bialign.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["run", "only-one-file.pdf"])
    assert info.value.code == 2
    assert "usage" in capsys.readouterr().err


def test_missing_input_is_one_line_naming_the_file(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "zh.txt"
    other.write_text("这是中文。\n", encoding="utf-8")
    code = main(["run", str(tmp_path / "nope.pdf"), str(other), "-o", str(tmp_path / "out"),
                 "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.startswith("Error: ") and "nope.pdf" in err and "\n" not in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_check_rejects_a_table_without_en_and_zh_columns(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("source\ttarget\n你好\thello\n", encoding="utf-8")
    code = main(["check", str(pairs), "-o", str(tmp_path / "out.tsv"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and "no column named zh or en" in err and "pairs.tsv" in err


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands, "no sub-commands found"
    for name, sub in commands.items():
        assert re.search(rf"bialign {name}\b", readme), f"'bialign {name}' not in README"
        for action in sub._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag not in ("--help",):
                    assert flag in readme, f"{flag} of 'bialign {name}' not in README"


@pytest.mark.parametrize("setup", ["inputs_inside", "foreign_file", "is_a_file"])
def test_output_that_would_destroy_files_is_refused_before_any_work(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str) -> None:
    en, zh = tmp_path / "en.txt", tmp_path / "zh.txt"
    en.write_text("The cat sleeps.\n", encoding="utf-8")
    zh.write_text("猫在睡觉。\n", encoding="utf-8")
    out = {"inputs_inside": tmp_path, "foreign_file": tmp_path / "work",
           "is_a_file": tmp_path / "report.txt"}[setup]
    if setup == "foreign_file":
        out.mkdir()
        (out / "contract_v3.docx").write_bytes(b"precious")
    if setup == "is_a_file":
        out.write_text("precious", encoding="utf-8")
    code = main(["run", str(en), str(zh), "-o", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("Error: ") and str(out.resolve()) in err
    assert en.exists() and zh.exists()
    assert not (tmp_path / "work").exists() or (tmp_path / "work/contract_v3.docx").exists()
    assert not out.is_file() or out.read_text(encoding="utf-8") == "precious"


def test_check_refuses_an_unwritable_format_before_reading(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(tmp_path / "missing.tsv"), "-o", str(tmp_path / "x.json"), "-q"])
    assert code == 1 and "x.json" in capsys.readouterr().err
