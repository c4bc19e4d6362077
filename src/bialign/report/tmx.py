"""TMX 1.4 translation memory: write the two-sided links, read any CAT tool's TMX.

Writing uses ``xml.etree`` (which escapes text); reading uses ``defusedxml``
because a TMX may come from anywhere.  Chinese is tagged ``zh-CN`` or
``zh-TW`` from the characters themselves (simplified or traditional forms).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from bialign import __version__
from bialign.errors import PairsFileError
from bialign.records import RunResult
from bialign.report.json_out import findings_by_link, side_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline TMX elements whose content is native markup, not text.
CODE_ELEMENTS = frozenset({"bpt", "ept", "it", "ph", "ut"})
# Frequent characters that differ between the two scripts, one pair each.
SIMPLIFIED = "这个们来时会说国为经发对现关学过动种样还两问体进电开几从东见长门间么后里与业实"
TRADITIONAL = "這個們來時會說國為經發對現關學過動種樣還兩問體進電開幾從東見長門間麼後裡與業實"
CHINESE_CODES = ("zh", "cmn", "chi", "zho", "yue")
ENGLISH_CODES = ("en", "eng")


def chinese_tag(texts: Iterable[str]) -> str:
    """``zh-TW`` when traditional forms outnumber simplified ones, else ``zh-CN``."""
    simplified = set(SIMPLIFIED)
    traditional = set(TRADITIONAL)
    simp = trad = 0
    for text in texts:
        for char in text:
            simp += char in simplified
            trad += char in traditional
    return "zh-TW" if trad > simp else "zh-CN"


def build_tmx(result: RunResult) -> ET.ElementTree:
    """The TMX tree: one <tu> per two-sided link, its findings as <note>s."""
    zh_lang = chinese_tag(s.text for s in result.zh)
    root = ET.Element("tmx", version="1.4")
    header = ET.SubElement(root, "header", {
        "creationtool": "bialign", "creationtoolversion": __version__,
        "datatype": "plaintext", "segtype": "sentence", "adminlang": "en",
        "srclang": "en", "o-tmf": "bialign",
    })
    one_sided = [k for k in result.links if not (k.en and k.zh)]
    ET.SubElement(header, "prop", type="x-signature").text = result.signature
    ET.SubElement(header, "note").text = (
        f"{len(one_sided)} one-sided link(s) omitted:"
        f" {sum(len(k.en) for k in one_sided)} English and"
        f" {sum(len(k.zh) for k in one_sided)} Chinese sentence(s) without counterpart."
    )
    body = ET.SubElement(root, "body")
    by_link = findings_by_link(result.findings)
    for index, link in enumerate(result.links):
        if not (link.en and link.zh):
            continue
        tu = ET.SubElement(body, "tu", tuid=str(index + 1))
        ET.SubElement(tu, "prop", type="x-score").text = f"{link.score:.4f}"
        for fid, finding in by_link.get(index, []):
            ET.SubElement(tu, "note").text = (
                f"{fid} {finding.severity} {finding.category}: {finding.message}")
        for lang, tag, indices, sentences in (("en", "en", link.en, result.en),
                                              ("zh", zh_lang, link.zh, result.zh)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: tag})
            ET.SubElement(tuv, "seg").text = side_text(sentences, indices, lang)
    ET.indent(root, space=" ")
    return ET.ElementTree(root)


def write_tmx(result: RunResult, path: Path) -> Path:
    """Write alignment.tmx (UTF-8, XML declaration)."""
    build_tmx(result).write(path, encoding="utf-8", xml_declaration=True)
    return path


def _language(tuv: ET.Element) -> str:
    """"en", "zh" or "" from xml:lang (or TMX 1.1's lang), any case or region."""
    code = (tuv.get(XML_LANG) or tuv.get("lang") or "").strip().lower()
    primary = code.replace("_", "-").split("-")[0]
    if primary in ENGLISH_CODES:
        return "en"
    if primary in CHINESE_CODES:
        return "zh"
    return ""


def _segment_text(element: ET.Element) -> str:
    """The text of a <seg>, without the native codes of inline tags."""
    parts = [element.text or ""]
    for child in element:
        if _local(child.tag) not in CODE_ELEMENTS:
            parts.append(_segment_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _pair(tu: ET.Element) -> tuple[str, str] | None:
    texts: dict[str, str] = {}
    for tuv in _children(tu, "tuv"):
        lang = _language(tuv)
        segs = _children(tuv, "seg")
        if lang and segs and lang not in texts:
            texts[lang] = " ".join(_segment_text(segs[0]).split())
    if "en" in texts and "zh" in texts:
        return texts["en"], texts["zh"]
    return None


def read_tmx(path: Path) -> list[tuple[str, str]]:
    """(English, Chinese) texts of every <tu> that has both languages.

    Accepts any TMX version and language tags such as EN-US, en_GB, zh-Hans,
    ZH or zh-TW; units without both languages are skipped.  Raises
    PairsFileError when the file is not XML or not TMX.
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, parse

    try:
        root = parse(str(path)).getroot()
    except (ParseError, DefusedXmlException) as exc:
        raise PairsFileError(path, f"is not valid XML ({exc})",
                             "Export the translation memory again as TMX.") from None
    if _local(root.tag) != "tmx":
        raise PairsFileError(path, f"is XML but not TMX (root element <{_local(root.tag)}>)",
                             "Give a TMX file exported by a CAT tool.")
    pairs: list[tuple[str, str]] = []
    for body in _children(root, "body"):
        for tu in _children(body, "tu"):
            pair = _pair(tu)
            if pair is not None:
                pairs.append(pair)
    return pairs

