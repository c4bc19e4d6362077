"""Findings and pairs as tables: CSV, XLSX and TSV, written with pandas.

The only module of the reports that imports pandas and openpyxl (lazily, so
that importing ``bialign.report`` stays cheap).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bialign.records import RunResult
from bialign.report.json_out import FINDING_COLUMNS, finding_rows, link_rows

if TYPE_CHECKING:
    import pandas as pd

PAIR_COLUMNS = ("id", "en", "zh", "score", "confidence", "flags")


@dataclass(frozen=True)
class TableConfig:
    """Options of the spreadsheet: column widths in characters."""

    text_width: int = 60
    narrow_width: int = 10
    medium_width: int = 18
    wide_columns: tuple[str, ...] = ("en_text", "zh_text", "message", "suggestion")
    medium_columns: tuple[str, ...] = ("category", "en_evidence", "zh_evidence")


def findings_frame(result: RunResult) -> pd.DataFrame:
    """One row per finding, columns in ``FINDING_COLUMNS`` order."""
    import pandas as pd

    return pd.DataFrame(finding_rows(result), columns=list(FINDING_COLUMNS))


def pairs_frame(result: RunResult, pair_scores: Sequence[float] | None = None
                ) -> pd.DataFrame:
    """One row per link: id, English and Chinese text, score, confidence, flags.

    With ``pair_scores`` a ``divergence`` column (0..1) is added.
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for row in link_rows(result, pair_scores):
        out = {"id": row["id"], "en": row["en_text"], "zh": row["zh_text"],
               "score": row["score"], "confidence": row["confidence"],
               "flags": ",".join(row["flags"])}
        if "divergence" in row:
            out["divergence"] = row["divergence"]
        rows.append(out)
    columns = list(PAIR_COLUMNS) + (["divergence"] if pair_scores is not None else [])
    return pd.DataFrame(rows, columns=columns)


# A spreadsheet reads a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(value: object) -> object:
    """``value`` with a leading apostrophe when a spreadsheet would run it as a
    formula (the OWASP advice for CSV files); other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_findings_csv(result: RunResult, path: Path) -> Path:
    """Write findings.csv (UTF-8 with BOM so that Excel reads the Chinese).

    findings.csv is made to be opened in a spreadsheet, so document text that
    starts like a formula ("=HYPERLINK(...)", "-1+2") is written with a leading
    apostrophe; Excel and LibreOffice then show it as text.
    """
    import pandas as pd

    frame = findings_frame(result)
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(defuse_formula)
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def write_pairs_tsv(result: RunResult, path: Path,
                    pair_scores: Sequence[float] | None = None) -> Path:
    """Write pairs.tsv, a file ``bialign check`` reads back (columns en, zh)."""
    pairs_frame(result, pair_scores).to_csv(path, sep="\t", index=False, encoding="utf-8")
    return path


def write_findings_xlsx(result: RunResult, path: Path, *,
                        config: TableConfig = TableConfig()) -> Path:
    """Write findings.xlsx: header frozen, columns sized, text never a formula."""
    import pandas as pd
    from openpyxl.utils import get_column_letter

    frame = findings_frame(result)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="findings", index=False)
        sheet = writer.sheets["findings"]
        sheet.freeze_panes = "A2"
        for number, name in enumerate(frame.columns, start=1):
            width = (config.text_width if name in config.wide_columns
                     else config.medium_width if name in config.medium_columns
                     else config.narrow_width)
            sheet.column_dimensions[get_column_letter(number)].width = width
        # openpyxl stores a string starting with "=" as a formula: document
        # text must stay text, or a crafted PDF could run formulas in Excel.
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
        writer.book.properties.created = FIXED_TIME
        writer.book.properties.creator = "bialign"
    _fix_zip_times(path)
    return path


# The same findings give the same file, byte for byte, as every other file of the
# report (none carries the time of the run): workbook and zip entry times are fixed.
FIXED_TIME = datetime(1980, 1, 1)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the .xlsx (a zip) with every entry dated ``FIXED_TIME``, and the
    workbook's modified time (openpyxl sets it on saving) too."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    entries = [(info, re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
                if info.filename == "docProps/core.xml" else data) for info, data in entries]
    with zipfile.ZipFile(path, "w") as out:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type, fixed.external_attr = info.compress_type, info.external_attr
            out.writestr(fixed, data)
