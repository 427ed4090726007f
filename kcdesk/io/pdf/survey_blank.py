"""The blank survey form, printed from its definition to be filled in by hand in the field.

Boxes and lines are sized for handwriting (8 mm rows), choices get check boxes, tables get empty
rows, a rule that says when to answer is printed in words, and every page carries the form's id,
version and code (also as a QR code) with "Trang i/n", so a loose sheet finds its form again.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from kcdesk.domain.forms import FormDefinition, QType, Question, describe
from kcdesk.io.pdf.fonts import BOLD, ITALIC, REGULAR
from kcdesk.io.pdf.layout import Flow, paint
from kcdesk.io.pdf.styles import A4, FORM, MM
from kcdesk.io.pdf.survey_common import (
    LABEL_SIZE,
    SMALL,
    Block,
    PrintOptions,
    column_widths,
    first_page_header,
    footer,
    form_code,
    form_line,
    measure,
    pdf_canvas,
    place,
    question_numbers,
    signatures,
    table,
    words,
)

ROW = 8 * MM  # one handwritten line
BOX = 3.6 * MM  # a check box
QR_SIZE = 18 * MM
QR_SMALL = 12 * MM


def _qr_form(canvas: Any, value: str) -> None:
    """Draw the QR code once into a form XObject that every page reuses."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(value, barBorder=0)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(1, 1, transform=[1 / (x1 - x0), 0, 0, 1 / (y1 - y0), 0, 0])
    drawing.add(widget)
    canvas.beginForm("kcdesk_qr")
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.endForm()


def _place_qr(canvas: Any, x: float, y: float, size: float) -> None:
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size, size)
    canvas.doForm("kcdesk_qr")
    canvas.restoreState()


def _choice_boxes(
    b: Block, flow: Flow, x: float, width: float, labels: list[str], size: float = LABEL_SIZE
) -> None:
    """Check boxes with their labels, flowing left to right, wrapping to new lines."""
    m = flow.m
    cx = x
    line_h = max(BOX, size * 1.2) + 3
    b.height += 2
    row_top = b.height
    for label in labels:
        item_w = BOX + 4 + m.width(label, REGULAR, size) + 12
        if cx > x and cx + item_w > x + width:
            cx = x
            row_top += line_h
        b.rect(cx, -row_top - BOX, BOX, BOX, 0.7)
        text_w = x + width - (cx + BOX + 4)
        text = label
        if m.width(label, REGULAR, size) > text_w:  # a label longer than a line: cut to fit
            text = m.wrap(label, REGULAR, size, text_w)[0] + "…"
        b.text(cx + BOX + 4, -row_top - BOX + 0.6, text, REGULAR, size)
        cx += item_w
    b.height = row_top + line_h


