"""The side-by-side HTML report: one self-contained file, no network.

Document text never becomes markup: every piece of text is escaped with
``html.escape(quote=True)`` after the evidence offsets have been computed on
the raw text.  The CSS and JS (``report.css``, ``report.js``, package data)
are inlined at write time; the data the script needs is a JSON block with
``<``, ``>`` and ``&`` escaped.  Rows are static HTML in groups that the
browser lays out only when near the viewport (``content-visibility``), and
the script uses event delegation, so 30,000 rows open and scroll.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from bialign import __version__
from bialign.records import SEVERITIES, Finding, Link, RunResult, Sentence, SimilarityMap
from bialign.report.json_out import finding_id, findings_by_link, link_id, summary
from bialign.report.tmx import chinese_tag

SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Note"}
SEVERITY_ICONS = {"error": "\u25c6", "warning": "\u25b2", "info": "\u25cf"}  # ◆ ▲ ●
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline';"
       " img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'")
# Light to dark blue, one colour per similarity level of the alignment map.
MAP_COLOURS = ("#f7f9fc", "#e3ebf6", "#c9d8ee", "#a9c1e3", "#85a6d4",
               "#628ac4", "#4470b0", "#2d5996", "#1d4477", "#123158")


@dataclass(frozen=True)
class HtmlConfig:
    """Options of the HTML report.

    ``rows_per_group``: rows laid out together (and skipped together when off
    screen); ``map_px``: side of the alignment map in CSS pixels;
    ``max_map_bins``: the map is coarsened to at most this many bins a side;
    ``max_path_points``: links drawn on the map at most (evenly thinned).
    """

    rows_per_group: int = 100
    map_px: int = 280
    max_map_bins: int = 60
    max_path_points: int = 3000
    max_strip_findings: int = 3000


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _asset(name: str) -> str:
    return resources.files("bialign.report").joinpath(name).read_text(encoding="utf-8")


def _label(category: str) -> str:
    return category.replace("_", " ").capitalize()


def _name(path: str) -> str:
    return Path(path).name or path


# File names that say only the language, not the document (udhr/en.pdf).
LANGUAGE_STEMS = frozenset({"en", "eng", "english", "zh", "zho", "chi", "chinese", "cn",
                            "zh-cn", "zh_cn", "zh-hans", "zh-hant", "zh-tw", "zh_tw"})


def _names(en_path: str, zh_path: str) -> tuple[str, str]:
    """File names to show; with their folder when the two names are the same, or
    when a name is only a language (udhr/en.pdf, udhr/zh.pdf)."""
    en, zh = Path(en_path), Path(zh_path)
    same = en.name == zh.name and en.parent.name != zh.parent.name
    bare = bool({en.stem.lower(), zh.stem.lower()} & LANGUAGE_STEMS)
    if (same or bare) and en.parent.name and zh.parent.name:
        return f"{en.parent.name}/{en.name}", f"{zh.parent.name}/{zh.name}"
    return _name(en_path), _name(zh_path)


# ---------------------------------------------------------------- marks


def evidence_spans(sentences: Sequence[str], evidence: str) -> tuple[int, int, int] | None:
    """(sentence position, start, end) of the first occurrence of ``evidence``."""
    if not evidence:
        return None
    for position, text in enumerate(sentences):
        start = text.find(evidence)
        if start >= 0:
            return position, start, start + len(evidence)
    return None


def evidence_pieces(sentences: Sequence[str], evidence: str, joiner: str = ""
                    ) -> list[tuple[int, int, int]]:
    """(sentence position, start, end) pieces that together show ``evidence``.

    One piece when a single sentence holds it; otherwise the evidence is looked
    up in the sentences joined by ``joiner`` (as the cell shows them) and cut at
    sentence boundaries, so evidence spanning a whole bead is marked too.
    """
    single = evidence_spans(sentences, evidence)
    if single is not None or not evidence:
        return [single] if single is not None else []
    start = joiner.join(sentences).find(evidence)
    if start < 0:
        return []
    end = start + len(evidence)
    pieces: list[tuple[int, int, int]] = []
    offset = 0
    for position, text in enumerate(sentences):
        lo, hi = max(start, offset), min(end, offset + len(text))
        if lo < hi:
            pieces.append((position, lo - offset, hi - offset))
        offset += len(text) + len(joiner)
    return pieces


def marked(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """``text`` escaped, with each (start, end, attributes) span wrapped in <mark>.

    Offsets are on the raw text; overlapping spans after the first are dropped.
    ``attributes`` is trusted markup built by this module.
    """
    out: list[str] = []
    cursor = 0
    for start, end, attributes in sorted(spans):
        if start < cursor or end <= start:
            continue
        out.append(_e(text[cursor:start]))
        out.append(f"<mark {attributes}>{_e(text[start:end])}</mark>")
        cursor = end
    out.append(_e(text[cursor:]))
    return "".join(out)


def _mark_attributes(fid: str, finding: Finding) -> str:
    return (f'class="m m-{finding.severity}" data-f="{fid}" data-cat="{_e(finding.category)}"'
            f' data-sev="{finding.severity}" title="{_e(finding.message)}"')


def _cell_marks(sentences: Sequence[str], findings: Sequence[tuple[str, Finding]], side: str
                ) -> dict[int, list[tuple[int, int, str]]]:
    """Per sentence position, the evidence spans of the findings on one side."""
    marks: dict[int, list[tuple[int, int, str]]] = {}
    joiner = " " if side == "en" else ""  # as _cell joins the sentences of a cell
    for fid, finding in findings:
        evidence = finding.en_evidence if side == "en" else finding.zh_evidence
        for position, start, end in evidence_pieces(sentences, evidence, joiner):
            marks.setdefault(position, []).append((start, end, _mark_attributes(fid, finding)))
    return marks


# ---------------------------------------------------------------- rows


def _starts_block(sentences: Sequence[Sentence], i: int) -> bool:
    return i == 0 or sentences[i - 1].paragraph != sentences[i].paragraph


def _cell(sentences: Sequence[Sentence], indices: Sequence[int], side: str, lang_tag: str,
          findings: Sequence[tuple[str, Finding]], pages: dict[str, int | None],
          markers: Sequence[str]) -> str:
    """One side of a row as HTML; ``pages[side]`` is the last page label shown."""
    if not indices:
        return (f'<div class="cell {side} none"><span class="nc">'
                "\u2014 no counterpart \u2014</span></div>")
    texts = [sentences[i].text for i in indices]
    marks = _cell_marks(texts, findings, side)
    parts: list[str] = []
    page = sentences[indices[0]].page
    if page is not None and page != pages[side]:
        parts.append(f'<span class="pg">p.\u00a0{page}</span>')
        pages[side] = page
    joiner = " " if side == "en" else ""
    for position, i in enumerate(indices):
        sentence = sentences[i]
        if position == 0 or sentence.paragraph != sentences[indices[position - 1]].paragraph:
            if position:
                parts.append("</p>")
            starts = _starts_block(sentences, i)
            # A paragraph continued from the previous row gets no marker or indent.
            parts.append(f'<p class="k-{sentence.kind}{"" if starts else " cont"}">')
            marker = markers[sentence.paragraph] if 0 <= sentence.paragraph < len(markers) else ""
            if marker and starts:
                parts.append(f'<span class="mk">{_e(marker)}</span>')
        else:
            parts.append(joiner)
        parts.append(marked(sentence.text, marks.get(position, [])))
    last_page = sentences[indices[-1]].page
    if last_page is not None:
        pages[side] = last_page
    parts.append("</p>")
    return f'<div class="cell {side}" lang="{lang_tag}">{"".join(parts)}</div>'


def _finding_block(fid: str, finding: Finding) -> str:
    severity = finding.severity
    parts = [
        f'<div class="fnd s-{severity}" id="{fid}" data-f="{fid}" data-cat="{_e(finding.category)}"'
        f' data-sev="{severity}" tabindex="-1">',
        f'<span class="sev" title="score {finding.score:.2f}"><span class="ic"'
        f' aria-hidden="true">{SEVERITY_ICONS[severity]}</span>{SEVERITY_LABELS[severity]}'
        "</span>",
        f'<span class="cat">{_e(_label(finding.category))}</span>',
        f'<span class="msg">{_e(finding.message)}</span>',
    ]
    if finding.suggestion:
        parts.append(f'<span class="sug">Suggestion: <q>{_e(finding.suggestion)}</q></span>')
    if finding.related:
        links = ", ".join(f'<a href="#{link_id(i)}">{i + 1}</a>' for i in finding.related)
        noun = "row" if len(finding.related) == 1 else "rows"
        parts.append(f'<span class="rel">See also {noun} {links}</span>')
    parts.append(f'<a class="perma" href="#{fid}" title="Permalink to this finding">{fid}</a>'
                 f'<span class="rv" data-f="{fid}"></span></div>')
    return "".join(parts)


def _row(index: int, link: Link, result: RunResult, findings: Sequence[tuple[str, Finding]],
         pages: dict[str, int | None], zh_tag: str, markers: dict[str, list[str]]) -> str:
    lid = link_id(index)
    en_html = _cell(result.en, link.en, "en", "en", findings, pages, markers["en"])
    zh_html = _cell(result.zh, link.zh, "zh", zh_tag, findings, pages, markers["zh"])
    classes = ["row"]
    if (link.en and _starts_block(result.en, link.en[0])) or (
            link.zh and _starts_block(result.zh, link.zh[0])):
        classes.append("np")
    if not (link.en and link.zh):
        classes.append("one")
    if findings:
        classes.append("hf")
    body = "".join(_finding_block(fid, f) for fid, f in findings)
    found = f'<div class="fs">{body}</div>' if body else ""
    return (f'<div class="{" ".join(classes)}" id="{lid}" data-i="{index}">'
            f'<a class="num" href="#{lid}" title="{lid}: similarity {link.score:.2f},'
            f' confidence {link.confidence:.2f} (permalink)">{index + 1}</a>'
            f"{en_html}{zh_html}{found}</div>")


def _rows(result: RunResult, config: HtmlConfig, zh_tag: str) -> Iterator[str]:
    by_link = findings_by_link(result.findings)
    pages: dict[str, int | None] = {"en": None, "zh": None}
    markers = {"en": [b.marker for b in result.en_doc.blocks],
               "zh": [b.marker for b in result.zh_doc.blocks]}
    for index, link in enumerate(result.links):
        if index % config.rows_per_group == 0:
            if index:
                yield "</div>"
            yield '<div class="grp">'
        yield _row(index, link, result, by_link.get(index, []), pages, zh_tag, markers)
    if result.links:
        yield "</div>"
    # A finding whose link index is out of range still has to be seen.
    orphans = [(fid, f) for i, group in by_link.items() if not 0 <= i < len(result.links)
               for fid, f in group]
    if orphans:
        body = "".join(_finding_block(fid, f) for fid, f in orphans)
        yield (f'<div class="row hf" id="orphans"><span class="num"></span><div class="fs">'
               f"<p>Findings on links not in this alignment:</p>{body}</div></div>")


# ---------------------------------------------------------------- pictures


def _coarsen(edges: Sequence[int], max_bins: int) -> list[tuple[int, int]]:
    """Groups of consecutive bins (first, last+1) so that at most ``max_bins`` remain."""
    bins = len(edges) - 1
    step = max(1, math.ceil(bins / max_bins))
    return [(b, min(b + step, bins)) for b in range(0, bins, step)]


def _heat_paths(smap: SimilarityMap, n_en: int, n_zh: int, config: HtmlConfig) -> str:
    """The map's cells as one <path> per colour level (small even for big maps)."""
    rows = _coarsen(smap.en_edges, config.max_map_bins)
    cols = _coarsen(smap.zh_edges, config.max_map_bins)
    values = [[_mean([smap.cells[r][c] for r in range(r0, r1) for c in range(c0, c1)])
               for c0, c1 in cols] for r0, r1 in rows]
    flat = [v for row in values for v in row]
    if not flat:
        return ""
    low, high = min(flat), max(flat)
    span = (high - low) or 1.0
    size = config.map_px
    paths: dict[int, list[str]] = {}
    for (r0, r1), row in zip(rows, values, strict=True):
        y0 = smap.en_edges[r0] / n_en * size
        y1 = smap.en_edges[r1] / n_en * size
        for (c0, c1), value in zip(cols, row, strict=True):
            x0 = smap.zh_edges[c0] / n_zh * size
            x1 = smap.zh_edges[c1] / n_zh * size
            level = min(len(MAP_COLOURS) - 1, int((value - low) / span * len(MAP_COLOURS)))
            paths.setdefault(level, []).append(
                f"M{x0:.1f} {y0:.1f}H{x1:.1f}V{y1:.1f}H{x0:.1f}z")
    return "".join(f'<path fill="{MAP_COLOURS[level]}" d="{"".join(d)}"/>'
                   for level, d in sorted(paths.items()))


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def alignment_map_svg(result: RunResult, config: HtmlConfig = HtmlConfig()) -> str:
    """Inline SVG: similarity heat map (if any) with the path of links over it."""
    n_en, n_zh = max(1, len(result.en)), max(1, len(result.zh))
    size = config.map_px
    smap = result.alignment.similarity_map
    heat = _heat_paths(smap, n_en, n_zh, config) if smap is not None and smap.cells else ""
    two_sided = [(i, k) for i, k in enumerate(result.links) if k.en and k.zh]
    step = max(1, math.ceil(len(two_sided) / config.max_path_points))
    points = " ".join(
        f"{_mean(k.zh) / n_zh * size + size / n_zh / 2:.1f},"
        f"{_mean(k.en) / n_en * size + size / n_en / 2:.1f}"
        for _, k in two_sided[::step])
    ticks = []
    for k in result.links:
        if k.en and not k.zh:
            ticks.append(f"M0 {k.en[0] / n_en * size:.1f}h6")
        elif k.zh and not k.en:
            ticks.append(f"M{k.zh[0] / n_zh * size:.1f} 0v6")
    return (
        f'<svg class="amap" viewBox="-2 -2 {size + 4} {size + 4}" width="{size + 4}"'
        f' height="{size + 4}" role="img" aria-labelledby="amap-t">'
        '<title id="amap-t">Alignment map: English sentences top to bottom, Chinese'
        " sentences left to right; darker cells are more similar; the line is the"
        " chosen alignment; ticks on the edges mark unmatched sentences.</title>"
        f'<rect width="{size}" height="{size}" fill="#fbfcfe" stroke="#c8ced8"/>{heat}'
        f'<polyline points="{points}" fill="none" stroke="#d9480f" stroke-width="1.6"'
        ' stroke-linejoin="round"/>'
        f'<path d="{"".join(ticks)}" stroke="#b42318" stroke-width="1.4"/></svg>'
    )


