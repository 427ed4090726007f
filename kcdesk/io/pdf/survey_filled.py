"""Filled surveys: answers under their questions, one survey or a batch of thousands in one PDF.

Each survey is laid out under the definition version it was recorded with, so an old survey
prints as it was answered after a new version is installed. In a batch every survey starts on
a new page and has its own "Trang i/n"; progress is reported per survey and Cancel stops between
two surveys without leaving a file behind.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from kcdesk.domain.forms import (
    FormDefinition,
    QType,
    Question,
    evaluate_form,
    format_answer,
    is_empty,
    with_calculations,
)
from kcdesk.io.pdf.fonts import BOLD, ITALIC, REGULAR
from kcdesk.io.pdf.layout import LINE, TEXT, Flow, paint
from kcdesk.io.pdf.styles import FORM, MM
from kcdesk.io.pdf.survey_common import (
    Block,
    CancelFn,
    PrintCancelled,
    PrintOptions,
    ProgressFn,
    column_widths,
    first_page_header,
    footer,
    form_line,
    measure,
    pdf_canvas,
    place,
    question_numbers,
    signatures,
    table,
    watermark,
    words,
)
from kcdesk.vn.dates import long_date, parse_date

SIZE = 10


@dataclass(frozen=True)
class SurveyDoc:
    """One survey to print: its definition version, answers and what the header shows."""

    definition: FormDefinition
    answers: Mapping[str, Any]
    uuid: str = ""
    status: str = "draft"  # "draft" | "complete"
    facility_name: str = ""
    commune_name: str = ""
    photos: Mapping[str, bytes] = field(default_factory=dict)  # sha256 → image bytes


_numbers_cache: dict[tuple[str, int, str], dict[str, str]] = {}


def _numbers(definition: FormDefinition) -> dict[str, str]:
    key = (definition.id, definition.version, definition.fingerprint)
    found = _numbers_cache.get(key)
    if found is None:
        found = _numbers_cache[key] = question_numbers(definition)
    return found


def _row(flow: Flow, number: str, label: str, answer: str, label_w: float) -> None:
    """Label on the left, the answer in bold on the right, a hairline under both."""
    m = flow.m
    x_label = flow.left + 7 * MM
    x_answer = flow.left + label_w + 3 * MM
    label_lines = m.wrap(label, REGULAR, SIZE, label_w - 7 * MM)
    answer_lines = m.wrap(answer, BOLD, SIZE, flow.right - x_answer)
    lead = SIZE * 1.25
    h = max(len(label_lines), len(answer_lines)) * lead + 3
    if h > flow.room:
        flow.new_page()
    top = flow.y
    base = top - lead + lead * 0.22 - 1.5
    ops = flow.ops
    ops.append((TEXT, BOLD, SIZE, flow.left, base, number + "."))
    for i, line in enumerate(label_lines):
        ops.append((TEXT, REGULAR, SIZE, x_label, base - i * lead, line))
    for i, line in enumerate(answer_lines):
        ops.append((TEXT, BOLD, SIZE, x_answer, base - i * lead, line))
    flow.y = top - h
    ops.append((LINE, flow.left, flow.y + 1, flow.right, flow.y + 1, 0.2))


def _photos(flow: Flow, q: Question, raw: Any, photos: Mapping[str, bytes]) -> None:
    """Thumbnails, four to a row, each with its caption."""
    from reportlab.lib.utils import ImageReader

    items = [p for p in raw if isinstance(p, dict) and p.get("sha256") in photos]
    if not items:
        return
    cell = (flow.width - 7 * MM) / 4
    img_h = cell * 0.75
    for start in range(0, len(items), 4):
        b = Block()
        b.height = img_h + 14
        for i, item in enumerate(items[start : start + 4]):
            x = flow.left + 7 * MM + i * cell
            try:
                reader = ImageReader(io.BytesIO(photos[item["sha256"]]))
            except Exception:  # a broken picture must not stop the print
                continue
            b.image(x, -img_h - 2, cell - 3 * MM, img_h, reader)
            caption = str(item.get("caption") or "")
            if caption:
                text = flow.m.wrap(caption, ITALIC, 8, cell - 3 * MM)[0]
                b.text(x, -img_h - 11, text, ITALIC, 8)
        place(flow, b)


def _repeat(flow: Flow, q: Question, raw: Any, number: str, lang: str, state_rows: Any) -> None:
    w = words(lang)
    rows_raw = raw if isinstance(raw, list) else []
    head = Block()
    head.height = 2
    head.text(flow.left, -SIZE * 1.25 + 1, number + ".", BOLD, SIZE)
    head.lines([q.label.get(lang)], flow.left + 7 * MM, REGULAR, SIZE)
    if not rows_raw:
        head.text(flow.left + 7 * MM, -head.height - SIZE, w["no_rows"], ITALIC, SIZE)
        head.height += SIZE * 1.4
        place(flow, head)
        return
    flow.ensure(head.height + 20 * MM)
    place(flow, head, gap=1)
    widths = column_widths(q, flow.width - 7 * MM, 8 * MM)
    header = [w["row_no"]] + [c.label.get(lang) for c in q.columns]
    numeric = {i + 1 for i, c in enumerate(q.columns) if c.value_type in _NUMERIC}
    rows: list[list[str]] = []
    for i, r in enumerate(rows_raw):
        r = r if isinstance(r, dict) else {}
        relevant = state_rows[i].relevant if i < len(state_rows) else {}
        calculated = state_rows[i].calculated if i < len(state_rows) else {}
        cells = [str(i + 1)]
        for c in q.columns:
            if not relevant.get(c.name, True):
                cells.append("")
                continue
            value = calculated.get(c.name, r.get(c.name))
            cells.append(format_answer(c, value, lang))
        rows.append(cells)
    table(flow, flow.left + 7 * MM, widths, header, rows, right_align={0, *numeric})
    flow.space(4)


_NUMERIC = frozenset({QType.INTEGER, QType.DECIMAL, QType.MONEY})


def layout_survey(doc: SurveyDoc, options: PrintOptions) -> Flow:
    definition, lang = doc.definition, options.lang
    w = words(lang)
    answers = with_calculations(definition, doc.answers)
    state = evaluate_form(definition, answers)
    numbers = _numbers(definition)
    flow = Flow(measure(), FORM, top_reserve=5 * MM)
    status = w["complete"] if doc.status == "complete" else w["draft"]
    info = [f"{w['facility']}: {doc.facility_name}" if doc.facility_name else ""]
    info = [i for i in info if i]
    if doc.commune_name:
        info.append(f"{w['commune']}: {doc.commune_name}")
    code = f"{w['survey_code']}: {doc.uuid}" if doc.uuid else ""
    info.append(" · ".join(s for s in (f"{w['status']}: {status}", code) if s))
    first_page_header(flow, definition, options, info, qr=False)
    label_w = flow.width * 0.45
    unanswered = w["unanswered"]
    for section in definition.sections:
        if not any(state.relevant.get(q.name, False) for q in section.questions):
            continue
        head = Block()
        head.height = 16
        head.fill(flow.left, -16, flow.width, 14, 0.88)
        head.text(flow.left + 2, -12, section.label.get(lang), BOLD, 11)
        flow.ensure(head.height + 15 * MM)
        place(flow, head, gap=2)
        for q in section.questions:
            if not state.relevant.get(q.name, False):
                continue
            t = q.type
            if t is QType.NOTE:
                continue  # instructions to the person filling in, not part of the record
            raw = answers.get(q.name)
            number = numbers.get(q.name, "")
            if t is QType.REPEAT:
                _repeat(flow, q, raw, number, lang, state.rows.get(q.name, []))
                continue
            if t is QType.LONG_TEXT and not is_empty(raw):
                b = Block()
                b.height = 2
                b.text(flow.left, -SIZE * 1.25 + 0.7, number + ".", BOLD, SIZE)
                b.lines([q.label.get(lang)], flow.left + 7 * MM, REGULAR, SIZE)
                first = flow.m.wrap(str(raw), BOLD, SIZE, flow.width - 7 * MM)
                if b.height + len(first) * SIZE * 1.25 < 60 * MM:
                    b.lines(first, flow.left + 7 * MM, BOLD, SIZE)
                    b.height += 3
                    b.line(flow.left, -b.height + 1, flow.right, -b.height + 1, 0.2)
                    place(flow, b)
                else:  # long notes may run over pages
                    place(flow, b)
                    flow.lines(first, BOLD, SIZE, flow.left + 7 * MM)
                    flow.space(3)
                continue
            text = format_answer(q, raw, lang) if not is_empty(raw) else unanswered
            label = q.label.get(lang)
            _row(flow, number, label, text, label_w)
            if t is QType.PHOTO and options.include_photos and isinstance(raw, list):
                _photos(flow, q, raw, doc.photos)
    surveyor = str(answers.get("nguoi_khao_sat") or "")
    confirmer = str(answers.get("nguoi_xac_nhan") or answers.get("nguoi_dai_dien") or "")
    day = _survey_date(answers)
    signatures(flow, lang, (surveyor, confirmer), long_date(day) if day and lang != "en" else "")
    return flow


def _survey_date(answers: Mapping[str, Any]) -> date | None:
    try:
        return parse_date(answers.get("ngay_khao_sat"))
    except (ValueError, TypeError):
        return None


def _paint_survey(canvas: Any, doc: SurveyDoc, flow: Flow, options: PrintOptions) -> int:
    lang = options.lang
    w = words(lang)
    left_text = form_line(doc.definition, lang)
    if doc.uuid:
        left_text += f" · {w['survey_code'].lower()} {doc.uuid}"
    running = doc.definition.title.get(lang)
    if doc.facility_name:
        running += f" – {doc.facility_name}"
    draft = doc.status != "complete"

    def decorate(c: Any, index: int, count: int) -> None:
        if draft:
            watermark(c, w["watermark"])
        footer(c, index, count, left_text, lang, running if index else "")

    paint(canvas, flow.pages, decorate)
    return len(flow.pages)


def render_survey(
    doc: SurveyDoc, target: Path | str | IO[bytes], options: PrintOptions | None = None
) -> int:
    """Write one filled survey; returns its page count."""
    options = options or PrintOptions()
    flow = layout_survey(doc, options)
    title = doc.definition.title.get(options.lang)
    if doc.facility_name:
        title += f" – {doc.facility_name}"
    with pdf_canvas(target, title, form_line(doc.definition, options.lang)) as canvas:
        return _paint_survey(canvas, doc, flow, options)


def render_surveys(
    docs: Iterable[SurveyDoc],
    target: Path | str | IO[bytes],
    options: PrintOptions | None = None,
    *,
    total: int = 0,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> int:
    """Write many surveys into one PDF, each from a new page; returns the page count.

    ``progress(done, total)`` is called after each survey; when ``cancelled()`` turns true the
    print stops and raises :class:`PrintCancelled` with no file left at ``target``.
    """
    options = options or PrintOptions()
    pages = 0
    done = 0
    lang = options.lang
    title = "Phiếu khảo sát" if lang != "en" else "Surveys"
    with pdf_canvas(target, title) as canvas:
        for doc in docs:
            if cancelled is not None and cancelled():
                raise PrintCancelled()
            flow = layout_survey(doc, options)
            pages += _paint_survey(canvas, doc, flow, options)
            done += 1
            if progress is not None:
                progress(done, total or done)
        if done == 0:
            raise _nothing_to_print()
    return pages


def _nothing_to_print() -> Exception:
    from kcdesk.domain.errors import KcError

    return KcError("Không có phiếu khảo sát nào để in.", "There are no surveys to print.")
