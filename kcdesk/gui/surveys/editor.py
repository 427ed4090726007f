"""The survey editor, rendered from the survey's own form definition version.

Sections are pages; each answer is checked as it is typed (the same domain rules as the CLI and
the sync import); questions appear and disappear as earlier answers make them relevant; a bar
shows how complete the survey is. What is typed is autosaved every few seconds to a local draft
(offered back after a crash) and saved for real on Save, on "mark complete" and on close.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kcdesk.domain.errors import Issue, Severity, ValidationError
from kcdesk.domain.forms import (
    FormDefinition,
    InputError,
    QType,
    Question,
    completeness,
    evaluate_form,
    validate_answers,
)
from kcdesk.gui.surveys.fields import QuestionField, make_field

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.surveys import SurveyDetail

AUTOSAVE_MS = 5000
CHECK_MS = 250
IDLE_BUILD_MS = 40  # between building two section pages: typing stays responsive
FIRST_IDLE_BUILD_MS = 250  # the other pages wait until the first one is on screen
ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5a00;"


_FONTS: dict[str, QFont] = {}


def _fonts(widget: QWidget) -> dict[str, QFont]:
    if not _FONTS:
        base = widget.font()
        bold, italic, small = QFont(base), QFont(base), QFont(base)
        bold.setBold(True)
        italic.setItalic(True)
        small.setPointSizeF(base.pointSizeF() * 0.9)
        _FONTS.update(bold=bold, italic=italic, small=small)
    return _FONTS


def _under_field(issue: Issue, q: Question, lang: str) -> str:
    """The message without the question's label in front: it is shown under that question."""
    text = issue.message(lang)
    prefix = f"“{q.label.get(lang)}”: "
    if issue.field == q.name and text.startswith(prefix):
        text = text[len(prefix) :]
        text = text[:1].upper() + text[1:]
    return text


class _QuestionRow(QWidget):
    """Label, help, the field and the message under it."""

    def __init__(
        self, q: Question, field: QuestionField | None, lang: str, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.question = q
        self.field = field
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 4)
        box.setSpacing(2)
        text = q.label.get(lang) + (" *" if q.required else "")
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        # fonts and palettes, not style sheets: a style sheet per label makes opening slow
        fonts = _fonts(self.label)
        self.label.setFont(fonts["italic"] if q.type is QType.NOTE else fonts["bold"])
        box.addWidget(self.label)
        if q.help:
            hint = QLabel(q.help.get(lang), self)
            hint.setWordWrap(True)
            hint.setFont(fonts["small"])
            hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            box.addWidget(hint)
        if field is not None:
            box.addWidget(field)
        self.message: QLabel | None = None
        self._box = box

    def show_message(self, text: str, warning: bool = False) -> None:
        if not text:
            if self.message is not None:
                self.message.hide()
            return
        if self.message is None:  # made on first use: most questions never need one
            self.message = QLabel(self)
            self.message.setWordWrap(True)
            self._box.addWidget(self.message)
        self.message.setText(text)
        self.message.setStyleSheet(WARNING_STYLE if warning else ERROR_STYLE)
        self.message.show()

    def message_text(self) -> str:
        """The message shown under the question, ``""`` when none."""
        if self.message is None or self.message.isHidden():
            return ""
        return self.message.text()