def _answer_area(b: Block, flow: Flow, q: Question, lang: str) -> None:
    """The space to write in, by question type."""
    x, width = flow.left + 6 * MM, flow.width - 6 * MM
    w = words(lang)
    t = q.type
    if t is QType.TEXT:
        b.height += 1
        b.rect(x, -b.height - ROW, width, ROW)
        b.height += ROW + 2
    elif t is QType.LONG_TEXT:
        for _ in range(max(q.print_lines or 3, 1)):
            b.height += ROW
            b.line(x, -b.height, x + width, -b.height, 0.4)
        b.height += 3
    elif t in (QType.INTEGER, QType.DECIMAL, QType.MONEY, QType.CALCULATE):
        b.height += 1
        box_w = 60 * MM
        b.rect(x, -b.height - ROW, box_w, ROW)
        unit = q.unit.get(lang) or ("đồng" if q.value_type is QType.MONEY else "")
        note = f"({w['calculated']})" if t is QType.CALCULATE else ""
        tail = " ".join(s for s in (unit, note) if s)
        if tail:
            b.text(x + box_w + 3 * MM, -b.height - ROW + 2.4 * MM, tail, ITALIC, SMALL)
        b.height += ROW + 2
    elif t is QType.DATE:
        b.height += 1
        cx = x
        for i, bw in enumerate((10 * MM, 10 * MM, 18 * MM)):
            b.rect(cx, -b.height - ROW, bw, ROW)
            cx += bw
            if i < 2:
                b.text(cx + 1.2 * MM, -b.height - ROW + 2.4 * MM, "/", REGULAR, 12)
                cx += 4 * MM
        b.height += ROW + 2
    elif t is QType.YES_NO:
        _choice_boxes(b, flow, x, width, [_yes(lang), _no(lang)])
    elif t in (QType.CHOICE, QType.MULTI_CHOICE):
        _choice_boxes(b, flow, x, width, [c.label.get(lang) for c in q.choices])
    elif t is QType.COMMUNE:
        b.height += 1
        half = width / 2
        for i, caption in enumerate((w["commune"], w["province"])):
            cx = x + i * half
            b.text(cx, -b.height - ROW + 2.4 * MM, caption + ":", ITALIC, SMALL)
            cap_w = flow.m.width(caption + ":", ITALIC, SMALL) + 2 * MM
            b.rect(cx + cap_w, -b.height - ROW, half - cap_w - 3 * MM, ROW)
        b.height += ROW + 2
    elif t is QType.INDUSTRY_CODE:
        b.height += 1
        for i in range(5):
            b.rect(x + i * 6 * MM, -b.height - ROW, 6 * MM, ROW)
        cx = x + 34 * MM
        b.text(cx, -b.height - ROW + 2.4 * MM, w["description"] + ":", ITALIC, SMALL)
        cap_w = flow.m.width(w["description"] + ":", ITALIC, SMALL) + 2 * MM
        b.rect(cx + cap_w, -b.height - ROW, x + width - cx - cap_w, ROW)
        b.height += ROW + 2
    elif t is QType.PHOTO:
        b.height += 1
        caption = w["photo_count"] + ":"
        b.text(x, -b.height - ROW + 2.4 * MM, caption, ITALIC, SMALL)
        cap_w = flow.m.width(caption, ITALIC, SMALL) + 2 * MM
        b.rect(x + cap_w, -b.height - ROW, 20 * MM, ROW)
        b.height += ROW + 2


def _yes(lang: str) -> str:
    return "Yes" if lang == "en" else "Có"


def _no(lang: str) -> str:
    return "No" if lang == "en" else "Không"


def _question_head(
    flow: Flow,
    definition: FormDefinition,
    q: Question,
    number: str,
    numbers: dict[str, str],
    lang: str,
) -> Block:
    """Number, label (``*`` when required), help and the rule that says when to answer."""
    m = flow.m
    b = Block()
    b.height = 3
    label = q.label.get(lang) + (" *" if q.required else "")
    indent = 6 * MM
    first = m.wrap(label, REGULAR, LABEL_SIZE, flow.width - indent)
    top = b.height
    if number:
        b.text(flow.left, -top - LABEL_SIZE * 1.25 + LABEL_SIZE * 0.27, f"{number}.", BOLD,
               LABEL_SIZE)  # fmt: skip
    b.lines(first, flow.left + indent, REGULAR, LABEL_SIZE)
    hints: list[str] = []
    if q.help:
        hints.append(q.help.get(lang))
    if q.relevant is not None:
        refer = {
            name: f"{'question' if lang == 'en' else 'câu'} {n}" for name, n in numbers.items()
        }
        hints.append(
            f"({words(lang)['only_if']} {describe(q.relevant, definition, lang, refer=refer)})"
        )
    if q.type in (QType.CHOICE, QType.MULTI_CHOICE):
        hints.append(f"({words(lang)['choose_one' if q.type is QType.CHOICE else 'choose_many']})")
    for hint in hints:
        b.lines(m.wrap(hint, ITALIC, SMALL, flow.width - indent), flow.left + indent, ITALIC, SMALL)
    return b