def _link_page(result: RunResult, link: Link) -> int | None:
    if link.en and result.en[link.en[0]].page is not None:
        return result.en[link.en[0]].page
    if link.zh:
        return result.zh[link.zh[0]].page
    return None


def document_strip_svg(result: RunResult, config: HtmlConfig = HtmlConfig()) -> str:
    """Inline SVG strip: pages as bands along the document, findings as ticks.

    Each band links to the first row of its page, each tick to its finding.
    """
    total = max(1, len(result.links))
    width = 1000.0
    bands: list[str] = []
    starts: list[tuple[int, int]] = []
    last_page: int | None = None
    for index, link in enumerate(result.links):
        page = _link_page(result, link)
        if page is not None and page != last_page:
            starts.append((index, page))
            last_page = page
    for n, (index, page) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else total
        x, w = index / total * width, (end - index) / total * width
        bands.append(f'<a href="#{link_id(index)}"><title>Page {page}</title>'
                     f'<rect class="b{n % 2}" x="{x:.2f}" y="0" width="{w:.2f}"'
                     ' height="28"/></a>')
    ticks: list[str] = []
    for i, finding in enumerate(result.findings[: config.max_strip_findings]):
        fid = finding_id(i)
        x = (finding.link + 0.5) / total * width
        # Out of the tab order: the keyboard reaches findings with Next (j), and
        # thousands of tick stops would stand between it and the controls.
        ticks.append(f'<a href="#{fid}" tabindex="-1"><title>{fid}'
                     f' {SEVERITY_LABELS[finding.severity]}: {_e(_label(finding.category))}'
                     f'</title><rect class="t s-{finding.severity}"'
                     f' x="{x - 1.5:.2f}" y="4" width="3" height="20"/></a>')
    return ('<svg class="strip" viewBox="0 0 1000 28" preserveAspectRatio="none" role="img"'
            ' aria-label="Where the findings fall along the document, page by page">'
            f'{"".join(bands)}{"".join(ticks)}</svg>')


