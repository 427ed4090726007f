"""What the blank and the filled survey share: words, page decoration, tables, signatures."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kcdesk.domain.errors import KcError
from kcdesk.domain.forms import FormDefinition, QType, Question
from kcdesk.io.pdf.fonts import BOLD, ITALIC, REGULAR
from kcdesk.io.pdf.layout import (
    CALL,
    FILL,
    IMAGE,
    LINE,
    RECT,
    TEXT,
    TEXT_CENTER,
    TEXT_RIGHT,
    Flow,
    Measure,
    Op,
)
from kcdesk.io.pdf.styles import A4, FORM, MM

LABEL_SIZE = 10.5
SMALL = 9
TINY = 8

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "page": "Trang",
        "form": "Mẫu",
        "version": "phiên bản",
        "code": "mã",
        "survey_code": "Mã phiếu",
        "continued": "(tiếp theo)",
        "watermark": "BẢN NHÁP",
        "draft": "Bản nháp",
        "complete": "Hoàn thành",
        "status": "Tình trạng",
        "facility": "Cơ sở",
        "commune": "Xã/phường",
        "province": "Tỉnh/thành phố",
        "surveyor_sign": "NGƯỜI KHẢO SÁT",
        "facility_sign": "ĐẠI DIỆN CƠ SỞ",
        "sign_note": "(Ký, ghi rõ họ tên)",
        "only_if": "Chỉ trả lời nếu",
        "choose_one": "chọn một",
        "choose_many": "chọn một hoặc nhiều",
        "required_note": "Câu có dấu * là bắt buộc. Đánh dấu X vào ô được chọn.",
        "calculated": "tự tính từ các câu khác",
        "photo_count": "Số ảnh chụp kèm theo",
        "row_no": "TT",
        "legend": "Ghi số của lựa chọn",
        "unanswered": "—",
        "description": "Mô tả",
        "date_line": "…………, ngày …… tháng …… năm ……",
        "rows": "dòng",
        "photos": "ảnh",
        "no_rows": "(không có)",
    },
    "en": {
        "page": "Page",
        "form": "Form",
        "version": "version",
        "code": "code",
        "survey_code": "Survey code",
        "continued": "(continued)",
        "watermark": "DRAFT",
        "draft": "Draft",
        "complete": "Complete",
        "status": "Status",
        "facility": "Facility",
        "commune": "Commune/ward",
        "province": "Province/city",
        "surveyor_sign": "SURVEYOR",
        "facility_sign": "FOR THE FACILITY",
        "sign_note": "(Signature and full name)",
        "only_if": "Answer only if",
        "choose_one": "choose one",
        "choose_many": "choose one or more",
        "required_note": "Questions marked * are required. Put an X in the boxes you choose.",
        "calculated": "worked out from other answers",
        "photo_count": "Photos attached",
        "row_no": "No.",
        "legend": "Write the number of the choice",
        "unanswered": "—",
        "description": "Description",
        "date_line": "…………, date ……/……/………",
        "rows": "rows",
        "photos": "photos",
        "no_rows": "(none)",
    },
}


def words(lang: str) -> dict[str, str]:
    return WORDS["en" if lang == "en" else "vi"]


@dataclass(frozen=True)
class PrintOptions:
    """Who prints and how: the centre's name heads every form (from the installation)."""

    centre: str = ""
    agency: str = ""  # the centre's parent, e.g. "Sở Công Thương Hải Phòng"
    lang: str = "vi"
    include_photos: bool = True


class PrintCancelled(KcError):
    """The person pressed Cancel; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Đã hủy in.", "Printing was cancelled.")


_measure: Measure | None = None


def measure() -> Measure:
    """One shared measurer per process, so the label cache is shared by every print."""
    global _measure
    if _measure is None:
        _measure = Measure()
    return _measure


def form_code(definition: FormDefinition) -> str:
    """What the blank form's QR code says: enough to find the exact definition again."""
    return f"kcdesk:form:{definition.id}:{definition.version}:{definition.fingerprint}"


def form_line(definition: FormDefinition, lang: str) -> str:
    w = words(lang)
    return (
        f"{w['form']} {definition.id} · {w['version']} {definition.version} · "
        f"{w['code']} {definition.fingerprint}"
    )


def question_numbers(definition: FormDefinition) -> dict[str, str]:
    """Running numbers of the questions people answer ("12"), the same on paper and print."""
    out: dict[str, str] = {}
    n = 0
    for q in definition.questions():
        if q.type is QType.NOTE:
            continue
        n += 1
        out[q.name] = str(n)
    return out


# --- blocks: ops laid out relative to their top, placed whole --------------------------------


