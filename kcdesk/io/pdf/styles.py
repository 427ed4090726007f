"""Page geometry and paragraph styles of kcdesk's documents, after NĐ 30/2020/NĐ-CP.

A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; body 13 pt; the Quốc hiệu in bold capitals
12–13 pt with the tiêu ngữ in bold 13–14 pt centred beneath it, underlined. One module, so the
survey forms and the proposals look like papers from the same office.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kcdesk.io.pdf.fonts import BOLD, BOLD_ITALIC, FAMILY, ITALIC, REGULAR, register_fonts

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Margins:
    top: float = 20 * MM
    bottom: float = 20 * MM
    left: float = 30 * MM
    right: float = 15 * MM


OFFICIAL = Margins()
# Forms people fill by hand: the same left margin for binding, a little more room below for the
# footer with the page number and the form's code.
FORM = Margins(top=15 * MM, bottom=18 * MM, left=25 * MM, right=15 * MM)

BODY_SIZE = 13
SMALL_SIZE = 11
TABLE_SIZE = 11


def frame_width(margins: Margins = OFFICIAL, page: tuple[float, float] = A4) -> float:
    return page[0] - margins.left - margins.right


def frame_height(margins: Margins = OFFICIAL, page: tuple[float, float] = A4) -> float:
    return page[1] - margins.top - margins.bottom


_STYLES: dict[str, Any] | None = None


def stylesheet() -> dict[str, Any]:
    """Named ``ParagraphStyle`` objects: body, body_justified, title, subtitle, heading, small,
    note, table, table_bold, table_head, right, quoc_hieu, tieu_ngu, agency, agency_bold,
    place_date, signature_title, signature_note. Shared; copy one before changing it."""
    global _STYLES
    if _STYLES is not None:
        return _STYLES
    register_fonts()
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle(
        "body", fontName=FAMILY, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.3, alignment=TA_LEFT,
        spaceAfter=3,
    )  # fmt: skip

    def derive(name: str, **kw: Any) -> Any:
        return ParagraphStyle(name, parent=body, **kw)

    styles = {
        "body": body,
        "body_justified": derive("body_justified", alignment=TA_JUSTIFY, firstLineIndent=10 * MM),
        "title": derive("title", fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER,
                        spaceBefore=6, spaceAfter=4),
        "subtitle": derive("subtitle", fontName=ITALIC, alignment=TA_CENTER, spaceAfter=8),
        "heading": derive("heading", fontName=BOLD, spaceBefore=8, spaceAfter=3),
        "small": derive("small", fontSize=SMALL_SIZE, leading=SMALL_SIZE * 1.25, spaceAfter=1),
        "note": derive("note", fontName=ITALIC, fontSize=SMALL_SIZE, leading=SMALL_SIZE * 1.25),
        "table": derive("table", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2, spaceAfter=0),
        "table_bold": derive("table_bold", fontName=BOLD, fontSize=TABLE_SIZE,
                             leading=TABLE_SIZE * 1.2, spaceAfter=0),
        "table_head": derive("table_head", fontName=BOLD, fontSize=TABLE_SIZE,
                             leading=TABLE_SIZE * 1.2, alignment=TA_CENTER, spaceAfter=0),
        "table_right": derive("table_right", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2,
                              alignment=TA_RIGHT, spaceAfter=0),
        "right": derive("right", alignment=TA_RIGHT),
        "quoc_hieu": derive("quoc_hieu", fontName=BOLD, fontSize=12, leading=15,
                            alignment=TA_CENTER, spaceAfter=0),
        "tieu_ngu": derive("tieu_ngu", fontName=BOLD, fontSize=13, leading=16,
                           alignment=TA_CENTER, spaceAfter=0),
        "agency": derive("agency", fontSize=12, leading=15, alignment=TA_CENTER, spaceAfter=0),
        "agency_bold": derive("agency_bold", fontName=BOLD, fontSize=12, leading=15,
                              alignment=TA_CENTER, spaceAfter=0),
        "place_date": derive("place_date", fontName=ITALIC, alignment=TA_CENTER, spaceAfter=0),
        "signature_title": derive("signature_title", fontName=BOLD, alignment=TA_CENTER,
                                  spaceAfter=0),
        "signature_note": derive("signature_note", fontName=BOLD_ITALIC, fontSize=SMALL_SIZE,
                                 alignment=TA_CENTER),
        "regular_center": derive("regular_center", fontName=REGULAR, alignment=TA_CENTER),
    }  # fmt: skip
    _STYLES = styles
    return styles


def escape(text: str) -> str:
    """Text for a ``Paragraph``: its markup characters escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def official_header(
    agency_lines: list[str],
    *,
    number: str | None = None,
    place_date: str | None = None,
    width: float | None = None,
) -> Any:
    """The two-column head of an official paper (NĐ 30/2020, mẫu 1.1) as one flowable.

    Left: the agency, its parent on the first line(s) in regular capitals and the issuing body in
    bold on the last line, underlined; then ``number`` (``"Số: 12/ĐA-KC"``). Right: the Quốc hiệu
    and tiêu ngữ (underlined), then ``place_date`` in italics (``"Hải Phòng, ngày 05 tháng 02
    năm 2025"``, see ``kcdesk.vn.dates.long_date``). Empty ``agency_lines`` leave the left empty.
    """
    from reportlab.platypus import HRFlowable, Paragraph, Table, TableStyle

    st = stylesheet()
    total = width or frame_width()
    left_w, right_w = total * 0.42, total * 0.58

    left: list[Any] = []
    for i, line in enumerate(agency_lines):
        last = i == len(agency_lines) - 1
        style = st["agency_bold"] if last else st["agency"]
        left.append(Paragraph(escape(line.upper()), style))
    if agency_lines:
        left.append(HRFlowable(width="35%", thickness=0.6, color="black", spaceBefore=1,
                               spaceAfter=4, hAlign="CENTER"))  # fmt: skip
    if number:
        left.append(Paragraph(escape(number), st["agency"]))

    from reportlab.pdfbase.pdfmetrics import stringWidth

    motto_w = stringWidth(TIEU_NGU, BOLD, st["tieu_ngu"].fontSize)
    right: list[Any] = [
        Paragraph(QUOC_HIEU, st["quoc_hieu"]),
        Paragraph(TIEU_NGU, st["tieu_ngu"]),
        HRFlowable(width=motto_w, thickness=0.6, color="black", spaceBefore=1, spaceAfter=6,
                   hAlign="CENTER"),
    ]  # fmt: skip
    if place_date:
        right.append(Paragraph(escape(place_date), st["place_date"]))

    table = Table([[left, right]], colWidths=[left_w, right_w])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))  # fmt: skip
    return table