def _repeat(flow: Flow, q: Question, lang: str) -> None:
    w = words(lang)
    widths = column_widths(q, flow.width - 6 * MM, 9 * MM)
    header = [w["row_no"]] + [c.label.get(lang) + (" *" if c.required else "") for c in q.columns]
    rows = [[str(i + 1)] + [""] * len(q.columns) for i in range(max(q.print_lines or 5, 1))]
    table(flow, flow.left + 6 * MM, widths, header, rows, min_row=ROW, right_align={0})
    legends: list[str] = []
    for c in q.columns:
        if c.type is QType.YES_NO:
            legends.append(f"{c.label.get(lang)}: 1 = {_yes(lang)}, 2 = {_no(lang)}")
        elif c.choices:
            items = ", ".join(f"{i} = {ch.label.get(lang)}" for i, ch in enumerate(c.choices, 1))
            legends.append(f"{c.label.get(lang)}: {items}")
    if legends:
        flow.space(2)
        flow.lines([f"{w['legend']}:"], ITALIC, SMALL, flow.left + 6 * MM)
        for legend in legends:
            flow.paragraph(legend, ITALIC, SMALL, flow.left + 9 * MM)
    flow.space(4)


def layout_blank(definition: FormDefinition, options: PrintOptions) -> Flow:
    lang = options.lang
    flow = Flow(measure(), FORM, top_reserve=QR_SMALL + 2 * MM)
    first_page_header(flow, definition, options, [], qr=True)
    flow.paragraph(words(lang)["required_note"], ITALIC, SMALL)
    numbers = question_numbers(definition)
    for section in definition.sections:
        head = Block()
        head.height = 16
        head.fill(flow.left, -16, flow.width, 14, 0.88)
        head.text(flow.left + 2, -12, section.label.get(lang), BOLD, 11)
        if section.relevant is not None:
            refer = {n: f"{'question' if lang == 'en' else 'câu'} {v}" for n, v in numbers.items()}
            rule = describe(section.relevant, definition, lang, refer=refer)
            head.lines(flow.m.wrap(f"({words(lang)['only_if']} {rule})", ITALIC, SMALL,
                                   flow.width), flow.left, ITALIC, SMALL)  # fmt: skip
        if section.help:
            head.lines(flow.m.wrap(section.help.get(lang), ITALIC, SMALL, flow.width),
                       flow.left, ITALIC, SMALL)  # fmt: skip
        flow.ensure(head.height + 40 * MM)  # a section title never ends a page alone
        place(flow, head, gap=2)
        for q in section.questions:
            if q.type is QType.NOTE:
                b = Block()
                b.height = 3
                b.lines(flow.m.wrap(q.label.get(lang), ITALIC, LABEL_SIZE, flow.width),
                        flow.left, ITALIC, LABEL_SIZE)  # fmt: skip
                place(flow, b)
                continue
            b = _question_head(flow, definition, q, numbers[q.name], numbers, lang)
            if q.type is QType.REPEAT:
                flow.ensure(b.height + 30 * MM)
                place(flow, b, gap=2)
                _repeat(flow, q, lang)
                continue
            _answer_area(b, flow, q, lang)
            place(flow, b)
    signatures(flow, lang, place_date=words(lang)["date_line"])
    return flow


def render_blank_form(
    definition: FormDefinition,
    target: Path | str | IO[bytes],
    options: PrintOptions | None = None,
) -> int:
    """Write the blank form of ``definition`` to ``target``; returns the page count."""
    options = options or PrintOptions()
    lang = options.lang
    flow = layout_blank(definition, options)
    left_text = form_line(definition, lang)
    title = definition.title.get(lang)
    width, height = A4

    def decorate(canvas: Any, index: int, count: int) -> None:
        if index == 0:
            _qr_form(canvas, form_code(definition))
            _place_qr(canvas, width - FORM.right - QR_SIZE, height - FORM.top - QR_SIZE, QR_SIZE)
        else:
            _place_qr(canvas, width - FORM.right - QR_SMALL, height - FORM.top - QR_SMALL + 4,
                      QR_SMALL)  # fmt: skip
        footer(canvas, index, count, left_text, lang, title if index else "")

    with pdf_canvas(target, title, form_line(definition, lang)) as canvas:
        paint(canvas, flow.pages, decorate)
    return len(flow.pages)