class Block:
    """Drawing operations measured from the block's top (y ≤ 0), moved into place at once so a
    question never splits across two pages."""

    __slots__ = ("height", "ops")

    def __init__(self) -> None:
        self.ops: list[Op] = []
        self.height = 0.0

    def text(self, x: float, y: float, text: str, font: str, size: float) -> None:
        self.ops.append((TEXT, font, size, x, y, text))

    def text_right(self, x: float, y: float, text: str, font: str, size: float) -> None:
        self.ops.append((TEXT_RIGHT, font, size, x, y, text))

    def text_center(self, x: float, y: float, text: str, font: str, size: float) -> None:
        self.ops.append((TEXT_CENTER, font, size, x, y, text))

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5) -> None:
        self.ops.append((LINE, x1, y1, x2, y2, width))

    def rect(self, x: float, y: float, w: float, h: float, width: float = 0.5) -> None:
        self.ops.append((RECT, x, y, w, h, width))

    def fill(self, x: float, y: float, w: float, h: float, gray: float) -> None:
        self.ops.append((FILL, x, y, w, h, gray))

    def image(self, x: float, y: float, w: float, h: float, data: Any) -> None:
        self.ops.append((IMAGE, x, y, w, h, data))

    def lines(
        self, lines: list[str], x: float, font: str, size: float, leading: float | None = None
    ) -> None:
        """Text lines from the current bottom of the block down."""
        lead = leading or size * 1.25
        for line in lines:
            self.height += lead
            if line:
                self.ops.append((TEXT, font, size, x, -self.height + lead * 0.22, line))


def place(flow: Flow, block: Block, gap: float = 0.0) -> None:
    """Put ``block`` at the cursor (a new page first when it does not fit)."""
    flow.ensure(block.height + gap)
    top = flow.y
    ops = flow.ops
    for op in block.ops:
        kind = op[0]
        if kind <= TEXT_CENTER:
            ops.append((kind, op[1], op[2], op[3], op[4] + top, op[5]))
        elif kind == LINE:
            ops.append((LINE, op[1], op[2] + top, op[3], op[4] + top, op[5]))
        elif kind in (RECT, FILL, IMAGE):
            ops.append((kind, op[1], op[2] + top, op[3], op[4], op[5]))
        elif kind == CALL:  # pragma: no cover - blocks do not hold callables
            ops.append(op)
    flow.y = top - block.height - gap


# --- tables -----------------------------------------------------------------------------------


def column_widths(q: Question, total: float, lead: float) -> list[float]:
    """The row-number column, then the columns by their ``width`` weights."""
    weights = [float(c.width) if c.width else 1.0 for c in q.columns]
    rest = total - lead
    scale = rest / sum(weights)
    return [lead] + [w * scale for w in weights]


def table(
    flow: Flow,
    x: float,
    widths: list[float],
    header: list[str],
    rows: list[list[str]],
    *,
    min_row: float = 0.0,
    size: float = SMALL,
    right_align: set[int] | None = None,
) -> None:
    """A grid with a bold header, repeated on every page the table runs onto."""
    m = flow.m
    pad = 2.0
    lead = size * 1.22
    head_lines = [m.wrap(h, BOLD, size, w - 2 * pad) for h, w in zip(header, widths, strict=True)]
    head_h = max(len(h) for h in head_lines) * lead + 2 * pad
    right_align = right_align or set()
    edges = [x]
    for w in widths:
        edges.append(edges[-1] + w)

    def draw_header() -> None:
        top = flow.y
        flow.fill(x, top - head_h, edges[-1] - x, head_h, 0.9)
        for i, lines in enumerate(head_lines):
            cx = (edges[i] + edges[i + 1]) / 2
            for j, line in enumerate(lines):
                flow.text_center(cx, top - pad - (j + 1) * lead + lead * 0.22, line, BOLD, size)
        grid(top, head_h)
        flow.y = top - head_h

    def grid(top: float, h: float) -> None:
        flow.line(x, top, edges[-1], top, 0.5)
        flow.line(x, top - h, edges[-1], top - h, 0.5)
        for e in edges:
            flow.line(e, top, e, top - h, 0.5)

    body = [[m.wrap(c, REGULAR, size, w - 2 * pad) for c, w in zip(row, widths, strict=True)]
            for row in rows]  # fmt: skip
    first_row = (max(len(c) for c in body[0]) * lead + 2 * pad) if body else 0.0
    flow.ensure(head_h + max(first_row, min_row))
    draw_header()
    for cells in body:
        h = max(max(len(c) for c in cells) * lead + 2 * pad, min_row)
        if h > flow.room:
            flow.new_page()
            draw_header()
        top = flow.y
        for i, lines in enumerate(cells):
            for j, line in enumerate(lines):
                y = top - pad - (j + 1) * lead + lead * 0.22
                if i in right_align:
                    flow.text_right(edges[i + 1] - pad, y, line, REGULAR, size)
                else:
                    flow.text(edges[i] + pad, y, line, REGULAR, size)
        grid(top, h)
        flow.y = top - h


