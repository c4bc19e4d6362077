"""The report files: JSON, tables, TMX, beads, HTML, from hand-built runs."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from defusedxml.ElementTree import parse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from bialign.errors import PairsFileError
from bialign.records import Alignment, Block, Document, Finding, Link, RunResult, Sentence
from bialign.report import write_reports
from bialign.report.html import (
    alignment_map_svg,
    document_strip_svg,
    evidence_pieces,
    evidence_spans,
    marked,
    render_html,
)
from bialign.report.json_out import finding_rows, link_rows, summary
from bialign.report.tmx import XML_LANG, build_tmx, chinese_tag, read_tmx
from tests.sample_result import (
    SIGNATURE,
    XSS_IMG,
    XSS_SCRIPT,
    consensus_result,
    hostile_result,
    tiny_result,
)

FILES = ("report.html", "alignment.json", "findings.json", "findings.csv", "findings.xlsx",
         "pairs.tsv", "alignment.tmx", "beads.txt")


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny")
    write_reports(tiny_result(), out, pair_scores=[0.1, 0.2, 0.9, 0.95, 0.4])
    return out


def test_write_reports_writes_every_file(tmp_path: Path) -> None:
    written = write_reports(tiny_result(), tmp_path)
    assert sorted(p.name for p in written) == sorted(FILES)
    assert all(p.parent == tmp_path and p.stat().st_size > 0 for p in written)


# ---------------------------------------------------------------- JSON


def test_alignment_json(tiny_dir: Path) -> None:
    record = json.loads((tiny_dir / "alignment.json").read_text(encoding="utf-8"))
    assert record["signature"] == SIGNATURE
    assert record["documents"]["en"] == {"path": "tiny-en.pdf", "pages": 2, "sentences": 5,
                                         "problems": [], "markers": {"3": "•"}}
    assert record["similarity_map"] is None
    assert record["sentences"]["zh"][2] == {"index": 2, "text": "价格是6美元。", "page": 2,
                                            "paragraph": 2, "kind": "list_item"}
    links = record["links"]
    assert [k["id"] for k in links] == ["L0001", "L0002", "L0003", "L0004", "L0005"]
    assert links[1]["en"] == [1, 2] and links[1]["zh"] == [1]
    assert links[1]["en_text"] == "The cat sleeps. The dog runs."
    assert links[2]["zh_text"] == "" and links[4]["en_text"] == ""
    assert [k["divergence"] for k in links] == [0.1, 0.2, 0.9, 0.95, 0.4]


def test_summary_counts_by_hand() -> None:
    counts = summary(tiny_result())
    assert counts["linked_sentences"] == {"en": 4, "zh": 3}
    assert counts["unmatched_sentences"] == {"en": 1, "zh": 1}
    assert counts["findings_by_category"] == {
        "number": {"error": 1, "warning": 0, "info": 0},
        "omission": {"error": 0, "warning": 1, "info": 1},
    }
    assert counts["findings_by_severity"] == {"error": 1, "warning": 1, "info": 1}


@pytest.mark.parametrize(("position", "expected"), [
    (0, {"id": "F0001", "link": 2, "en_text": "Rain falls on the city.", "zh_text": "",
         "en_page": 2, "zh_page": "", "severity": "warning"}),
    (1, {"id": "F0002", "link": 3, "en_text": "The price is 5 dollars.", "zh_text": "价格是6美元。",
         "en_page": 2, "zh_page": 2, "en_evidence": "5", "suggestion": "价格是5美元。"}),
    (2, {"id": "F0003", "link": 4, "en_text": "", "zh_page": 2, "en_page": "", "decision": ""}),
])
def test_finding_rows(position: int, expected: dict[str, object]) -> None:
    row = finding_rows(tiny_result())[position]
    assert {k: row[k] for k in expected} == expected


def test_findings_json_and_csv_agree(tiny_dir: Path) -> None:
    record = json.loads((tiny_dir / "findings.json").read_text(encoding="utf-8"))
    assert record["signature"] == SIGNATURE
    table = pd.read_csv(tiny_dir / "findings.csv", dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")
    assert list(table.columns) == list(record["findings"][0])
    assert list(table["id"]) == ["F0001", "F0002", "F0003"]
    assert list(table["zh_text"]) == [f["zh_text"] for f in record["findings"]]
    assert list(table["score"]) == ["0.66", "0.93", "0.31"]


def test_xlsx_frozen_sized_and_formulas_stay_text(tmp_path: Path) -> None:
    result = tiny_result()
    finding = Finding("number", "error", 0.9, 0, "=HYPERLINK(\"http://x\")",
                      en_evidence="=1+1")
    write_reports(RunResult(**{**result.__dict__, "findings": (finding,)}), tmp_path)
    sheet = load_workbook(tmp_path / "findings.xlsx").active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "id" and sheet["A2"].value == "F0001"
    header = [c.value for c in sheet[1]]
    message = sheet.cell(row=2, column=header.index("message") + 1)
    assert message.value == "=HYPERLINK(\"http://x\")" and message.data_type == "s"
    assert sheet.column_dimensions["F"].width == 60  # en_text


def test_csv_cells_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    result = tiny_result()
    finding = Finding("number", "error", 0.9, 0, "=HYPERLINK(\"http://x\")",
                      en_evidence="-1+2", zh_evidence="@SUM(A1)", suggestion="plain")
    write_reports(RunResult(**{**result.__dict__, "findings": (finding,)}), tmp_path)
    table = pd.read_csv(tmp_path / "findings.csv", dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")
    row = table.iloc[0]
    assert row["message"] == "'=HYPERLINK(\"http://x\")"
    assert (row["en_evidence"], row["zh_evidence"]) == ("'-1+2", "'@SUM(A1)")
    assert row["suggestion"] == "plain" and row["id"] == "F0001"


def test_pairs_tsv(tiny_dir: Path) -> None:
    table = pd.read_csv(tiny_dir / "pairs.tsv", sep="\t", dtype=str, keep_default_na=False)
    assert list(table.columns) == ["id", "en", "zh", "score", "confidence", "flags",
                                   "divergence"]
    assert list(table["flags"]) == ["", "", "omission", "number", "omission"]
    assert table.loc[1, "en"] == "The cat sleeps. The dog runs."
    assert table.loc[1, "zh"] == "猫在睡觉。狗在跑。"


def test_link_rows_flags_once_per_category() -> None:
    result = tiny_result()
    twice = result.findings + (Finding("number", "info", 0.2, 3, "again"),)
    rows = link_rows(RunResult(**{**result.__dict__, "findings": twice}))
    assert rows[3]["flags"] == ["number"]


def test_beads(tiny_dir: Path) -> None:
    assert (tiny_dir / "beads.txt").read_text() == (
        "[0]:[0]\n[1, 2]:[1]\n[3]:[]\n[4]:[2]\n[]:[3]\n")


# ---------------------------------------------------------------- TMX


def test_tmx_structure(tiny_dir: Path) -> None:
    root = parse(str(tiny_dir / "alignment.tmx")).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    assert {k: header.get(k) for k in ("creationtool", "srclang", "datatype", "segtype",
                                       "adminlang", "o-tmf")} == {
        "creationtool": "bialign", "srclang": "en", "datatype": "plaintext",
        "segtype": "sentence", "adminlang": "en", "o-tmf": "bialign"}
    assert header.get("creationtoolversion")
    note = header.find("note")
    assert note is not None and note.text is not None
    assert note.text.startswith("2 one-sided link(s) omitted: 1 English and 1 Chinese")
    units = root.findall("body/tu")
    assert [u.get("tuid") for u in units] == ["1", "2", "4"]
    assert [t.get(XML_LANG) for t in units[0].findall("tuv")] == ["en", "zh-CN"]
    notes = [n.text for n in units[2].findall("note")]
    assert notes == ["F0002 error number: 5 in the English is 6 in the Chinese."]


def test_tmx_round_trip(tiny_dir: Path) -> None:
    assert read_tmx(tiny_dir / "alignment.tmx") == [
        ("Heading One", "第一章"), ("The cat sleeps. The dog runs.", "猫在睡觉。狗在跑。"),
        ("The price is 5 dollars.", "价格是6美元。")]


def test_tmx_escapes_markup(tmp_path: Path) -> None:
    path = tmp_path / "x.tmx"
    build_tmx(hostile_result()).write(path, encoding="utf-8", xml_declaration=True)
    assert read_tmx(path)[0] == (f"Before {XSS_SCRIPT} after.", f"之前{XSS_SCRIPT}之后。")


@pytest.mark.parametrize(("texts", "tag"), [
    (["这个国家的经济发展"], "zh-CN"),
    (["這個國家的經濟發展"], "zh-TW"),
    (["中文"], "zh-CN"),  # no distinguishing character: the default
    ([], "zh-CN"),
])
def test_chinese_tag(texts: list[str], tag: str) -> None:
    assert chinese_tag(texts) == tag


TMX_UNITS = {
    "region codes": ('<tuv xml:lang="EN-US"><seg>Hello</seg></tuv>'
                     '<tuv xml:lang="zh-Hans"><seg>你好</seg></tuv>', ("Hello", "你好")),
    "chinese first": ('<tuv xml:lang="ZH"><seg>你好</seg></tuv>'
                      '<tuv xml:lang="en_GB"><seg>Hello</seg></tuv>', ("Hello", "你好")),
    "tmx 1.1 lang": ('<tuv lang="en"><seg>Hi</seg></tuv><tuv lang="zh-TW"><seg>嗨</seg></tuv>',
                     ("Hi", "嗨")),
    "inline codes": ('<tuv xml:lang="en"><seg>A <bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">'
                     '&lt;/b&gt;</ept> <hi>word</hi><ph>{1}</ph>.</seg></tuv>'
                     '<tuv xml:lang="zh-CN"><seg>粗体</seg></tuv>', ("A bold word.", "粗体")),
    "one language only": ('<tuv xml:lang="en"><seg>Alone</seg></tuv>', None),
    "other language": ('<tuv xml:lang="fr"><seg>Salut</seg></tuv>'
                       '<tuv xml:lang="zh"><seg>你好</seg></tuv>', None),
}


@pytest.mark.parametrize("case", sorted(TMX_UNITS))
def test_read_tmx_variants(tmp_path: Path, case: str) -> None:
    unit, expected = TMX_UNITS[case]
    path = tmp_path / "in.tmx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header/>'
                    f"<body><tu>{unit}</tu></body></tmx>", encoding="utf-8")
    assert read_tmx(path) == ([expected] if expected else [])


@pytest.mark.parametrize(("content", "problem"), [
    ("<tmx><body><tu>", "not valid XML"),
    ("<xliff version='1.2'/>", "not TMX"),
    ('<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
     "<tmx><body/></tmx>", "not valid XML"),
])
def test_read_tmx_rejects(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PairsFileError, match=problem):
        read_tmx(path)


# ---------------------------------------------------------------- HTML pieces


@pytest.mark.parametrize(("text", "spans", "expected"), [
    ("abc", [], "abc"),
    ("a<b>c", [(1, 4, "x")], "a<mark x>&lt;b&gt;</mark>c"),
    ("abcdef", [(3, 5, "y"), (0, 2, "x")], "<mark x>ab</mark>c<mark y>de</mark>f"),
    ("abcdef", [(0, 4, "x"), (2, 5, "y")], "<mark x>abcd</mark>ef"),  # overlap dropped
    ('"q"&', [(0, 3, "x")], "<mark x>&quot;q&quot;</mark>&amp;"),
])
def test_marked(text: str, spans: list[tuple[int, int, str]], expected: str) -> None:
    assert marked(text, spans) == expected


@given(st.text(), st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=4))
def test_marked_keeps_the_text_and_never_lets_markup_through(
        text: str, raw: list[tuple[int, int]]) -> None:
    spans = [(a, b, "m") for a, b in raw]
    out = marked(text, spans)
    stripped = out.replace("<mark m>", "").replace("</mark>", "")
    assert "<" not in stripped and ">" not in stripped
    assert html.unescape(stripped) == text


@pytest.mark.parametrize(("sentences", "evidence", "expected"), [
    (["abc", "xbx"], "b", (0, 1, 2)),
    (["abc", "xyz"], "yz", (1, 1, 3)),
    (["abc"], "", None),
    (["abc"], "q", None),
])
def test_evidence_spans(sentences: list[str], evidence: str,
                        expected: tuple[int, int, int] | None) -> None:
    assert evidence_spans(sentences, evidence) == expected


@pytest.mark.parametrize(("sentences", "evidence", "joiner", "expected"), [
    (["abc", "xbx"], "b", " ", [(0, 1, 2)]),
    # Evidence over a whole bead: cut at the sentence boundaries, joiner skipped.
    (["The cat sleeps.", "The dog runs."], "cat sleeps. The dog", " ",
     [(0, 4, 15), (1, 0, 7)]),
    (["猫在睡觉。", "狗在跑。"], "猫在睡觉。狗在跑。", "", [(0, 0, 5), (1, 0, 4)]),
    (["ab", "cd", "ef"], "bcde", "", [(0, 1, 2), (1, 0, 2), (2, 0, 1)]),
    (["ab", "cd"], "b c", "", []),
    (["ab"], "", "", []),
])
def test_evidence_pieces(sentences: list[str], evidence: str, joiner: str,
                         expected: list[tuple[int, int, int]]) -> None:
    assert evidence_pieces(sentences, evidence, joiner) == expected


def test_evidence_over_two_sentences_is_marked_in_both() -> None:
    """Shanghai Communiqué, drift finding whose Chinese evidence was a whole 1-2 bead."""
    result = tiny_result()
    drift = Finding("drift", "info", 0.4, 1, "Read both in full.",
                    en_evidence="The cat sleeps. The dog runs.", zh_evidence="猫在睡觉。狗在跑。")
    page = render_html(RunResult(**{**result.__dict__, "findings": (drift,)}))
    assert page.count('<mark class="m m-info" data-f="F0001"') == 3  # two English, one Chinese
    assert '">The cat sleeps.</mark> <mark ' in page and '">The dog runs.</mark>' in page
    assert '">猫在睡觉。狗在跑。</mark>' in page


def test_controls_are_hidden_without_the_script() -> None:
    page = render_html(tiny_result())
    head = page[: page.index("</head>")]
    assert '<script>document.documentElement.classList.add("js")</script>' in head
    assert "html:not(.js) .bar, html:not(.js) .skip { display: none; }" in head


def test_map_draws_path_only_without_similarity_map() -> None:
    svg = alignment_map_svg(tiny_result())
    # 280 px; 5 English rows of 56 px, 4 Chinese columns of 70 px; centres of two-sided links
    assert '<polyline points="35.0,28.0 105.0,112.0 175.0,252.0"' in svg
    assert '<path d="M0 168.0h6M210.0 0v6"' in svg  # unmatched en 3, zh 3
    assert "<path fill=" not in svg
    assert "<path fill=" in alignment_map_svg(consensus_result())


def test_strip_links_pages_and_findings() -> None:
    svg = document_strip_svg(tiny_result())
    assert '<a href="#L0001"><title>Page 1</title>' in svg
    assert '<a href="#L0003"><title>Page 2</title>' in svg
    assert svg.count('<a href="#F000') == 3
    assert svg.count('tabindex="-1"') == 3  # ticks: mouse only; the keyboard has Next (j)


# ---------------------------------------------------------------- HTML page


class _Collector(HTMLParser):
    """Tags, attributes and text of a page, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def test_hostile_text_renders_as_text() -> None:
    page = render_html(hostile_result())
    parsed = _parse(page)
    assert [t for t, _ in parsed.tags if t in ("img", "iframe", "object")] == []
    scripts = [a for t, a in parsed.tags if t == "script"]
    # The head's fixed one-line flag script, the data block, the report script.
    assert scripts == [{}, {"type": "application/json", "id": "bialign-data"}, {}]
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    text = "".join(parsed.text)
    assert XSS_SCRIPT in text and XSS_IMG in text
    data = page.split('id="bialign-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data
    assert json.loads(data)["signature"] == f"sig {XSS_SCRIPT}"


def test_page_is_self_contained() -> None:
    page = render_html(consensus_result())
    parsed = _parse(page)
    csp = next(a["content"] for t, a in parsed.tags if a.get("http-equiv"))
    assert csp is not None and csp.startswith("default-src 'none'")
    assert not [t for t, a in parsed.tags if t == "link" or "src" in a]
    assert "http://" not in page and "https://" not in page and "@import" not in page


def test_every_sentence_and_finding_is_in_the_page() -> None:
    result = consensus_result()
    text = "".join(_parse(render_html(result)).text)
    for sentence in result.en + result.zh:
        assert sentence.text in text
    assert "principals" in text and "Suggestion: " in text
    assert SIGNATURE in text


def test_rows_show_structure_by_hand() -> None:
    page = render_html(tiny_result())
    assert page.count("\u2014 no counterpart \u2014") == 2
    assert page.count('class="pg"') == 4  # p. 1 and p. 2 on each side
    assert '<p class="k-heading">Heading One</p>' in page
    assert '<p class="k-list_item"><span class="mk">\u2022</span>The price is ' in page
    assert '<p class="k-paragraph">The cat sleeps. The dog runs.</p>' in page
    assert 'id="L0005"' in page and 'id="F0003"' in page
    assert 'data-f="F0002" data-cat="number" data-sev="error"' in page
    assert ">5</mark>" in page and ">6</mark>" in page
    assert page.count('<div class="grp">') == 1


def test_rows_are_grouped(tmp_path: Path) -> None:
    from bialign.report.html import HtmlConfig, write_html

    path = write_html(tiny_result(), tmp_path / "r.html", config=HtmlConfig(rows_per_group=2))
    assert path.read_text(encoding="utf-8").count('<div class="grp">') == 3


def test_verdict_and_problems_shown() -> None:
    from bialign.records import PageProblem

    result = tiny_result()
    doc = Document("a.pdf", "en", result.en_doc.blocks, 2,
                   (PageProblem(2, "no_text", "scanned page"),))
    page = render_html(RunResult(**{**result.__dict__, "en_doc": doc,
                                    "verdict": "These do not look parallel."}))
    assert "These do not look parallel." in page
    assert "English p.\u00a02: no text \u2014 scanned page" in page


def test_empty_run_renders() -> None:
    empty = RunResult(Document("a", "en", ()), Document("b", "zh", ()), (), (),
                      Alignment(()), (), SIGNATURE)
    assert "No findings." in render_html(empty)


def test_traditional_chinese_cells_are_tagged() -> None:
    zh = (Sentence(0, "這個國家的經濟發展很快。", 0, 1),)
    en = (Sentence(0, "The economy of this country grows fast.", 0, 1),)
    result = RunResult(Document("a", "en", ()), Document("b", "zh", ()), en, zh,
                       Alignment((Link((0,), (0,), 0.5),)), (), SIGNATURE)
    assert 'class="cell zh" lang="zh-TW"' in render_html(result)


def test_paragraph_continued_in_next_row_has_no_marker() -> None:
    en = (Sentence(0, "First part.", 0, 1, "list_item"), Sentence(1, "Second part.", 0, 1,
                                                                    "list_item"))
    zh = (Sentence(0, "第一部分。", 0, 1, "list_item"), Sentence(1, "第二部分。", 0, 1,
                                                                  "list_item"))
    blocks = (Block("First part. Second part.", 1, "list_item", "1."),)
    result = RunResult(Document("a", "en", blocks), Document("b", "zh", blocks), en, zh,
                       Alignment((Link((0,), (0,)), Link((1,), (1,)))), (), SIGNATURE)
    page = render_html(result)
    assert '<p class="k-list_item"><span class="mk">1.</span>First part.</p>' in page
    assert '<p class="k-list_item cont">Second part.</p>' in page
    assert page.count('class="row np"') == 1


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=12))
def test_json_layout_is_json(value: object) -> None:
    from bialign.report.json_out import _layout

    assert json.loads(_layout({"a": value, "b": [{"x": value}]})) == {"a": value,
                                                                      "b": [{"x": value}]}


