"""Searchable pickers over the 2025 communes: one commune (facility editor, filters) or many
(the area a collaborator serves). Typing ignores diacritics and word order."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcdesk.gui.widgets.places import (
    Place,
    PlaceBook,
    best_match,
    cached_place_book,
    filter_places,
    place_book,
)

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState

log = logging.getLogger(__name__)

POPUP_ROWS = 50


def load_places(state: AppState, then: object, *, quiet: bool = False) -> None:
    """Call ``then(book)`` with the place book, now if cached, else after a background load.
    ``quiet``: a read-ahead nobody waits for; a failure is logged, not shown."""
    book = cached_place_book(state.db)
    if book is not None:
        then(book)  # type: ignore[operator]
    elif quiet:
        state.tasks.call(
            place_book,
            state.db,
            success=then,  # type: ignore[arg-type]
            failure=lambda exc: log.warning("reading the communes ahead failed: %s", exc),
        )
    else:
        state.tasks.call(place_book, state.db, success=then)  # type: ignore[arg-type]


class SearchPicker(QWidget):
    """Choose one place by typing part of its name; diacritics and word order do not matter.
    ``code()`` is None while nothing valid is chosen."""

    changed = Signal(object)  # int | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[Place] = []
        self.prefer_province: int | None = None  # ranked first: the person's own province
        self._ready = False
        self._code: int | None = None
        self._pending_code: int | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit(self)
        self.line.setClearButtonEnabled(True)
        self.line.setEnabled(False)
        layout.addWidget(self.line)
        self.setFocusProxy(self.line)
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        # We filter ourselves (diacritics, word order); the completer only shows the list.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.completer.setWidget(self.line)
        self.completer.activated[str].connect(self._on_chosen)
        self.line.textEdited.connect(self._on_typed)
        self.line.editingFinished.connect(self._on_finished)
        # QLineEdit stays silent when it loses focus while its suggestions are open.
        self.line.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.line
            and event.type() == QEvent.Type.FocusOut
            and isinstance(event, QFocusEvent)
            and event.reason() != Qt.FocusReason.PopupFocusReason
        ):
            self._on_finished()
        return super().eventFilter(watched, event)

    def set_items(self, items: list[Place]) -> None:
        self._items = items
        self._ready = True
        self.line.setEnabled(True)
        if self._code is not None and all(p.code != self._code for p in items):
            self.set_code(None)
            self.changed.emit(None)
        if self._pending_code is not None:
            code, self._pending_code = self._pending_code, None
            self.set_code(code)

    def code(self) -> int | None:
        return self._code if self._ready else self._pending_code

    def is_ready(self) -> bool:
        return self._ready

    def has_unmatched_text(self) -> bool:
        """Something typed that is not in the list (an error to show)."""
        return bool(self.line.text().strip()) and self._code is None

    def set_code(self, code: int | None) -> None:
        if not self._ready:
            self._pending_code = code
            return
        place = next((p for p in self._items if p.code == code), None) if code is not None else None
        self._code = place.code if place else None
        self.line.setText(place.label if place else "")
        self.line.setCursorPosition(0)

    def _on_typed(self, text: str) -> None:
        if not self._ready:
            return
        if self._code is not None:
            self._code = None
            self.changed.emit(None)
        places = filter_places(self._items, text, POPUP_ROWS, self.prefer_province)
        self._model.setStringList([p.label for p in places])
        if text.strip() and places:
            self.completer.complete()
        else:
            self.completer.popup().hide()

    def _on_chosen(self, label: str) -> None:
        place = next((p for p in self._items if p.label == label), None)
        if place is None:
            return
        self._code = place.code
        self.line.setText(place.label)
        self.line.setCursorPosition(0)
        self.changed.emit(place.code)

    def _on_finished(self) -> None:
        self.completer.popup().hide()
        # Leaving the field with an unambiguous name typed: take it, as a person would expect.
        if self._code is None and self._ready and self.line.text().strip():
            place = best_match(self._items, self.line.text(), self.prefer_province)
            if place is not None:
                self._on_chosen(place.label)


def _home_province(state: AppState) -> int | None:
    from kcdesk.services.installation import get_installation

    try:
        info = get_installation(state.db)
    except Exception:
        return None
    return info.province_code if info else None


class CommunePicker(SearchPicker):
    """One commune of the 2025 scheme (optionally of one province)."""

    def __init__(
        self, state: AppState, parent: QWidget | None = None, *, province_code: int | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self._book: PlaceBook | None = None
        self._province = province_code
        self.line.setObjectName("commune-search")
        self.line.setPlaceholderText(self.tr("Đang tải danh mục xã, phường…"))
        self.prefer_province = _home_province(state)
        load_places(state, self._on_loaded)

    def set_province(self, province_code: int | None) -> None:
        self._province = province_code
        if self._book is not None:
            self.set_items(self._book.communes_of(province_code))

    def _on_loaded(self, book: PlaceBook) -> None:
        self._book = book
        self.line.setPlaceholderText(self.tr("Gõ tên xã, phường (không cần dấu)…"))
        self.set_items(book.communes_of(self._province))


class CommuneChecklist(QWidget):
    """Several communes of one province, with a search box: the area a collaborator serves."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._book: PlaceBook | None = None
        self._province: int | None = None
        self._chosen: set[int] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(self)
        self.search.setObjectName("commune-filter")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.list = QListWidget(self)
        self.list.setObjectName("commune-list")
        layout.addWidget(self.list, 1)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.search.textChanged.connect(self._refill)
        self.list.itemChanged.connect(self._on_item)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Tìm xã, phường (không cần dấu)…"))
        self._update_summary()

    def set_book(self, book: PlaceBook) -> None:
        self._book = book
        self._refill()

    def set_province(self, code: int | None) -> None:
        if code != self._province:
            self._province = code
            if self._book is not None:
                keep = {c.code for c in self._book.communes_of(code)}
                self._chosen &= keep
            self._refill()
            self.changed.emit()

    def chosen(self) -> list[int]:
        if self._book is None:
            return sorted(self._chosen)
        order = {p.code: i for i, p in enumerate(self._book.communes)}
        return sorted(self._chosen, key=lambda c: order.get(c, 0))

    def set_chosen(self, codes: list[int]) -> None:
        self._chosen = set(codes)
        self._refill()
        self.changed.emit()

    def _refill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        if self._book is not None and self._province is not None:
            places = self._book.communes_of(self._province)
            if self.search.text().strip():
                places = filter_places(places, self.search.text())
            for place in places:
                item = QListWidgetItem(place.name)
                item.setData(Qt.ItemDataRole.UserRole, place.code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = place.code in self._chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.list.addItem(item)
        self.list.blockSignals(False)
        self._update_summary()

    def _on_item(self, item: QListWidgetItem) -> None:
        code = int(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self._chosen.add(code)
        else:
            self._chosen.discard(code)
        self._update_summary()
        self.changed.emit()

    def _update_summary(self) -> None:
        if self._book is None or not self._chosen:
            self.summary.setText(self.tr("Chưa chọn xã, phường nào."))
            return
        names = [self._book.by_code[c].name for c in self.chosen() if c in self._book.by_code]
        self.summary.setText(
            self.tr("Đã chọn %1: %2").replace("%1", str(len(names))).replace("%2", ", ".join(names))
        )
