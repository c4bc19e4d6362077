"""Pages without readable text -> lines, with the Tesseract command.

The page is rendered by PDFium (pypdfium2, offline) and read by the
``tesseract`` program in a subprocess; its TSV output keeps each line's box,
so OCR lines go through the same paragraph rules as text-layer lines.
"""

from __future__ import annotations

import csv
import io
import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bialign.errors import OCRUnavailable
from bialign.extract.layout import Line

log = logging.getLogger(__name__)

POINTS_PER_INCH = 72.0
# Tesseract's word height is about the font's cap height plus descenders.
HEIGHT_TO_SIZE = 0.85


@dataclass(frozen=True)
class OcrConfig:
    """Which program to run, at which resolution, for which languages."""

    tesseract: str = "tesseract"
    dpi: int = 300
    languages: tuple[str, ...] = ("eng", "chi_sim", "chi_tra")
    timeout_s: float = 120.0


def find_tesseract(config: OcrConfig) -> str:
    """Path of the tesseract program, or ``OCRUnavailable``."""
    found = shutil.which(config.tesseract)
    if found is None:
        raise OCRUnavailable(f"no program '{config.tesseract}' on the PATH")
    return found


def available_languages(program: str) -> tuple[str, ...]:
    result = subprocess.run([program, "--list-langs"], capture_output=True, text=True,
                            check=False, timeout=30)
    return tuple(line.strip() for line in result.stdout.splitlines()[1:] if line.strip())


def ocr_page(page: Any, number: int, config: OcrConfig, program: str) -> list[Line]:
    """Lines of one PDFium page read by Tesseract (empty if it finds nothing)."""
    installed = set(available_languages(program))
    languages = [lang for lang in config.languages if lang in installed] or ["eng"]
    with tempfile.TemporaryDirectory(prefix="bialign-ocr-") as folder:
        image = Path(folder) / "page.png"
        page.render(scale=config.dpi / POINTS_PER_INCH, grayscale=True).to_pil().save(image)
        try:
            result = subprocess.run(
                [program, str(image), "stdout", "-l", "+".join(languages), "tsv"],
                capture_output=True, text=True, check=False, timeout=config.timeout_s)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OCRUnavailable(f"running {program} failed: {exc}") from exc
    if result.returncode != 0:
        log.warning("tesseract failed on page %d: %s", number, result.stderr.strip()[:200])
        return []
    return tsv_lines(result.stdout, number, POINTS_PER_INCH / config.dpi)


def tsv_lines(tsv: str, number: int, scale: float) -> list[Line]:
    """Tesseract TSV (level-5 word rows) -> one Line per (block, paragraph, line)."""
    rows: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "5" and (row.get("text") or "").strip():
            rows.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    return [_line(words, number, scale) for words in rows.values()]


def _line(words: list[dict[str, str]], number: int, scale: float) -> Line:
    from bialign.extract.text import is_cjk, split_marker

    text = words[0]["text"]
    for word in words[1:]:
        text += ("" if is_cjk(text[-1]) and is_cjk(word["text"][0]) else " ") + word["text"]
    left = [int(w["left"]) * scale for w in words]
    top = [int(w["top"]) * scale for w in words]
    right = [(int(w["left"]) + int(w["width"])) * scale for w in words]
    bottom = [(int(w["top"]) + int(w["height"])) * scale for w in words]
    size = max(1.0, (max(bottom) - min(top)) * HEIGHT_TO_SIZE)
    first = words[0]
    first_width = int(first["width"]) * scale
    if is_cjk(first["text"][0]):
        first_width /= len(first["text"])
    marker, body = split_marker(text)
    text_x0 = int(words[1]["left"]) * scale if marker and len(words) > 1 else min(left)
    return Line(page=number, text=body if marker else text, x0=min(left), top=min(top),
                x1=max(right), bottom=max(bottom), size=size, bold=0.0,
                first_width=first_width, marker=marker, text_x0=text_x0,
                marker_gap=text_x0 - int(first["left"]) * scale - first_width if marker else 0.0)
