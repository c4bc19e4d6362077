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