# ---------------------------------------------------------------- summary


def _summary_html(result: RunResult) -> str:
    counts = summary(result)
    en_name, zh_name = _names(result.en_doc.path, result.zh_doc.path)
    names = {"en": en_name, "zh": zh_name}
    docs = ((result.en_doc, result.en, "en"), (result.zh_doc, result.zh, "zh"))
    stats = "".join(
        f"<tr><th scope=\"row\">{label}</th>"
        + "".join(f"<td>{_e(value(doc, sentences, lang))}</td>" for doc, sentences, lang in docs)
        + "</tr>"
        for label, value in (
            ("File", lambda d, s, lang: names[lang]),
            ("Pages", lambda d, s, lang: "\u2014" if d.page_count is None else d.page_count),
            ("Sentences", lambda d, s, lang: len(s)),
            ("Linked", lambda d, s, lang: counts["linked_sentences"][lang]),
            ("Unmatched", lambda d, s, lang: counts["unmatched_sentences"][lang]),
        )
    )
    table = (f'<table class="stats"><caption>Documents</caption><thead><tr><td></td>'
             f"<th scope=\"col\">English</th><th scope=\"col\">Chinese</th></tr></thead>"
             f"<tbody>{stats}</tbody></table>")
    return table + _findings_table(counts) + _problems_html(result)


