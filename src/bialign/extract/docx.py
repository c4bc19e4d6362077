"""Word .docx -> Blocks, with python-docx (the one module that imports it).

Paragraph styles decide the kind: "Heading n"/"Title" -> heading, a "List"
style or Word numbering -> list item.  Numbers that Word draws itself are
not in the text, so such items get the marker written in the text, if any.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bialign.errors import CorruptFile
from bialign.extract.text import split_marker
from bialign.records import Block, BlockKind


def docx_blocks(path: Path) -> tuple[Block, ...]:
    """Blocks of a .docx body (table cells included, in document order); page is None."""
    import docx

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CorruptFile(path, f"the .docx cannot be opened ({type(exc).__name__})") from exc
    except Exception as exc:  # lxml and python-docx raise their own types on bad XML
        raise CorruptFile(path, f"the .docx cannot be read ({type(exc).__name__})") from exc
    return tuple(block for paragraph in _paragraphs(document)
                 if (block := _block(paragraph)) is not None)


def _paragraphs(document: Any) -> Iterator[Any]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            yield item
        elif isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    yield from cell.paragraphs


def _block(paragraph: Any) -> Block | None:
    text = " ".join(paragraph.text.split())
    if not text:
        return None
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    marker, body = split_marker(text)
    kind: BlockKind = "paragraph"
    if style.startswith(("Heading", "Title")):
        kind, marker, body = "heading", "", text
    elif "List" in style or numbered or marker:
        kind = "list_item"
    return Block(text=body, kind=kind, marker=marker)
