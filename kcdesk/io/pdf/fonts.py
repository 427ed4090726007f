"""The one font family of every kcdesk PDF, registered with reportlab once per process.

Liberation Serif (resources/fonts, SIL OFL 1.1) has Times New Roman's metrics, which NĐ 30/2020
asks for, and every Vietnamese letter; embedding it makes a printout identical on any laptop.
"""

from __future__ import annotations

import threading

from kcdesk.config import resource_path

FAMILY = "KcSerif"
REGULAR = "KcSerif"
BOLD = "KcSerif-Bold"
ITALIC = "KcSerif-Italic"
BOLD_ITALIC = "KcSerif-BoldItalic"

_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the family (idempotent, thread-safe) and return its name for ``fontName``.

    ``<b>``/``<i>`` in paragraphs pick the bold/italic faces through the family mapping.
    """
    global _registered
    if _registered:
        return FAMILY
    with _lock:
        if _registered:
            return FAMILY
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, file_name in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD_ITALIC)
        _registered = True
    return FAMILY


def string_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in points (fonts registered first)."""
    register_fonts()
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))
