"""Write the fixture PDFs of tests/pdfs by hand: one small file per situation or bug.

No PDF library is needed: pages are written as PDF operators with the
standard fonts (Helvetica; Adobe's MSung-Light for Traditional Chinese, which
readers map to Unicode through the predefined UniCNS-UCS2-H CMap), and the
encrypted fixture uses the standard RC4 security handler (revision 2),
implemented below from the PDF 1.7 specification, section 7.6.3.

Run once after changing it:  python tests/pdfs/make_fixtures.py
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGE_W, PAGE_H = 612, 792
LEFT, RIGHT = 72, 540
PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


@dataclass(frozen=True)
class Run:
    """One line of text at (x, y from the top) in a font of the fixture."""

    x: float
    y: float
    text: str
    font: str = "F1"  # F1 Helvetica, F2 Helvetica-Bold, F3 MSung-Light (Chinese)
    size: float = 11.0
    justify: bool = False  # stretch the spaces so that the line ends at RIGHT


# Helvetica advance widths (Adobe AFM, 1/1000 em) for the characters used here.
HELVETICA = dict(zip(
    " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,.-:;()'/",
    [278, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556,
     556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 667, 667, 722, 722, 667, 611, 778,
     722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
     667, 611, *[556] * 10, 278, 278, 333, 278, 278, 333, 333, 191, 278], strict=True))


def text_width(text: str, size: float) -> float:
    return sum(HELVETICA.get(char, 556) for char in text) * size / 1000


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def content(runs: Sequence[Run], rects: Sequence[tuple[float, float, float, float]] = ()
            ) -> bytes:
    """PDF operators drawing ``runs`` (and filled rectangles, for an image-like page)."""
    out = []
    for x, y, w, h in rects:
        out.append(f"0.5 g {x} {PAGE_H - y - h} {w} {h} re f 0 g".encode())
    for run in runs:
        if run.font == "F3":
            string = b"<" + run.text.encode("utf-16-be").hex().encode() + b">"
        else:
            string = b"(" + _escape(run.text) + b")"
        spacing = 0.0
        if run.justify and run.text.count(" "):
            slack = RIGHT - run.x - text_width(run.text, run.size)
            spacing = max(0.0, slack / run.text.count(" "))
        out.append(b"BT /%s %g Tf %.3f Tw %g %g Td " % (
            run.font.encode(), run.size, spacing, run.x, PAGE_H - run.y - run.size)
            + string + b" Tj ET")
    return b"\n".join(out)


FONTS = {
    "F1": b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    "F2": b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold"
          b" /Encoding /WinAnsiEncoding >>",
    "F3": b"<< /Type /Font /Subtype /Type0 /BaseFont /MSung-Light /Encoding /UniCNS-UCS2-H"
          b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /MSung-Light"
          b" /CIDSystemInfo << /Registry (Adobe) /Ordering (CNS1) /Supplement 4 >>"
          b" /DW 1000 >>] >>",
}


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


@dataclass(frozen=True)
class Security:
    """RC4 40-bit (revision 2) encryption with a user password."""

    user: str
    owner: str
    file_id: bytes = b"bialign-fixture!"
    permissions: int = -4

    def owner_entry(self) -> bytes:
        key = hashlib.md5((self.owner.encode() + PAD)[:32]).digest()[:5]
        return _rc4(key, (self.user.encode() + PAD)[:32])

    def file_key(self) -> bytes:
        digest = hashlib.md5((self.user.encode() + PAD)[:32] + self.owner_entry()
                             + struct.pack("<i", self.permissions) + self.file_id)
        return digest.digest()[:5]

    def encrypt(self, number: int, data: bytes) -> bytes:
        key = self.file_key() + struct.pack("<i", number)[:3] + b"\x00\x00"
        return _rc4(hashlib.md5(key).digest()[:10], data)

    def dictionary(self) -> bytes:
        return (b"<< /Filter /Standard /V 1 /R 2 /O <" + self.owner_entry().hex().encode()
                + b"> /U <" + _rc4(self.file_key(), PAD).hex().encode()
                + b"> /P " + str(self.permissions).encode() + b" >>")


def write_pdf(path: Path, pages: Sequence[bytes], security: Security | None = None) -> None:
    """A complete PDF with one content stream per page (``pages`` may be empty)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font_ids = {name: add(body) for name, body in FONTS.items()}
    resources = b"<< /Font << " + b" ".join(
        b"/%s %d 0 R" % (name.encode(), number) for name, number in font_ids.items()) + b" >> >>"
    pages_id = len(objects) + 1 + 2 * len(pages)
    kids = []
    for stream in pages:
        number = len(objects) + 1
        data = security.encrypt(number, stream) if security else stream
        add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources %s"
                        b" /Contents %d 0 R >>" % (pages_id, PAGE_W, PAGE_H, resources,
                                                    number)))
    add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
        + b"] /Count %d >>" % len(kids))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    encrypt = add(security.dictionary()) if security else None
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if security:
        file_id = security.file_id.hex().encode()
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (encrypt, file_id, file_id)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))


# ---------------------------------------------------------------- the fixtures


def wrapped(lines: Sequence[str], y: float, *, x: float = LEFT, font: str = "F1",
            pitch: float = 14.0, continues: bool = False) -> list[Run]:
    """A justified paragraph: every line but the last ends at the right margin
    (the last too when the paragraph ``continues`` on the next page)."""
    last = len(lines) if continues else len(lines) - 1
    return [Run(x, y + i * pitch, line, font, justify=i < last and font != "F3")
            for i, line in enumerate(lines)]