def _findings_table(counts: dict[str, Any]) -> str:
    head = "".join(f'<th scope="col"><span class="ic s-{s}" aria-hidden="true">'
                   f"{SEVERITY_ICONS[s]}</span>{SEVERITY_LABELS[s]}</th>" for s in SEVERITIES)
    rows = "".join(
        f'<tr><th scope="row">{_e(_label(cat))}</th>'
        + "".join(f"<td>{by_sev[s] or ''}</td>" for s in SEVERITIES)
        + f"<td>{sum(by_sev.values())}</td></tr>"
        for cat, by_sev in counts["findings_by_category"].items()
    )
    totals = "".join(f"<td>{counts['findings_by_severity'][s]}</td>" for s in SEVERITIES)
    if not rows:
        rows = '<tr><td colspan="5">No findings.</td></tr>'
    return (f'<table class="ftab"><caption>Findings</caption><thead><tr><td></td>{head}'
            f'<th scope="col">Total</th></tr></thead><tbody>{rows}</tbody><tfoot><tr>'
            f'<th scope="row">Total</th>{totals}<td>{counts["findings"]}</td></tr></tfoot>'
            "</table>")


def _problems_html(result: RunResult) -> str:
    dash = " \u2014 "
    items = [f"<li>{label} p.\u00a0{p.page}: {_e(p.problem.replace('_', ' '))}"
             f"{dash + _e(p.detail) if p.detail else ''}</li>"
             for label, doc in (("English", result.en_doc), ("Chinese", result.zh_doc))
             for p in doc.problems]
    if not items:
        return ""
    return ('<div class="problems" role="note"><h3>Unreadable pages</h3>'
            f"<ul>{''.join(items)}</ul></div>")


