"""Page templates for platypus documents: "Trang 1/4" numbering and a footer line.

The total page count is only known once the story is laid out, so the canvas keeps each page's
drawing until ``save`` and stamps the numbers then (the ReportLab "page x of y" recipe).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from kcdesk.io.pdf.fonts import ITALIC, register_fonts
from kcdesk.io.pdf.styles import A4, MM, OFFICIAL, Margins


def page_label(page: int, total: int, lang: str = "vi") -> str:
    """``"Trang 1/4"`` (``"Page 1/4"`` in English)."""
    return f"{'Page' if lang == 'en' else 'Trang'} {page}/{total}"


def numbered_canvas(
    footer: str = "", lang: str = "vi", margins: Margins = OFFICIAL, font_size: float = 9
) -> Callable[..., Any]:
    """A canvas class for ``doc.build(story, canvasmaker=...)`` that writes ``Trang i/n`` at the
    bottom right and ``footer`` (for instance the document's code) at the bottom left."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._stamp(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _stamp(self, total: int) -> None:
            width = self._pagesize[0]
            y = margins.bottom - 8 * MM
            self.saveState()
            self.setFont(ITALIC, font_size)
            self.drawRightString(
                width - margins.right, y, page_label(self._pageNumber, total, lang)
            )
            if footer:
                self.drawString(margins.left, y, footer)
            self.restoreState()

    return NumberedCanvas


def build_document(
    target: Path | str | IO[bytes],
    story: list[Any],
    *,
    title: str,
    author: str = "kcdesk",
    subject: str = "",
    footer: str = "",
    lang: str = "vi",
    margins: Margins = OFFICIAL,
) -> None:
    """Lay ``story`` out on A4 with ``margins`` and write it with page numbers."""
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    out = str(target) if isinstance(target, Path) else target
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        title=title,
        author=author,
        subject=subject,
        creator="kcdesk",
    )
    doc.build(story, canvasmaker=numbered_canvas(footer, lang, margins))
