"""One input widget per question type, all speaking the stored JSON shape of the answer.

Each field emits ``edited`` when the person changes it; ``value()`` is the JSON to store, or it
raises :class:`kcdesk.domain.forms.InputError` when the typed text cannot be read (a number
with letters, a date that does not exist): the editor shows the message under the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcdesk.domain.forms import (
    InputError,
    QType,
    Question,
    format_answer,
    is_empty,
    parse_input,
)
from kcdesk.vn.dates import format_date, parse_date

THUMB = 96


class QuestionField(QWidget):
    edited = Signal()

    def __init__(self, question: Question, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.lang = lang
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus(self) -> None:
        self.setFocus()


class _TextLike(QuestionField):
    """A line edit whose text goes through ``parse_input`` (text, numbers, dates, codes)."""

    def __init__(self, question: Question, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(question, lang, parent)
        self.line = QLineEdit(self)
        self._layout.addWidget(self.line, 1)
        t = question.value_type
        if t in (QType.INTEGER, QType.DECIMAL, QType.MONEY):
            self.line.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.line.setMaximumWidth(260)
        if t is QType.DATE:
            self.line.setMaximumWidth(140)
            self.line.setPlaceholderText("dd/mm/yyyy")
        if question.max_length:
            self.line.setMaxLength(question.max_length + 50)  # over-long text is shown, not cut
        unit = question.unit.get(lang) or ("đồng" if t is QType.MONEY else "")
        if unit:
            self._layout.addWidget(QLabel(unit, self))
        self._layout.addStretch(0 if t in (QType.TEXT,) else 1)
        self.line.textEdited.connect(lambda _t: self.edited.emit())

    def value(self) -> Any:
        return parse_input(self.question, self.line.text())

    def set_value(self, value: Any) -> None:
        t = self.question.value_type
        if is_empty(value):
            text = ""
        elif t is QType.DATE:
            try:
                d = parse_date(value)
                text = format_date(d) if d else str(value)
            except ValueError:
                text = str(value)
        elif t in (QType.INTEGER, QType.DECIMAL, QType.MONEY):
            shown = format_answer(self.question, value, self.lang)
            unit = self.question.unit.get(self.lang)
            text = shown.removesuffix(" đ").removesuffix(f" {unit}" if unit else "\0")
        else:
            text = str(value)
        self.line.setText(text)

    def focus(self) -> None:
        self.line.setFocus()


class LongTextField(QuestionField):
    def __init__(self, question: Question, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(question, lang, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(72)
        self._layout.addWidget(self.edit)
        self.edit.textChanged.connect(self.edited.emit)

    def value(self) -> Any:
        text = self.edit.toPlainText().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText("" if is_empty(value) else str(value))
        self.edit.blockSignals(False)

    def focus(self) -> None:
        self.edit.setFocus()


class ChoiceField(QuestionField):
    """Radio buttons for a few choices (and yes/no), a drop-down for many."""

    def __init__(self, question: Question, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(question, lang, parent)
        if question.type is QType.YES_NO:
            self.options: list[tuple[Any, str]] = [
                (True, self.tr("Có")),
                (False, self.tr("Không")),
            ]
        else:
            self.options = [(c.value, c.label.get(lang)) for c in question.choices]
        self.combo: QComboBox | None = None
        self.group: QButtonGroup | None = None
        if len(self.options) > 5:
            self.combo = QComboBox(self)
            self.combo.addItem("—", None)
            for value, label in self.options:
                self.combo.addItem(label, value)
            self.combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
            self._layout.addWidget(self.combo)
            self._layout.addStretch(1)
        else:
            self.group = QButtonGroup(self)
            self.group.setExclusive(False)  # a second click on the chosen one clears it
            for i, (_value, label) in enumerate(self.options):
                button = QRadioButton(label, self)
                self.group.addButton(button, i)
                self._layout.addWidget(button)
            self._layout.addStretch(1)
            self.group.idClicked.connect(self._clicked)

    def _clicked(self, index: int) -> None:
        assert self.group is not None
        for button in self.group.buttons():
            if self.group.id(button) != index:
                button.setChecked(False)
        self.edited.emit()

    def value(self) -> Any:
        if self.combo is not None:
            return self.combo.currentData()
        assert self.group is not None
        checked = self.group.checkedId()
        return None if checked < 0 else self.options[checked][0]

    def set_value(self, value: Any) -> None:
        index = next(
            (i for i, (v, _l) in enumerate(self.options) if v == value and type(v) is type(value)),
            -1,
        )
        if self.combo is not None:
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(index + 1)
            self.combo.blockSignals(False)
            return
        assert self.group is not None
        for button in self.group.buttons():
            button.setChecked(self.group.id(button) == index)


class MultiChoiceField(QuestionField):
    def __init__(self, question: Question, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(question, lang, parent)
        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[tuple[str, QCheckBox]] = []
        for i, c in enumerate(question.choices):
            box = QCheckBox(c.label.get(lang), grid_host)
            grid.addWidget(box, i // 3, i % 3)
            box.toggled.connect(lambda _on: self.edited.emit())
            self.boxes.append((c.value, box))
        self._layout.addWidget(grid_host)
        self._layout.addStretch(1)
        self._unknown: list[str] = []

    def value(self) -> Any:
        return [v for v, box in self.boxes if box.isChecked()] + self._unknown

    def set_value(self, value: Any) -> None:
        chosen = list(value) if isinstance(value, list) else []
        known = {v for v, _b in self.boxes}
        self._unknown = [v for v in chosen if v not in known]  # kept from another version
        for v, box in self.boxes:
            box.blockSignals(True)
            box.setChecked(v in chosen)
            box.blockSignals(False)


class CommuneField(QuestionField):
    """The commune picker of the facility editor; stores code, scheme and the name shown."""

    def __init__(
        self, question: Question, lang: str, state: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(question, lang, parent)
        from kcdesk.gui.widgets.commune_picker import CommunePicker

        self.picker = CommunePicker(state, self)
        self._layout.addWidget(self.picker, 1)
        self._stored: Any = None
        self.picker.changed.connect(lambda _c: self.edited.emit())

    def value(self) -> Any:
        if not self.picker.is_ready():
            return self._stored  # the commune list is still loading: the answer is unchanged
        code = self.picker.code()
        if code is None:
            if self.picker.has_unmatched_text():
                raise InputError(
                    "Hãy chọn xã/phường trong danh sách gợi ý.",
                    "Pick the commune from the suggestions.",
                )
            return None
        if isinstance(self._stored, dict) and str(self._stored.get("code")) == str(code):
            return self._stored
        return {"code": str(code), "scheme": "2025", "name": self.picker.line.text().strip()}

    def set_value(self, value: Any) -> None:
        self._stored = value
        code = value.get("code") if isinstance(value, dict) else None
        self.picker.blockSignals(True)
        self.picker.set_code(int(code) if code and str(code).isdigit() else None)
        self.picker.blockSignals(False)


class IndustryField(QuestionField):
    def __init__(self, question: Question, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(question, lang, parent)
        self.code = QLineEdit(self)
        self.code.setMaximumWidth(90)
        self.code.setPlaceholderText(self.tr("Mã"))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("Tên ngành"))
        self._layout.addWidget(self.code)
        self._layout.addWidget(self.name, 1)
        self._version = "VSIC2025"
        self.code.textEdited.connect(lambda _t: self.edited.emit())
        self.name.textEdited.connect(lambda _t: self.edited.emit())

    def value(self) -> Any:
        code = self.code.text().strip().upper()
        if not code:
            return None
        return {"code": code, "version": self._version, "name": self.name.text().strip()}

    def set_value(self, value: Any) -> None:
        v = value if isinstance(value, dict) else {}
        self._version = str(v.get("version") or "VSIC2025")
        self.code.setText(str(v.get("code") or ""))
        self.name.setText(str(v.get("name") or ""))


class CalculatedField(QuestionField):
    def __init__(self, question: Question, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(question, lang, parent)
        self.label = QLabel("—", self)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout.addWidget(self.label)
        note = QLabel(self.tr("(tự tính)"), self)
        note.setEnabled(False)
        self._layout.addWidget(note)
        self._layout.addStretch(1)

    def value(self) -> Any:
        return None  # recomputed from the other answers on every save

    def set_value(self, value: Any) -> None:
        self.label.setText(format_answer(self.question, value, self.lang) or "—")


class RepeatField(QuestionField):
    """A table: one row per item (the machinery list), cells typed as text and read by column
    type; choice columns offer a drop-down."""

    def __init__(self, question: Question, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(question, lang, parent)
        box = QVBoxLayout()
        self._layout.addLayout(box, 1)
        self.table = QTableWidget(0, len(question.columns), self)
        self.table.setHorizontalHeaderLabels(
            [c.label.get(lang) + (" *" if c.required else "") for c in question.columns]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(140)
        self.table.itemChanged.connect(lambda _i: self.edited.emit())
        box.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Thêm dòng"), self)
        self.remove_button = QPushButton(self.tr("Xóa dòng"), self)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self._extra: list[dict[str, Any]] = []  # per row: cells of columns not in this version

    def add_row(self, values: dict[str, Any] | None = None) -> None:
        values = values if isinstance(values, dict) else {}
        self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, c in enumerate(self.question.columns):
            value = values.get(c.name)
            if c.type in (QType.CHOICE, QType.YES_NO):
                combo = QComboBox(self.table)
                combo.addItem("—", None)
                if c.type is QType.YES_NO:
                    combo.addItem(self.tr("Có"), True)
                    combo.addItem(self.tr("Không"), False)
                else:
                    for ch in c.choices:
                        combo.addItem(ch.label.get(self.lang), ch.value)
                index = combo.findData(value) if value is not None else 0
                combo.setCurrentIndex(max(index, 0))
                combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
                self.table.setCellWidget(row, col, combo)
            else:
                shown = format_answer(c, value, self.lang) if c.type is not QType.TEXT else value
                if c.value_type in (QType.INTEGER, QType.DECIMAL, QType.MONEY) and shown:
                    unit = c.unit.get(self.lang)
                    shown = str(shown).removesuffix(" đ").removesuffix(f" {unit}" if unit else "\0")
                item = QTableWidgetItem("" if is_empty(value) else str(shown))
                if c.type is QType.CALCULATE:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)
        known = {c.name for c in self.question.columns}
        self._extra.append({k: v for k, v in values.items() if k not in known})
        self.table.blockSignals(False)
        if values == {}:
            self.edited.emit()

    def remove_row(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.rowCount():
            rows = [self.table.rowCount() - 1]
        for row in rows:
            self.table.removeRow(row)
            del self._extra[row]
        self.edited.emit()

    def value(self) -> Any:
        rows: list[dict[str, Any]] = []
        problems: list[str] = []
        for row in range(self.table.rowCount()):
            out: dict[str, Any] = dict(self._extra[row])
            for col, c in enumerate(self.question.columns):
                widget = self.table.cellWidget(row, col)
                if isinstance(widget, QComboBox):
                    v = widget.currentData()
                    if v is not None:
                        out[c.name] = v
                    continue
                if c.type is QType.CALCULATE:
                    continue
                item = self.table.item(row, col)
                text = item.text() if item is not None else ""
                try:
                    v = parse_input(c, text)
                except InputError as exc:
                    problems.append(
                        f"{self.tr('Dòng')} {row + 1}, {c.label.get(self.lang)}: "
                        f"{exc.message_vi if self.lang != 'en' else exc.message_en}"
                    )
                    continue
                if v is not None:
                    out[c.name] = v
            if any(not is_empty(v) for v in out.values()):
                rows.append(out)
        if problems:
            raise InputError("; ".join(problems), "; ".join(problems))
        return rows

    def set_value(self, value: Any) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self._extra = []
        self.table.blockSignals(False)
        for row in value if isinstance(value, list) else []:
            self.add_row(row if isinstance(row, dict) else {})


class PhotoField(QuestionField):
    """Thumbnails of the attached photos; Add stores a picture once by its hash."""

    def __init__(
        self,
        question: Question,
        lang: str,
        attach: Callable[[str], dict[str, Any]],
        load: Callable[[str], bytes | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, lang, parent)
        self._attach, self._load = attach, load
        box = QVBoxLayout()
        self._layout.addLayout(box, 1)
        self.list = QListWidget(self)
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMinimumHeight(THUMB + 40)
        box.addWidget(self.list)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Thêm ảnh…"), self)
        self.remove_button = QPushButton(self.tr("Bỏ ảnh"), self)
        self.add_button.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self._remove)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self._items: list[dict[str, Any]] = []

    def _choose(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Chọn ảnh"), "", self.tr("Ảnh (*.jpg *.jpeg *.png *.webp *.bmp *.gif)")
        )
        for path in paths:
            try:
                self.add_path(path)
            except Exception as exc:  # not a picture, too large, unreadable: say so, go on
                from kcdesk.gui.errors import show_error

                show_error(self, exc, self.lang)

    def add_path(self, path: str) -> None:
        ref = self._attach(path)
        if any(i.get("sha256") == ref["sha256"] for i in self._items):
            return
        self._items.append(ref)
        self._add_item(ref)
        self.edited.emit()

    def _add_item(self, ref: dict[str, Any]) -> None:
        item = QListWidgetItem(str(ref.get("caption") or ref.get("filename") or ""))
        data = self._load(str(ref.get("sha256")))
        if data:
            image = QImage.fromData(data)
            if not image.isNull():
                thumb = image.scaled(
                    THUMB,
                    THUMB,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                item.setIcon(QIcon(QPixmap.fromImage(thumb)))
        else:
            item.setToolTip(self.tr("Ảnh chưa có trên máy này (chưa đồng bộ)."))
        self.list.addItem(item)

    def _remove(self) -> None:
        rows = sorted({self.list.row(i) for i in self.list.selectedItems()}, reverse=True)
        for row in rows:
            self.list.takeItem(row)
            del self._items[row]
        if rows:
            self.edited.emit()

    def value(self) -> Any:
        return list(self._items)

    def set_value(self, value: Any) -> None:
        self.list.clear()
        self._items = (
            [dict(v) for v in value if isinstance(v, dict)] if isinstance(value, list) else []
        )
        for ref in self._items:
            self._add_item(ref)


def make_field(
    question: Question,
    lang: str,
    state: Any,
    attach: Callable[[str], dict[str, Any]],
    load: Callable[[str], bytes | None],
    parent: QWidget | None = None,
) -> QuestionField | None:
    """The widget of a question, ``None`` for a note (shown as its label only)."""
    t = question.type
    if t is QType.NOTE:
        return None
    if t is QType.LONG_TEXT:
        return LongTextField(question, lang, parent)
    if t in (QType.YES_NO, QType.CHOICE):
        return ChoiceField(question, lang, parent)
    if t is QType.MULTI_CHOICE:
        return MultiChoiceField(question, lang, parent)
    if t is QType.COMMUNE:
        return CommuneField(question, lang, state, parent)
    if t is QType.INDUSTRY_CODE:
        return IndustryField(question, lang, parent)
    if t is QType.CALCULATE:
        return CalculatedField(question, lang, parent)
    if t is QType.REPEAT:
        return RepeatField(question, lang, parent)
    if t is QType.PHOTO:
        return PhotoField(question, lang, attach, load, parent)
    return _TextLike(question, lang, parent)