BODY_1 = [
    "The National Committee convened its third dialogue on the digital economy",
    "virtually, with experts from academia, think tanks and industry, for non-",
    "governmental, off-the-record talks and long-term plans. The off-the-",
    "record discussions covered the digital economy and addressed the secu-",
    "rity of supply chains; participants agreed that the discussions should",
    "continue in the coming year through working groups on each of the topics",
]
BODY_2 = [
    "that were identified as most urgent by both sides of the dialogue.",
]


def running_header_footer() -> list[bytes]:
    """Three pages with a repeated title line, 'Page N of 3' footers and a page break
    inside a paragraph."""
    pages = []
    for number in (1, 2, 3):
        runs = [Run(200, 36, "Digital Economy Dialogue - Consensus 2020", size=9),
                Run(270, 750, f"Page {number} of 3", size=9)]
        if number == 1:
            runs += wrapped(BODY_1, 90, continues=True)
        elif number == 2:
            runs += wrapped(BODY_2, 90)
            runs += wrapped(["A second paragraph starts after a gap and ends here."], 120)
        else:
            runs += wrapped(["The last page has one short paragraph."], 90)
        pages.append(content(runs))
    return pages


def lists_and_headings() -> list[bytes]:
    runs = [Run(280, 72, "PART I", "F2"),
            Run(LEFT, 100, "Current Trends and Challenges", "F2"),
            *wrapped(["We note the following ongoing actions by both governments:"], 128),
            Run(LEFT, 156, "\u2022"), Run(90, 156, "Restrictions on multinational corporations"
                                          " that reach far beyond"),
            Run(90, 170, "what the two governments have agreed."),
            Run(LEFT, 184, "\u2022"), Run(90, 184, "Restrictions on data flows."),
            Run(LEFT, 212, "1."), Run(90, 212, "Definition and boundaries of national"
                                      " security interests in the"),
            Run(90, 226, "digital economy."),
            Run(LEFT, 240, "(a)"), Run(90, 240, "Scientific collaboration."),
            *wrapped(["A closing paragraph after the list."], 268)]
    return [content(runs)]


def two_columns() -> list[bytes]:
    left = ["The first column starts here and", "runs down the left half of the",
            "page until it reaches the bottom", "of the column, where the text",
            "continues at the top of the right"]
    right = ["column without any break in the", "paragraph at all.", "",
             "A second paragraph sits in the", "right column only."]
    runs = [Run(220, 40, "A Joint Communique", "F2")]
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        runs.append(Run(LEFT, 80 + 14 * i, a))
        if b:
            runs.append(Run(320, 80 + 14 * i, b))
    return [content(runs)]


def traditional_chinese() -> list[bytes]:
    """Traditional Chinese with Latin words and dates inside, wrapped over lines."""
    lines = ["雙方於2020年12月2日通過Zoom在線上舉行了第三次數位經濟",
             "二軌對話，並就美中兩國共同關注的重要議題進行了深入而坦誠的討論與交",
             "流。"]
    second = ["第二段：與會者同意繼續對話。"]
    return [content([*wrapped(lines, 90, font="F3"),
                     *wrapped(second, 150, font="F3"), Run(290, 750, "第 1 頁", "F3", 9)])]


def image_only() -> list[bytes]:
    return [content([], rects=[(72, 72, 400, 500)])]


def one_scanned_page() -> list[bytes]:
    return [content(wrapped(["A page with a text layer."], 90)), *image_only()]


def write_all() -> None:
    write_pdf(HERE / "running-header-footer.pdf", running_header_footer())
    write_pdf(HERE / "lists-and-headings.pdf", lists_and_headings())
    write_pdf(HERE / "two-columns.pdf", two_columns())
    write_pdf(HERE / "traditional-chinese.pdf", traditional_chinese())
    write_pdf(HERE / "image-only.pdf", image_only())
    write_pdf(HERE / "one-scanned-page.pdf", one_scanned_page())
    write_pdf(HERE / "zero-pages.pdf", [])
    write_pdf(HERE / "encrypted-password-secret.pdf", running_header_footer()[:1],
              Security(user="secret", owner="owner-secret"))
    whole = (HERE / "running-header-footer.pdf").read_bytes()
    (HERE / "truncated.pdf").write_bytes(whole[: len(whole) // 2])
    (HERE / "html-renamed.pdf").write_bytes(
        b"<!DOCTYPE html>\n<html><head><title>Consensus</title></head>"
        b"<body><p>Not a PDF.</p></body></html>\n")
    (HERE / "empty.pdf").write_bytes(b"")


if __name__ == "__main__":
    write_all()


def write_image_pdf(path: Path, deflated_gray: bytes, width: int, height: int) -> None:
    """A one-page PDF showing a grey-scale picture (zlib-compressed 8-bit rows) full page."""
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
             b" /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
             % (width, height, len(deflated_gray)) + deflated_gray + b"\nendstream")
    draw = b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % (PAGE_W, PAGE_H)
    objects = [
        image,
        b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream",
        b"<< /Type /Page /Parent 4 0 R /MediaBox [0 0 %d %d] /Resources << /XObject"
        b" << /Im1 1 0 R >> >> /Contents 2 0 R >>" % (PAGE_W, PAGE_H),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Catalog /Pages 4 0 R >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    path.write_bytes(bytes(out))