def _controls_html(result: RunResult) -> str:
    categories = list(dict.fromkeys(f.category for f in result.findings))
    boxes = "".join(
        f'<label><input type="checkbox" data-filter="cat" value="{_e(c)}" checked>'
        f" {_e(_label(c))}</label>" for c in categories)
    severities = "".join(
        f'<label class="s-{s}"><input type="checkbox" data-filter="sev" value="{s}" checked>'
        f' <span class="ic" aria-hidden="true">{SEVERITY_ICONS[s]}</span>{SEVERITY_LABELS[s]}'
        "</label>" for s in SEVERITIES)
    return (
        '<nav class="bar" id="controls" tabindex="-1" aria-label="Report controls">'
        f'<fieldset><legend>Severity</legend>{severities}</fieldset>'
        + (f"<fieldset><legend>Category</legend>{boxes}</fieldset>" if boxes else "")
        + '<label class="only"><input type="checkbox" id="only"> Only rows with findings'
        "</label>"
        '<label class="search">Search <input type="search" id="q" placeholder="either language"'
        ' autocomplete="off"></label><span id="qn" class="qn" aria-live="polite"></span>'
        '<span class="nav"><button type="button" id="prev" aria-keyshortcuts="k p">'
        "\u2191 Previous <kbd>k</kbd></button>"
        '<button type="button" id="next" aria-keyshortcuts="j n">Next <kbd>j</kbd> \u2193'
        '</button><span id="counter" aria-live="polite">'
        f"{len(result.findings)} findings</span></span></nav>"
    )


