"""The đề án khuyến công as a document in the official layout (NĐ 30/2020/NĐ-CP).

A4, Times-metric serif, the agency and the Quốc hiệu with its tiêu ngữ at the head, the place and
date, the title, numbered sections, the budget table with Vietnamese number format and totals, the
total in words, and the signature blocks of the beneficiary and the implementing unit. A draft is
printed with a "BẢN NHÁP" watermark so it is never mistaken for the submitted paper.

The renderer takes a :class:`ProposalDocument` of plain values (built by
``kcdesk.services.proposal_print``), so this module knows nothing of the database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from kcdesk.domain.errors import KcError
from kcdesk.domain.proposals.budget import BudgetLine, BudgetTotals
from kcdesk.io.pdf.fonts import BOLD, REGULAR, register_fonts, string_width
from kcdesk.io.pdf.pages import numbered_canvas
from kcdesk.io.pdf.styles import A4, MM, OFFICIAL, escape, frame_width, official_header, stylesheet
from kcdesk.vn.dates import format_date, long_date
from kcdesk.vn.numbers import format_number
from kcdesk.vn.words import amount_in_words

TABLE_FONT = 9.5


@dataclass(frozen=True)
class Beneficiary:
    name: str
    representative: str = ""
    address: str = ""
    tax_code: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Results:
    jobs: int | None = None
    trainees: int | None = None
    revenue: int | None = None  # đồng per year
    other: str = ""


@dataclass(frozen=True)
class ProposalDocument:
    """Everything printed, already worded; empty fields print as a dotted line to fill by hand."""

    title: str
    category: str
    funding: str
    implementing_unit: str
    beneficiaries: tuple[Beneficiary, ...]
    place: str
    period_start: date | None
    period_end: date | None
    background: str
    objectives: str
    activities: str
    results: Results
    lines: tuple[BudgetLine, ...]
    totals: BudgetTotals
    status_label: str
    draft: bool
    agency_lines: tuple[str, ...] = ()
    number: str = "Số:" + "\u00a0" * 10 + "/ĐA-KC"  # the number is written in by hand
    place_name: str = ""  # "Hải Phòng", before ", ngày … tháng … năm …"
    issued: date | None = None
    cap_text: str = ""  # "Mức hỗ trợ tối đa: …"
    approved_amount: int | None = None
    code: str = ""  # printed small at the foot of each page (the proposal's id)
    signers: tuple[str, str] = ("", "")  # names under the two signature blocks
    extra_notes: tuple[str, ...] = field(default_factory=tuple)


DOTS = "…………………………………………"


def _money(value: int | None) -> str:
    return "" if value is None else format_number(int(value))


def _para(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def _paragraphs(text: str, style: Any) -> list[Any]:
    parts = [p for p in text.split("\n") if p.strip()]
    return [_para(p, style) for p in parts] or [_para(DOTS * 2, style)]


def _info_line(label: str, value: str, st: dict[str, Any]) -> Any:
    from reportlab.platypus import Paragraph

    shown = escape(value) if value else DOTS
    return Paragraph(f"<b>{escape(label)}</b> {shown}", st["body"])


def _period(doc: ProposalDocument) -> str:
    if doc.period_start and doc.period_end:
        return f"từ ngày {format_date(doc.period_start)} đến ngày {format_date(doc.period_end)}"
    if doc.period_start:
        return f"từ ngày {format_date(doc.period_start)}"
    return ""


def budget_table(doc: ProposalDocument, width: float) -> Any:
    """The estimate: one row per line, a totals row; an "other sources" column only when used."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    base = ParagraphStyle("budget", fontName=REGULAR, fontSize=TABLE_FONT, leading=TABLE_FONT * 1.2)
    head = ParagraphStyle("budget_head", parent=base, fontName=BOLD, alignment=TA_CENTER)
    left = ParagraphStyle("budget_left", parent=base, alignment=TA_LEFT)
    center = ParagraphStyle("budget_center", parent=base, alignment=TA_CENTER)

    with_other = doc.totals.other > 0
    headings = [
        "TT", "Nội dung chi", "Đơn vị tính", "Số lượng", "Đơn giá", "Thành tiền",
        "Kinh phí khuyến công", "Kinh phí đối ứng",
    ]  # fmt: skip
    widths_mm = [8, 0, 13, 14, 21, 23, 23, 22]
    if with_other:
        headings.append("Nguồn khác")
        widths_mm = [8, 0, 12, 13, 20, 22, 21, 20, 19]
    fixed = sum(widths_mm) * MM
    widths = [w * MM if w else width - fixed for w in widths_mm]

    # Numbers are plain strings aligned by the table style: a Paragraph per cell would be
    # measured again at every page split, and a long estimate has hundreds of cells.
    rows: list[list[Any]] = [[Paragraph(h, head) for h in headings]]
    unit_room = widths[2] - 5
    for i, line in enumerate(doc.lines, start=1):
        item = escape(line.item) + (f"<br/><i>{escape(line.note)}</i>" if line.note else "")
        unit: Any = line.unit
        if string_width(line.unit, REGULAR, TABLE_FONT) > unit_room:
            unit = Paragraph(escape(line.unit), center)
        row = [
            str(i),
            Paragraph(item, left),
            unit,
            format_number(line.quantity),
            format_number(line.unit_price),
            format_number(line.amount),
            format_number(line.support),
            format_number(line.counterpart),
        ]
        if with_other:
            row.append(format_number(line.other))
        rows.append(row)
    if not doc.lines:
        rows.append(["", Paragraph(DOTS, left)] + [""] * (len(headings) - 2))
    t = doc.totals

    def total(amount: int, percent: Decimal) -> str:
        # The share under each total keeps the last row in one piece when the table breaks.
        return f"{format_number(amount)}\n({format_number(percent)} %)"

    total_row = [
        "",
        "Tổng cộng",
        "",
        "",
        "",
        format_number(t.amount),
        total(t.support, t.support_percent),
        total(t.counterpart, t.counterpart_percent),
    ]
    if with_other:
        total_row.append(total(t.other, t.other_percent))
    rows.append(total_row)

    # Amounts of several tỷ đồng do not fit the columns at the usual size: shrink the numbers
    # (never below 6.5 pt) rather than let them run over the cell borders.
    size = TABLE_FONT
    for row in rows[1:]:
        for col in range(3, len(headings)):
            cell = row[col]
            if isinstance(cell, str) and cell:
                widest = max(string_width(part, BOLD, TABLE_FONT) for part in cell.split("\n"))
                room = widths[col] - 5
                if widest > room:
                    size = min(size, max(6.5, TABLE_FONT * room / widest))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 1), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 1), (-1, -1), TABLE_FONT),
                ("LEADING", (0, 1), (-1, -1), TABLE_FONT * 1.2),
                ("FONTSIZE", (3, 1), (-1, -1), size),
                ("FONTNAME", (0, -1), (-1, -1), BOLD),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("ALIGN", (2, 1), (2, -1), "CENTER"),
                ("ALIGN", (3, 1), (-1, -1), "RIGHT"),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _signatures(doc: ProposalDocument, width: float, st: dict[str, Any]) -> Any:
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    def block(title: str, name: str) -> list[Any]:
        cells = [
            Paragraph(escape(title), st["signature_title"]),
            Paragraph("(Ký, ghi rõ họ tên, đóng dấu)", st["place_date"]),
            Spacer(1, 24 * MM),
        ]
        if name:
            cells.append(Paragraph(f"<b>{escape(name)}</b>", st["regular_center"]))
        return cells

    table = Table(
        [
            [
                block("ĐƠN VỊ THỤ HƯỞNG", doc.signers[0]),
                block("ĐƠN VỊ THỰC HIỆN ĐỀ ÁN", doc.signers[1]),
            ]
        ],
        colWidths=[width / 2, width / 2],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def proposal_story(doc: ProposalDocument) -> list[Any]:
    """The flowables of the document, top to bottom."""
    from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

    st = stylesheet()
    width = frame_width(OFFICIAL)
    place_date = long_date(doc.issued, doc.place_name) if doc.issued else ""
    story: list[Any] = [
        official_header(
            list(doc.agency_lines), number=doc.number, place_date=place_date, width=width
        ),
        Spacer(1, 8 * MM),
        Paragraph("ĐỀ ÁN KHUYẾN CÔNG", st["title"]),
        Paragraph(f"<b>{escape(doc.title.upper())}</b>", st["regular_center"]),
        Paragraph(escape(f"Nội dung: {doc.category}" if doc.category else ""), st["subtitle"]),
        Spacer(1, 3 * MM),
    ]

    def heading(text: str) -> None:
        story.append(CondPageBreak(30 * MM))
        story.append(Paragraph(escape(text), st["heading"]))

    heading("I. THÔNG TIN CHUNG")
    story += [
        _info_line("1. Tên đề án:", doc.title, st),
        _info_line("2. Nội dung khuyến công:", doc.category, st),
        _info_line("3. Nguồn kinh phí:", doc.funding, st),
        _info_line("4. Đơn vị thực hiện:", doc.implementing_unit, st),
        Paragraph("<b>5. Đơn vị thụ hưởng:</b>", st["body"])
        if doc.beneficiaries
        else _info_line("5. Đơn vị thụ hưởng:", "", st),
    ]
    for b in doc.beneficiaries:
        details = [
            f"Người đại diện: {b.representative}" if b.representative else "",
            f"Địa chỉ: {b.address}" if b.address else "",
            f"Mã số thuế: {b.tax_code}" if b.tax_code else "",
            f"Điện thoại: {b.phone}" if b.phone else "",
        ]
        text = f"- <b>{escape(b.name)}</b>"
        rest = "; ".join(escape(d) for d in details if d)
        story.append(Paragraph(text + (f". {rest}." if rest else "."), st["body"]))
    story += [
        _info_line("6. Địa điểm thực hiện:", doc.place, st),
        _info_line("7. Thời gian thực hiện:", _period(doc), st),
    ]

    heading("II. SỰ CẦN THIẾT CỦA ĐỀ ÁN")
    story += _paragraphs(doc.background, st["body_justified"])
    heading("III. MỤC TIÊU")
    story += _paragraphs(doc.objectives, st["body_justified"])
    heading("IV. NỘI DUNG THỰC HIỆN")
    story += _paragraphs(doc.activities, st["body_justified"])

    heading("V. DỰ TOÁN KINH PHÍ")
    story.append(Paragraph("<i>Đơn vị tính: đồng</i>", st["right"]))
    story.append(budget_table(doc, width))
    story.append(Spacer(1, 3 * MM))
    t = doc.totals
    totals: list[Any] = [
        Paragraph(
            f"<b>Tổng kinh phí thực hiện đề án:</b> {format_number(t.amount)} đồng "
            f"<i>(Bằng chữ: {escape(amount_in_words(t.amount))})</i>.",
            st["body"],
        ),
        Paragraph("Trong đó:", st["body"]),
        Paragraph(
            f"- Kinh phí khuyến công hỗ trợ: {format_number(t.support)} đồng "
            f"({format_number(t.support_percent)} %) "
            f"<i>(Bằng chữ: {escape(amount_in_words(t.support))})</i>;",
            st["body"],
        ),
        Paragraph(
            f"- Kinh phí đối ứng của đơn vị thụ hưởng: {format_number(t.counterpart)} đồng "
            f"({format_number(t.counterpart_percent)} %);",
            st["body"],
        ),
    ]
    if t.other:
        totals.append(
            Paragraph(
                f"- Kinh phí từ nguồn khác: {format_number(t.other)} đồng "
                f"({format_number(t.other_percent)} %).",
                st["body"],
            )
        )
    if doc.cap_text:
        totals.append(Paragraph(f"<i>{escape(doc.cap_text)}</i>", st["body"]))
    if doc.approved_amount is not None:
        totals.append(
            Paragraph(
                f"<b>Kinh phí khuyến công được phê duyệt:</b> {_money(doc.approved_amount)} đồng "
                f"<i>(Bằng chữ: {escape(amount_in_words(doc.approved_amount))})</i>.",
                st["body"],
            )
        )
    story.append(KeepTogether(totals))

    heading("VI. KẾT QUẢ DỰ KIẾN")
    r = doc.results
    results = [
        f"- Số lao động có việc làm: {format_number(r.jobs)} người" if r.jobs is not None else "",
        f"- Số người được đào tạo: {format_number(r.trainees)} người"
        if r.trainees is not None
        else "",
        f"- Doanh thu tăng thêm: {format_number(r.revenue)} đồng/năm"
        if r.revenue is not None
        else "",
    ]
    for line in results:
        if line:
            story.append(_para(line, st["body"]))
    if r.other:
        story += _paragraphs(r.other, st["body_justified"])
    if not any(results) and not r.other:
        story.append(_para(DOTS * 2, st["body"]))
    for note in doc.extra_notes:
        story.append(Paragraph(f"<i>{escape(note)}</i>", st["note"]))

    story.append(Spacer(1, 8 * MM))
    story.append(KeepTogether([_signatures(doc, width, st)]))
    return story


def _watermark(text: str) -> Any:
    def draw(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFillGray(0.88)
        canvas.setFont(BOLD, 72)
        canvas.translate(A4[0] / 2, A4[1] / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, 0, text)
        canvas.restoreState()

    return draw


def render_proposal(doc: ProposalDocument, target: Path | str | IO[bytes]) -> int:
    """Write the PDF and return its number of pages. A path is written whole or not at all: the
    pages go to a part file that replaces ``target`` at the end, so an error never leaves half a
    document behind."""
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    part: Path | None = None
    final: Path | None = None
    if isinstance(target, str | Path):
        final = Path(target)
        part = final.with_name(final.name + ".part")
        out: Any = str(part)
    else:
        out = target
    template = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=OFFICIAL.left,
        rightMargin=OFFICIAL.right,
        topMargin=OFFICIAL.top,
        bottomMargin=OFFICIAL.bottom,
        title=f"Đề án khuyến công: {doc.title}",
        author="kcdesk",
        subject=doc.category,
        creator="kcdesk",
    )
    on_page = _watermark("BẢN NHÁP") if doc.draft else (lambda _c, _d: None)
    try:
        template.build(
            proposal_story(doc),
            onFirstPage=on_page,
            onLaterPages=on_page,
            canvasmaker=numbered_canvas(doc.code, "vi", OFFICIAL),
        )
    except BaseException:
        if part is not None:
            part.unlink(missing_ok=True)
        raise
    if part is not None and final is not None:
        try:
            os.replace(part, final)
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise KcError(
                f"Không ghi được tệp {final.name}: tệp đang mở trong chương trình khác hoặc thư "
                f"mục không cho ghi ({exc.strerror}).",
                f"Cannot write {final.name}: the file is open in another program or the folder "
                f"is read-only ({exc.strerror}).",
            ) from exc
    return int(template.page)


__all__ = ["Beneficiary", "ProposalDocument", "Results", "render_proposal"]
