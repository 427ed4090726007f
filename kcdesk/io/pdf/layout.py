"""A lean layout engine for survey pages: lay out first, then paint with "Trang i/n".

Why not platypus for surveys: a batch prints thousands of surveys whose labels repeat, and
platypus parses markup and re-measures every paragraph. Here a survey is laid out into pages of
plain drawing operations (the wrapping of repeated labels is cached), so the total page count is
known before the first page is painted, and painting is a loop of canvas calls. Proposals, which
are prose, use platypus (kcdesk/io/pdf/pages.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kcdesk.io.pdf.fonts import register_fonts
from kcdesk.io.pdf.styles import A4, FORM, Margins

# Operation codes: tuples keep a page cheap to build and to paint.
TEXT, TEXT_RIGHT, TEXT_CENTER, LINE, RECT, FILL, IMAGE, CALL = range(8)

Op = tuple[Any, ...]


@dataclass
class Page:
    ops: list[Op] = field(default_factory=list)


class Measure:
    """String widths and word wrapping, cached: labels are measured once per process."""

    def __init__(self) -> None:
        register_fonts()
        from reportlab.pdfbase.pdfmetrics import getFont

        self._get_font = getFont
        self._fonts: dict[str, Any] = {}
        self._words: dict[tuple[str, str], float] = {}  # width at size 1
        self._wraps: dict[tuple[str, str, float, float], list[str]] = {}

    def width(self, text: str, font: str, size: float) -> float:
        f = self._fonts.get(font)
        if f is None:
            f = self._fonts[font] = self._get_font(font)
        return float(f.stringWidth(text, size))

    def _word(self, word: str, font: str) -> float:
        key = (word, font)
        w = self._words.get(key)
        if w is None:
            w = self._words[key] = self.width(word, font, 1.0)
        return w

    def wrap(self, text: str, font: str, size: float, width: float) -> list[str]:
        """Lines of ``text`` no wider than ``width``; explicit line breaks are kept."""
        key = (text, font, size, width)
        found = self._wraps.get(key)
        if found is not None:
            return found
        lines: list[str] = []
        limit = width / size
        space = self._word(" ", font)
        for para in text.split("\n"):
            words = para.split()
            if not words:
                lines.append("")
                continue
            current: list[str] = []
            used = 0.0
            for word in words:
                w = self._word(word, font)
                if w > limit:  # a word longer than the line: break it by characters
                    if current:
                        lines.append(" ".join(current))
                        current, used = [], 0.0
                    chunk = ""
                    for ch in word:
                        if self._word(chunk + ch, font) > limit and chunk:
                            lines.append(chunk)
                            chunk = ""
                        chunk += ch
                    current, used = [chunk], self._word(chunk, font)
                    continue
                extra = w + (space if current else 0.0)
                if current and used + extra > limit:
                    lines.append(" ".join(current))
                    current, used = [word], w
                else:
                    current.append(word)
                    used += extra
            if current:
                lines.append(" ".join(current))
        if len(self._wraps) > 50_000:  # answers vary: keep the cache from growing without end
            self._wraps.clear()
        self._wraps[key] = lines
        return lines


class Flow:
    """A cursor running down the frame of A4 pages, starting a new page when one is full."""

    def __init__(
        self,
        measure: Measure,
        margins: Margins = FORM,
        page_size: tuple[float, float] = A4,
        first_top_reserve: float = 0.0,
        top_reserve: float = 0.0,
    ) -> None:
        self.m = measure
        self.page_size = page_size
        self.left = margins.left
        self.right = page_size[0] - margins.right
        self.width = self.right - self.left
        self.top = page_size[1] - margins.top
        self.bottom = margins.bottom
        self.top_reserve = top_reserve  # room the page decoration takes on later pages
        self.pages: list[Page] = [Page()]
        self.y = self.top - first_top_reserve

    @property
    def ops(self) -> list[Op]:
        return self.pages[-1].ops

    @property
    def room(self) -> float:
        return self.y - self.bottom

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.top - self.top_reserve

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` fits; a block taller than a page starts one only
        when the current page is not fresh."""
        if height > self.room and self.y < self.top - self.top_reserve - 1:
            self.new_page()

    def space(self, height: float) -> None:
        self.y -= height

    # --- drawing at absolute positions on the current page ---

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

    def call(self, fn: Callable[[Any], None]) -> None:
        self.ops.append((CALL, fn))

    # --- flowing text ---

    def lines(
        self,
        lines: list[str],
        font: str,
        size: float,
        x: float | None = None,
        leading: float | None = None,
    ) -> None:
        """Write ``lines`` from the cursor down, breaking pages between lines."""
        lead = leading or size * 1.25
        x0 = self.left if x is None else x
        for line in lines:
            if self.room < lead:
                self.new_page()
            self.y -= lead
            if line:
                self.ops.append((TEXT, font, size, x0, self.y + lead * 0.22, line))

    def paragraph(
        self, text: str, font: str, size: float, x: float | None = None, width: float | None = None
    ) -> None:
        x0 = self.left if x is None else x
        w = (self.right - x0) if width is None else width
        self.lines(self.m.wrap(text, font, size, w), font, size, x0)


def paint(
    canvas: Any,
    pages: list[Page],
    decorate: Callable[[Any, int, int], None] | None = None,
) -> None:
    """Draw laid-out pages on a reportlab canvas; ``decorate(canvas, index, count)`` draws the
    header and footer of each page (it knows the count: "Trang 1/4")."""
    count = len(pages)
    for index, page in enumerate(pages):
        if decorate is not None:
            decorate(canvas, index, count)
        current: tuple[str, float] | None = None
        line_width = -1.0
        for op in page.ops:
            kind = op[0]
            if kind <= TEXT_CENTER:
                _k, font, size, x, y, text = op
                if current is None or current[0] != font or current[1] != size:
                    canvas.setFont(font, size)
                    current = (font, size)
                if kind == TEXT:
                    canvas.drawString(x, y, text)
                elif kind == TEXT_RIGHT:
                    canvas.drawRightString(x, y, text)
                else:
                    canvas.drawCentredString(x, y, text)
            elif kind == LINE:
                if op[5] != line_width:
                    canvas.setLineWidth(op[5])
                    line_width = op[5]
                canvas.line(op[1], op[2], op[3], op[4])
            elif kind == RECT:
                if op[5] != line_width:
                    canvas.setLineWidth(op[5])
                    line_width = op[5]
                canvas.rect(op[1], op[2], op[3], op[4], stroke=1, fill=0)
            elif kind == FILL:
                canvas.saveState()
                canvas.setFillGray(op[5])
                canvas.rect(op[1], op[2], op[3], op[4], stroke=0, fill=1)
                canvas.restoreState()
            elif kind == IMAGE:
                canvas.drawImage(op[5], op[1], op[2], op[3], op[4], preserveAspectRatio=True)
            elif kind == CALL:
                op[1](canvas)
                current = None
                line_width = -1.0
        canvas.showPage()