class SurveyEditor(QWidget):
    closed = Signal()
    saved = Signal(str)  # uuid
    print_requested = Signal(str)  # uuid

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.lang = state.lang
        self.detail: SurveyDetail | None = None
        self.definition: FormDefinition | None = None
        self._form_key: tuple[str, int, str] | None = None
        self.rows: dict[str, _QuestionRow] = {}
        self._section_rows: list[list[_QuestionRow]] = []
        self._built: list[bool] = []
        self._values: dict[str, Any] = {}
        self._touched: set[str] = set()
        self._show_all_errors = False
        self._dirty = False
        self._autosave_dirty = False
        self._loading = False
        self.issues: list[Issue] = []

        outer = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        head.addWidget(self.title, 1)
        self.status = QLabel(self)
        head.addWidget(self.status)
        outer.addLayout(head)
        self.form_line = QLabel(self)
        self.form_line.setStyleSheet("color: palette(mid);")
        outer.addWidget(self.form_line)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("survey-completeness")
        self.progress.setTextVisible(True)
        outer.addWidget(self.progress)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.sections = QListWidget(split)
        self.sections.setObjectName("survey-sections")
        self.sections.setMaximumWidth(280)
        self.pages = QStackedWidget(split)
        split.addWidget(self.sections)
        split.addWidget(self.pages)
        split.setStretchFactor(1, 1)
        outer.addWidget(split, 1)
        self.sections.currentRowChanged.connect(self._show_section)

        buttons = QHBoxLayout()
        self.prev_button = QPushButton(self.tr("◀ Phần trước"), self)
        self.next_button = QPushButton(self.tr("Phần sau ▶"), self)
        self.prev_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        buttons.addWidget(self.prev_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("Lưu"), self)
        self.complete_button = QPushButton(self.tr("Đánh dấu hoàn thành"), self)
        self.print_button = QPushButton(self.tr("In / Xuất PDF…"), self)
        self.close_button = QPushButton(self.tr("Đóng"), self)
        for b in (self.save_button, self.complete_button, self.print_button, self.close_button):
            buttons.addWidget(b)
        outer.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.complete_button.clicked.connect(self.mark_complete)
        self.print_button.clicked.connect(self._print)
        self.close_button.clicked.connect(self.close_editor)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_MS)
        self._check_timer.timeout.connect(self.refresh)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)

    # --- building -------------------------------------------------------------------------

    def _build(self, definition: FormDefinition) -> None:
        """One empty page per section; a page's widgets are made when it is first needed (the
        first at once, the others in idle moments), so opening a survey stays quick."""
        key = (definition.id, definition.version, definition.fingerprint)
        if key == self._form_key:
            return  # the same form: keep the widgets, only the answers change
        while self.pages.count():
            page = self.pages.widget(0)
            self.pages.removeWidget(page)
            page.deleteLater()
        self.sections.clear()
        self.rows = {}
        self._section_rows = [[] for _ in definition.sections]
        self._built = [False] * len(definition.sections)
        for section in definition.sections:
            scroll = QScrollArea(self.pages)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            self.pages.addWidget(scroll)
            self.sections.addItem(section.label.get(self.lang))
        self._form_key = key

    def _ensure_page(self, index: int) -> None:
        if self.definition is None or index < 0 or index >= len(self._built):
            return
        if self._built[index]:
            return
        self._built[index] = True
        section = self.definition.sections[index]
        scroll = self.pages.widget(index)
        assert isinstance(scroll, QScrollArea)
        host = QWidget(scroll)
        box = QVBoxLayout(host)
        heading = QLabel(section.label.get(self.lang), host)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        box.addWidget(heading)
        rows: list[_QuestionRow] = []
        loading, self._loading = self._loading, True
        for q in section.questions:
            field = make_field(
                q, self.lang, self.state, self._attach_photo, self._photo_bytes, host
            )
            row = _QuestionRow(q, field, self.lang, host)
            if field is not None:
                field.set_value(self._values.get(q.name))
                field.edited.connect(lambda name=q.name: self._edited(name))
            box.addWidget(row)
            self.rows[q.name] = row
            rows.append(row)
        box.addStretch(1)
        scroll.setWidget(host)
        self._section_rows[index] = rows
        self._loading = loading

    def _build_rest(self) -> None:
        """Make the next unbuilt page in an idle moment, then schedule the one after."""
        if self.detail is None:
            return
        for i, done in enumerate(self._built):
            if not done:
                self._ensure_page(i)
                self.refresh()
                QTimer.singleShot(IDLE_BUILD_MS, self._build_rest)
                return

    def load(
        self,
        detail: SurveyDetail,
        definition: FormDefinition,
        answers: dict[str, Any] | None = None,
    ) -> None:
        """Show ``detail`` (with ``answers`` instead of the stored ones: a recovered draft)."""
        self._loading = True
        self.detail, self.definition = detail, definition
        self._build(definition)
        values = detail.answers if answers is None else answers
        self._values = dict(values)
        for name, row in self.rows.items():
            if row.field is not None:
                row.field.set_value(values.get(name))
        self._ensure_page(0)
        self._touched = set()
        self._show_all_errors = False
        self.title.setText(detail.facility_name)
        version = self.tr("phiên bản")
        self.form_line.setText(
            f"{definition.title.get(self.lang)} · {definition.id} {version} {definition.version}"
        )
        self._set_status(detail.status)
        self.sections.setCurrentRow(0)
        self._loading = False
        self._dirty = self._autosave_dirty = answers is not None and answers != detail.answers
        self.refresh()
        self.autosave_timer.start()
        QTimer.singleShot(FIRST_IDLE_BUILD_MS, self._build_rest)

    def _set_status(self, status: str) -> None:
        text = self.tr("Hoàn thành") if status == "complete" else self.tr("Bản nháp")
        self.status.setText(text)

    # --- answers ----------------------------------------------------------------------------

    def answers(self) -> tuple[dict[str, Any], dict[str, str]]:
        """What the fields hold now, and the messages of fields whose text cannot be read
        (those keep their last stored value, so nothing typed earlier is lost)."""
        assert self.detail is not None
        out: dict[str, Any] = dict(self._values)  # pages not built yet keep their answers
        problems: dict[str, str] = {}
        for name, row in self.rows.items():
            field = row.field
            if field is None or row.question.type is QType.CALCULATE:
                continue
            try:
                value = field.value()
            except InputError as exc:
                problems[name] = exc.message_en if self.lang == "en" else exc.message_vi
                value = self._values.get(name)
            if value is not None and value != []:
                out[name] = value
            elif name in out:
                out[name] = None  # cleared on purpose: keep the key so the change is saved
        return out, problems

    def _edited(self, name: str) -> None:
        if self._loading:
            return
        self._touched.add(name)
        self._dirty = self._autosave_dirty = True
        self._check_timer.start()

    def refresh(self) -> None:
        """Relevance, calculations, messages and the completeness bar for the current answers."""
        if self.definition is None or self.detail is None:
            return
        answers, problems = self.answers()
        state = evaluate_form(self.definition, answers)
        self.issues = validate_answers(self.definition, answers, state=state)
        by_field: dict[str, Issue] = {}
        for issue in self.issues:
            top = issue.field.split("[", 1)[0]
            if top not in by_field or by_field[top].severity is Severity.WARNING:
                by_field[top] = issue
        errors_per_section = []
        for rows in self._section_rows:
            errors = 0
            for row in rows:
                name = row.question.name
                relevant = state.relevant.get(name, True)
                row.setVisible(relevant)
                if row.question.type is QType.CALCULATE and row.field is not None:
                    row.field.set_value(state.calculated.get(name))
                if not relevant:
                    row.show_message("")
                    continue
                if name in problems:
                    row.show_message(problems[name])
                    errors += 1
                    continue
                issue = by_field.get(name)
                # "not answered yet" is only said once the person touched the question or
                # asked to complete; a wrong answer is said at once
                show = issue is not None and (
                    self._show_all_errors or name in self._touched or issue.code != "required"
                )
                if issue is not None and issue.severity is Severity.ERROR:
                    errors += 1
                row.show_message(
                    _under_field(issue, row.question, self.lang) if show and issue else "",
                    warning=bool(issue and issue.severity is Severity.WARNING),
                )
            errors_per_section.append(errors)
        for i, count in enumerate(errors_per_section):
            item = self.sections.item(i)
            if item is not None and self.definition is not None:
                label = self.definition.sections[i].label.get(self.lang)
                item.setText(f"{label}  ⚠{count}" if count and self._show_all_errors else label)
        done = completeness(self.definition, answers, self.issues, state=state)
        self.progress.setMaximum(max(done.total, 1))
        self.progress.setValue(done.answered)
        text = (
            self.tr("Đã trả lời %1/%2 câu")
            .replace("%1", str(done.answered))
            .replace("%2", str(done.total))
        )
        if done.required_missing:
            text += " · " + self.tr("còn %1 câu bắt buộc").replace("%1", str(done.required_missing))
        if done.errors - done.required_missing > 0 or problems:
            n = done.errors - done.required_missing + len(problems)
            text += " · " + self.tr("%1 câu cần sửa").replace("%1", str(n))
        self.progress.setFormat(text)
        self.complete_button.setEnabled(not problems)

    # --- saving -------------------------------------------------------------------------------

    def autosave(self) -> None:
        """Keep what is typed in the local draft (cheap; no version stamp)."""
        if self.detail is None or not self._autosave_dirty:
            return
        from kcdesk.services.surveys import autosave

        answers, _problems = self.answers()
        try:
            autosave(self.state.db, self.detail.uuid, answers)
        except Exception:  # an autosave must never interrupt typing; Save will report
            return
        self._autosave_dirty = False

    def save(self) -> bool:
        """Save for real (kept as a draft with its reasons when answers fail validation)."""
        if self.detail is None or self.definition is None:
            return True
        from kcdesk.services.surveys import save_survey

        answers, _problems = self.answers()
        try:
            self.detail = save_survey(self.state.db, self.detail.uuid, answers)
        except Exception as exc:
            from kcdesk.gui.errors import show_error

            show_error(self, exc, self.lang)
            return False
        self._dirty = self._autosave_dirty = False
        self._values = dict(self.detail.answers)
        self._set_status(self.detail.status)
        self.state.notify("survey")
        self.state.status_message.emit(self.tr("Đã lưu phiếu khảo sát."))
        self.saved.emit(self.detail.uuid)
        self.refresh()
        return True

    def mark_complete(self) -> None:
        if self.detail is None:
            return
        from kcdesk.services.surveys import mark_complete

        self._show_all_errors = True
        for i in range(len(self._built)):
            self._ensure_page(i)  # every message must be visible where it belongs
        if not self.save():
            return
        try:
            self.detail = mark_complete(self.state.db, self.detail.uuid)
        except ValidationError as exc:
            self.refresh()
            self._go_to_first_error()
            count = len([i for i in exc.issues if i.severity is Severity.ERROR])
            QMessageBox.warning(
                self,
                self.tr("Chưa hoàn thành được"),
                self.tr(
                    "Còn %1 câu chưa đúng hoặc chưa trả lời; phiếu được lưu là bản nháp. "
                    "Các câu cần sửa được đánh dấu đỏ."
                ).replace("%1", str(count)),
            )
            return
        self._set_status(self.detail.status)
        self.state.notify("survey")
        self.state.status_message.emit(self.tr("Phiếu khảo sát đã hoàn thành."))
        self.refresh()

    def _go_to_first_error(self) -> None:
        for i, rows in enumerate(self._section_rows):
            for row in rows:
                if row.isVisibleTo(row.parentWidget()) and row.message_text():
                    self.sections.setCurrentRow(i)
                    if row.field is not None:
                        row.field.focus()
                    return

    def _show_section(self, index: int) -> None:
        self._ensure_page(index)
        self.pages.setCurrentIndex(index)
        if self.definition is not None:
            self.refresh()

    def _step(self, delta: int) -> None:
        row = max(0, min(self.sections.count() - 1, self.sections.currentRow() + delta))
        self.sections.setCurrentRow(row)

    def _print(self) -> None:
        if self.detail is not None and self.save():
            self.print_requested.emit(self.detail.uuid)

    def close_editor(self) -> bool:
        """Save and close; ``False`` when saving failed and the person chose to stay."""
        if self.detail is not None and self._dirty and not self.save():
            return False
        self.autosave_timer.stop()
        self.detail = None
        self.closed.emit()
        return True

    # --- photos -------------------------------------------------------------------------------

    def _attach_photo(self, path: str) -> dict[str, Any]:
        from pathlib import Path

        from kcdesk.services.surveys import attach_photo

        assert self.detail is not None
        return attach_photo(self.state.db, self.detail.uuid, Path(path)).to_answer()

    def _photo_bytes(self, sha256: str) -> bytes | None:
        from kcdesk.services.surveys import photo_bytes

        return photo_bytes(self.state.db, sha256)
