"""Write every report of a run into one folder.

``write_reports`` is the stage's one entry point: alignment.json,
findings.json/.csv/.xlsx, pairs.tsv, alignment.tmx, beads.txt and the
self-contained report.html, all from the ``RunResult`` alone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from bialign.records import RunResult

log = logging.getLogger(__name__)


def write_reports(result: RunResult, out_dir: Path, *,
                  pair_scores: Sequence[float] | None = None) -> list[Path]:
    """Write all report files into ``out_dir`` (which must exist); return their paths.

    ``pair_scores`` (one per link, 0..1, how likely the link diverges) adds a
    ``divergence`` value to alignment.json and pairs.tsv when given.
    """
    from bialign.beads import format_beads
    from bialign.report.html import write_html
    from bialign.report.json_out import write_alignment_json, write_findings_json
    from bialign.report.tables import write_findings_csv, write_findings_xlsx, write_pairs_tsv
    from bialign.report.tmx import write_tmx

    out_dir = Path(out_dir)
    beads = out_dir / "beads.txt"
    beads.write_text(format_beads(result.links, src_is_en=True), encoding="utf-8")
    written = [
        write_html(result, out_dir / "report.html"),
        write_alignment_json(result, out_dir / "alignment.json", pair_scores),
        write_findings_json(result, out_dir / "findings.json"),
        write_findings_csv(result, out_dir / "findings.csv"),
        write_findings_xlsx(result, out_dir / "findings.xlsx"),
        write_pairs_tsv(result, out_dir / "pairs.tsv", pair_scores),
        write_tmx(result, out_dir / "alignment.tmx"),
        beads,
    ]
    log.info("wrote %d report files to %s", len(written), out_dir)
    return written