def _data_json(result: RunResult) -> str:
    """JSON for the script, safe inside <script>: no raw <, > or &."""
    data = {
        "signature": result.signature,
        "links": len(result.links),
        "findings": [{"id": finding_id(i), "link": f.link, "cat": f.category,
                      "sev": f.severity} for i, f in enumerate(result.findings)],
    }
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# ---------------------------------------------------------------- page


def _head_html(title: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="bialign {__version__}">'
        f"<title>bialign \u2014 {_e(title)}</title><style>{_asset('report.css')}</style>"
        # Controls only work with the script: without it the CSS hides them.
        '<script>document.documentElement.classList.add("js")</script>'
        "</head>"
    )


def _header_html(result: RunResult, title: str, config: HtmlConfig) -> str:
    """Title, verdict, summary tables and the two pictures (the run's signature is
    in the footer: it is for reproducing the run, not for the reader)."""
    verdict = (f'<p class="verdict" role="alert"><strong>Not parallel:</strong>'
               f" {_e(result.verdict)}</p>" if result.verdict else "")
    legend = "".join(f'<span class="s-{s}"><span class="ic" aria-hidden="true">'
                     f"{SEVERITY_ICONS[s]}</span>{SEVERITY_LABELS[s]}</span>" for s in SEVERITIES)
    return (
        f'<header class="top"><p class="brand">bialign report</p><h1>{_e(title)}</h1>{verdict}'
        '<div class="overview"><section class="sum" aria-labelledby="h-sum">'
        f'<h2 id="h-sum">Summary</h2>{_summary_html(result)}</section>'
        '<section class="pics" aria-labelledby="h-map"><h2 id="h-map">Alignment map</h2>'
        f"{alignment_map_svg(result, config)}</section></div>"
        '<section class="strip-box" aria-labelledby="h-strip"><h2 id="h-strip">'
        f"Findings along the document</h2>{document_strip_svg(result, config)}"
        f'<p class="legend">{legend}<span>Grey bands are pages; click a band or a'
        " mark to jump there.</span></p></section></header>"
    )


def _main_html(result: RunResult, config: HtmlConfig) -> str:
    """The controls and the two texts side by side, one row per link."""
    zh_tag = chinese_tag(s.text for s in result.zh)
    return (
        f"{_controls_html(result)}"
        '<main aria-labelledby="h-text"><h2 id="h-text" class="vh">Aligned text</h2>'
        '<div class="cols" aria-hidden="true"><span></span><span>English</span>'
        "<span>Chinese</span></div>"
        f'<div id="rows">{"".join(_rows(result, config, zh_tag))}</div></main>'
        f"<footer><p>Written by bialign {__version__}. Signature: <code>"
        f"{_e(result.signature)}</code></p></footer>"
    )


def render_html(result: RunResult, *, config: HtmlConfig = HtmlConfig()) -> str:
    """The whole report page as one string."""
    title = " \u2194 ".join(_names(result.en_doc.path, result.zh_doc.path))
    script = (f'<script type="application/json" id="bialign-data">{_data_json(result)}'
              f"</script><script>{_asset('report.js')}</script>")
    skip = '<a class="skip" href="#controls">Skip to filters and Previous/Next</a>'
    return (f"{_head_html(title)}<body>{skip}{_header_html(result, title, config)}"
            f"{_main_html(result, config)}{script}</body></html>")


def write_html(result: RunResult, path: Path, *, config: HtmlConfig = HtmlConfig()) -> Path:
    """Write report.html (UTF-8)."""
    path.write_text(render_html(result, config=config), encoding="utf-8")
    return path