def test_related_links_are_linked() -> None:
    result = tiny_result()
    term = Finding("terminology", "warning", 0.6, 1, "Term translated two ways.",
                   related=(3, 0))
    page = render_html(RunResult(**{**result.__dict__, "findings": (term,)}))
    assert 'See also rows <a href="#L0004">4</a>, <a href="#L0001">1</a>' in page
    one = Finding("terminology", "warning", 0.6, 1, "Term translated two ways.", related=(3,))
    page = render_html(RunResult(**{**result.__dict__, "findings": (one,)}))
    assert 'See also row <a href="#L0004">4</a></span>' in page


def test_finding_on_unknown_link_is_still_shown() -> None:
    result = tiny_result()
    stray = Finding("number", "error", 0.9, 99, "Stray finding.")
    page = render_html(RunResult(**{**result.__dict__, "findings": (stray,)}))
    assert "Findings on links not in this alignment:" in page and 'id="F0001"' in page
    assert finding_rows(RunResult(**{**result.__dict__, "findings": (stray,)}))[0]["en_text"] == ""


@pytest.mark.parametrize(("asset", "closing"), [("report.js", "</script"),
                                                 ("report.css", "</style")])
def test_inlined_assets_cannot_close_their_element(asset: str, closing: str) -> None:
    from importlib import resources

    text = resources.files("bialign.report").joinpath(asset).read_text(encoding="utf-8")
    assert text and closing not in text.lower()


def test_names_that_only_give_the_language_show_their_folder() -> None:
    from bialign.report.html import _names

    assert _names("/c/udhr/en.pdf", "/c/udhr/zh.pdf") == ("udhr/en.pdf", "udhr/zh.pdf")
    assert _names("/c/udhr/English.docx", "/c/udhr/law-zh.pdf") == (
        "udhr/English.docx", "udhr/law-zh.pdf")
    assert _names("/c/a/report-en.pdf", "/c/a/report-zh.pdf") == (
        "report-en.pdf", "report-zh.pdf")
    assert _names("/c/en/x.pdf", "/c/zh/x.pdf") == ("en/x.pdf", "zh/x.pdf")


def test_findings_xlsx_is_the_same_file_for_the_same_findings(tmp_path: Path) -> None:
    import time

    from bialign.report.tables import write_findings_xlsx

    result = tiny_result()
    first = write_findings_xlsx(result, tmp_path / "a.xlsx").read_bytes()
    time.sleep(2.1)  # zip times have a 2 s resolution
    second = write_findings_xlsx(result, tmp_path / "b.xlsx").read_bytes()
    assert first == second