# --- header, footer, signatures -----------------------------------------------------------------


def first_page_header(
    flow: Flow,
    definition: FormDefinition,
    options: PrintOptions,
    info: list[str],
    qr: bool,
) -> None:
    """Agency and centre at the top left, the title centred, the form line and ``info`` lines."""
    lang = options.lang
    y = flow.y
    if options.agency:
        flow.text(flow.left, y - 10, options.agency.upper(), REGULAR, 10)
        y -= 12.5
    if options.centre:
        flow.text(flow.left, y - 10, options.centre.upper(), BOLD, 10)
        y -= 12.5
    head_bottom = flow.y - (20 * MM if qr else 0)
    y = min(y - 6, flow.y - 8 * MM)
    title = definition.title.get(lang).upper()
    room = flow.width - (44 * MM if qr else 0)
    for line in flow.m.wrap(title, BOLD, 14, room):
        y -= 17
        flow.text_center(flow.left + flow.width / 2, y, line, BOLD, 14)
    y -= 13
    flow.text_center(flow.left + flow.width / 2, y, form_line(definition, lang), ITALIC, SMALL)
    for line in info:
        for part in flow.m.wrap(line, REGULAR, 10, flow.width):
            y -= 13
            flow.text_center(flow.left + flow.width / 2, y, part, REGULAR, 10)
    y = min(y, head_bottom) - 6
    flow.line(flow.left, y, flow.right, y, 0.8)
    flow.y = y - 6


def footer(
    canvas: Any, index: int, count: int, left_text: str, lang: str, continued_title: str
) -> None:
    """Page number "Trang i/n" at the bottom right, the form/survey code at the left; from page 2
    a running head names the document, so a loose page finds its survey again."""
    width, _height = A4
    left, right = FORM.left, width - FORM.right
    y = FORM.bottom - 9 * MM
    canvas.setLineWidth(0.4)
    canvas.line(left, y + 11, right, y + 11)
    canvas.setFont(ITALIC, TINY)
    canvas.drawString(left, y, left_text)
    canvas.setFont(REGULAR, SMALL)
    canvas.drawRightString(right, y, f"{words(lang)['page']} {index + 1}/{count}")
    if index > 0 and continued_title:
        top = A4[1] - FORM.top + 2
        canvas.setFont(ITALIC, TINY)
        canvas.drawString(left, top, f"{continued_title} {words(lang)['continued']}")


def watermark(canvas: Any, text: str) -> None:
    canvas.saveState()
    canvas.setFillGray(0.88)
    canvas.setFont(BOLD, 72)
    canvas.translate(A4[0] / 2, A4[1] / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, text)
    canvas.restoreState()


def signatures(
    flow: Flow, lang: str, names: tuple[str, str] = ("", ""), place_date: str = ""
) -> None:
    """The two signature boxes that end a survey: surveyor and the facility's representative."""
    w = words(lang)
    b = Block()
    half = flow.width / 2
    b.height = 6
    if place_date:
        b.text_center(flow.left + half * 1.5, -b.height - 10, place_date, ITALIC, 10.5)
        b.height += 15
    top = b.height
    for i, (title, name) in enumerate(((w["surveyor_sign"], names[0]),
                                       (w["facility_sign"], names[1]))):  # fmt: skip
        cx = flow.left + half * (i + 0.5)
        b.text_center(cx, -top - 11, title, BOLD, 11)
        b.text_center(cx, -top - 24, w["sign_note"], ITALIC, SMALL)
        if name:
            b.text_center(cx, -top - 24 - 22 * MM, name, BOLD, 11)
    b.height = top + 28 + 24 * MM
    place(flow, b)


# --- writing the file ---------------------------------------------------------------------------


@contextmanager
def pdf_canvas(target: Path | str | IO[bytes], title: str, subject: str = "") -> Iterator[Any]:
    """A reportlab canvas writing to ``target``; a path is written whole or not at all (a part
    file renamed at the end), so Cancel or a crash never leaves half a PDF behind."""
    from reportlab.pdfgen.canvas import Canvas

    part: Path | None = None
    if isinstance(target, str | Path):
        final = Path(target)
        part = final.with_name(final.name + ".part")
        out: Any = str(part)
    else:
        out = target
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("kcdesk")
    canvas.setCreator("kcdesk")
    if subject:
        canvas.setSubject(subject)
    try:
        yield canvas
        canvas.save()
    except BaseException:
        if part is not None:
            part.unlink(missing_ok=True)
        raise
    if part is not None:
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


ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]
