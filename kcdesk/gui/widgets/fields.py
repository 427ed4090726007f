"""Inline validation: the reason sits under the field, in red, and the field is outlined."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from kcdesk.domain.errors import Issue

ERROR_STYLE = "color: #b42318;"
WARNING_STYLE = "color: #8a5a00;"
INVALID_PROPERTY = "invalid"


class FieldBox(QWidget):
    """A field with its message line underneath (hidden while there is nothing to say)."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("field-message")
        self.message.hide()
        layout.addWidget(self.message)
        self.setFocusProxy(field)

    def show_error(self, text: str) -> None:
        self._show(text, ERROR_STYLE, True)

    def show_warning(self, text: str) -> None:
        self._show(text, WARNING_STYLE, False)

    def clear(self) -> None:
        self.message.clear()
        self.message.hide()
        self._mark(False)

    def has_error(self) -> bool:
        return bool(self.field.property(INVALID_PROPERTY))

    def text(self) -> str:
        return self.message.text() if self.message.isVisible() else ""

    def _show(self, text: str, style: str, invalid: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.message.setVisible(bool(text))
        self._mark(invalid and bool(text))

    def _mark(self, invalid: bool) -> None:
        self.field.setProperty(INVALID_PROPERTY, invalid)
        # A red outline that follows the platform style elsewhere.
        self.field.setStyleSheet(
            "border: 1px solid #b42318; border-radius: 3px;" if invalid else ""
        )


class FieldErrors:
    """Routes domain ``Issue``s to the FieldBox of their field."""

    def __init__(self, boxes: dict[str, FieldBox], lang: str = "vi") -> None:
        self.boxes = boxes
        self.lang = lang

    def clear(self) -> None:
        for box in self.boxes.values():
            box.clear()

    def show(self, issues: Iterable[Issue], fallback: str | None = None) -> list[str]:
        """Show each issue by its field; returns the messages that have no field here."""
        from kcdesk.domain.errors import Severity

        orphans: list[str] = []
        for issue in issues:
            box = self.boxes.get(issue.field) or (self.boxes.get(fallback) if fallback else None)
            text = issue.message(self.lang)
            if box is None:
                orphans.append(text)
            elif issue.severity is Severity.ERROR:
                box.show_error(text)
            elif not box.has_error():
                box.show_warning(text)
        return orphans

    def first_invalid(self) -> FieldBox | None:
        return next((b for b in self.boxes.values() if b.has_error()), None)
