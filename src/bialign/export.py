"""Write out a review: findings with their decisions, or the corrected alignment.

``export_review(report_dir, out)`` picks the format from ``out``'s name:

* ``.csv`` / ``.xlsx``: the findings of the corrected view, with the
  report's columns plus the reviewer's ``decision`` and ``comment``;
* ``.tmx``, ``.tsv``: the corrected alignment as a translation memory or as
  pairs (the same writers as ``bialign run``);
* ``.txt`` / ``.beads``: the corrected links as bead lines ``[0, 1]:[2]``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from bialign.errors import InputError
from bialign.records import RunResult
from bialign.report.json_out import finding_id
from bialign.review import Decision, ReviewStore

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

FINDING_FORMATS = (".csv", ".xlsx")
ALIGNMENT_FORMATS = (".tmx", ".tsv", ".txt", ".beads")
COMMENT_WIDTH = 40  # characters, the comment column of the spreadsheet


def decisions_frame(result: RunResult, decisions: Mapping[str, Decision]) -> pd.DataFrame:
    """The report's findings table with ``decision`` filled and ``comment`` added."""
    from bialign.report.tables import findings_frame

    frame = findings_frame(result)
    ids = [finding_id(i) for i in range(len(frame))]
    frame["decision"] = [decisions[i].decision if i in decisions else "" for i in ids]
    frame["comment"] = [decisions[i].comment if i in decisions else "" for i in ids]
    return frame


def _write_xlsx(result: RunResult, decisions: Mapping[str, Decision], path: Path) -> None:
    """The report's findings.xlsx, then its decision and comment columns filled in."""
    from openpyxl import load_workbook

    from bialign.report.tables import write_findings_xlsx

    write_findings_xlsx(result, path)
    book = load_workbook(path)
    sheet = book["findings"]
    header = [c.value for c in sheet[1]]
    decision_col, comment_col = header.index("decision") + 1, len(header) + 1
    sheet.cell(1, comment_col, "comment")
    sheet.column_dimensions[sheet.cell(1, comment_col).column_letter].width = COMMENT_WIDTH
    for row in range(2, sheet.max_row + 1):
        d = decisions.get(finding_id(row - 2))
        if d is None:
            continue
        sheet.cell(row, decision_col, d.decision)
        cell = sheet.cell(row, comment_col, d.comment)
        # openpyxl stores a string starting with "=" as a formula: a comment
        # must stay text in Excel.
        cell.data_type = "s"
    book.save(path)


def _write_alignment(result: RunResult, out: Path) -> None:
    from bialign.beads import format_beads
    from bialign.report.tables import write_pairs_tsv
    from bialign.report.tmx import write_tmx

    suffix = out.suffix.lower()
    if suffix == ".tmx":
        write_tmx(result, out)
    elif suffix == ".tsv":
        write_pairs_tsv(result, out)
    else:
        out.write_text(format_beads(result.links, src_is_en=True), encoding="utf-8")


def export_review(report_dir: Path, out: Path) -> Path:
    """Write the review of ``report_dir`` to ``out`` in the format its suffix names."""
    report_dir, out = Path(report_dir), Path(out)
    suffix = out.suffix.lower()
    if suffix not in FINDING_FORMATS + ALIGNMENT_FORMATS:
        raise InputError(out, f"cannot export to a '{suffix or 'suffix-less'}' file",
                         "Name the output .csv or .xlsx (findings with decisions), or"
                         " .tmx, .tsv, .txt (the corrected alignment).")
    if not out.parent.is_dir():
        raise InputError(out, "its folder does not exist", "Create the folder first.")
    store = ReviewStore(report_dir)
    result = store.result()
    if suffix == ".csv":
        # BOM so that Excel reads the Chinese, as findings.csv does
        decisions_frame(result, store.decisions()).to_csv(out, index=False,
                                                          encoding="utf-8-sig")
    elif suffix == ".xlsx":
        _write_xlsx(result, store.decisions(), out)
    else:
        _write_alignment(result, out)
    log.info("exported the review of %s to %s", report_dir, out)
    return out
