"""Bilingual pairs files for ``bialign check``: read rows in, write scored rows out.

Input: a TSV/CSV/XLSX table with columns ``zh`` and ``en`` (other columns are
kept as they are), or a TMX file.  Output: the same rows with ``score``,
``flags`` and ``messages`` appended, in the format the output's extension
names (.tsv, .csv, .xlsx).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bialign.errors import EmptyFile, FileMissing, PairsFileError
from bialign.records import Finding, Pair

if TYPE_CHECKING:
    import pandas as pd

TABLE_FORMATS = (".tsv", ".csv", ".xlsx")
INPUT_FORMATS = (*TABLE_FORMATS, ".tmx", ".txt")


def _read_table(path: Path) -> pd.DataFrame:
    import pandas as pd

    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return pd.read_excel(path, dtype=str, keep_default_na=False)
        if suffix == ".tmx":
            from bialign.report.tmx import read_tmx

            return pd.DataFrame(read_tmx(path), columns=["en", "zh"])
        sep = "," if suffix == ".csv" else "\t"
        return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False,
                           encoding="utf-8-sig")
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise PairsFileError(path, f"cannot be read as a {suffix or 'table'} file ({exc})",
                             "Give a UTF-8 TSV/CSV, an .xlsx or a .tmx file.") from None


def read_pairs(path: Path) -> tuple[pd.DataFrame, list[Pair]]:
    """The table as read (all columns kept) and one Pair per row."""
    if not path.exists():
        raise FileMissing(path)
    if path.stat().st_size == 0:
        raise EmptyFile(path)
    if path.suffix.lower() not in INPUT_FORMATS:
        raise PairsFileError(path, f"unknown pairs format '{path.suffix}'",
                             "Give a .tsv, .csv, .xlsx or .tmx file.")
    table = _read_table(path)
    columns = {c.strip().lower(): c for c in table.columns}
    missing = [c for c in ("zh", "en") if c not in columns]
    if missing:
        raise PairsFileError(path, f"no column named {' or '.join(missing)} (found:"
                             f" {', '.join(map(str, table.columns)) or 'none'})",
                             "Name the Chinese column 'zh' and the English column 'en'.")
    zh, en = table[columns["zh"]], table[columns["en"]]
    pairs = [Pair(index=i, en=str(e).strip(), zh=str(z).strip())
             for i, (e, z) in enumerate(zip(en, zh, strict=True))]
    return table, pairs


def check_output_format(out: Path) -> None:
    """Refuse an output name whose format bialign cannot write, before any work."""
    if out.suffix.lower() not in TABLE_FORMATS:
        raise PairsFileError(out, f"cannot write '{out.suffix}' output",
                             "Name the output .tsv, .csv or .xlsx.")
    if out.is_dir():
        raise PairsFileError(out, "is a folder", "Name an output file ending in .tsv, .csv"
                             " or .xlsx.")


def write_scored(table: pd.DataFrame, pairs: Sequence[Pair], findings: Sequence[Finding],
                 scores: Sequence[float], out: Path) -> Path:
    """Append score, flags and messages to the rows and write them to ``out``."""
    check_output_format(out)
    suffix = out.suffix.lower()
    by_row: dict[int, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.severity != "info":
            by_row[finding.link].append(finding)
    table = table.copy()
    table["score"] = [round(s, 4) for s in scores]
    table["flags"] = [",".join(dict.fromkeys(f.category for f in by_row[p.index]))
                      for p in pairs]
    table["messages"] = [" | ".join(f.message for f in by_row[p.index]) for p in pairs]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.tmp{suffix}")
    if suffix == ".xlsx":
        table.to_excel(tmp, index=False, engine="openpyxl")
    else:
        table.to_csv(tmp, sep="," if suffix == ".csv" else "\t", index=False)
    tmp.replace(out)
    return out
