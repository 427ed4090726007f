"""Convert a whole workbook from legacy fonts to Unicode: every text cell (and rich-text run) in a
``.Vn…`` or ``VNI-…`` font is decoded and given a Unicode font of the same look."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from kcdesk.io.excel.opening import open_workbook
from kcdesk.io.excel.report import save_workbook_atomically
from kcdesk.vn.legacy import Encoding, LegacyFont, decode, font_encoding

_SANS = ("arial", "helve", "avo", "univer", "tahoma", "verdana", "swiss")


def unicode_font_for(name: str) -> str:
    """``.VnArial`` → Arial, ``VNI-Helve`` → Arial, ``.VnTime`` → Times New Roman."""
    folded = name.casefold()
    return "Arial" if any(word in folded for word in _SANS) else "Times New Roman"


def convert_workbook(path: Path, out: Path, *, force: Encoding | None = None) -> dict[str, int]:
    """Write ``out``: a copy of ``path`` with legacy text converted; returns cells per encoding.

    ``force`` decodes every text cell from that encoding whatever its font (for files whose fonts
    were changed after the text was typed).
    """
    from openpyxl.cell.rich_text import CellRichText, TextBlock

    wb = open_workbook(path, read_only=False, rich_text=True)
    counts: dict[str, int] = {}
    forced = LegacyFont(force) if force else None
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if value is None or cell.data_type == "f":
                    continue
                font_name = cell.font.name if cell.font is not None else None
                legacy = forced or font_encoding(font_name)
                if isinstance(value, str):
                    if legacy is None:
                        continue
                    cell.value = decode(value, legacy.encoding, legacy.capitals)
                    _unicode_font(cell, font_name)
                    counts[legacy.encoding] = counts.get(legacy.encoding, 0) + 1
                elif isinstance(value, CellRichText):
                    changed = False
                    parts: list[Any] = []
                    for block in value:
                        if isinstance(block, str):
                            if legacy is not None:
                                block = decode(block, legacy.encoding, legacy.capitals)
                                changed = True
                            parts.append(block)
                            continue
                        run_name = getattr(block.font, "rFont", None)
                        run_legacy = forced or (font_encoding(run_name) if run_name else legacy)
                        if run_legacy is None:
                            parts.append(block)
                            continue
                        font = copy.copy(block.font)
                        if run_name:
                            font.rFont = unicode_font_for(run_name)
                        text = decode(block.text, run_legacy.encoding, run_legacy.capitals)
                        parts.append(TextBlock(font, text))
                        changed = True
                    if changed:
                        cell.value = CellRichText(parts)
                        _unicode_font(cell, font_name)
                        key = (legacy or forced or LegacyFont("tcvn3")).encoding
                        counts[key] = counts.get(key, 0) + 1
    save_workbook_atomically(wb, out)
    return counts


def _unicode_font(cell: Any, font_name: str | None) -> None:
    if font_name and font_encoding(font_name) is not None:
        font = copy.copy(cell.font)
        font.name = unicode_font_for(font_name)
        cell.font = font
