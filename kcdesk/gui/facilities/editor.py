"""The facility editor: every field says what is wrong right under it, and saving waits until
nothing is. A facility that may already exist (same tax code, or a similar name in the same
commune) is pointed out while typing, with a button to open it.

Keyboard: Tab moves through the fields in reading order, Enter (or Ctrl+S) saves, Esc cancels
(asking first when something was typed).
"""

from __future__ import annotations

import itertools
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcdesk.domain.entities import FacilityKind, IndustryVersion
from kcdesk.domain.errors import Issue, Severity, ValidationError
from kcdesk.gui.state import FACILITY
from kcdesk.gui.widgets.commune_picker import CommunePicker
from kcdesk.gui.widgets.fields import FieldBox, FieldErrors
from kcdesk.vn.numbers import format_number, parse_int, parse_number
from kcdesk.vn.text import clean

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.facilities import FacilityInput, FacilityRow, SimilarFacility

log = logging.getLogger(__name__)

SIMILAR_DELAY_MS = 350  # after the last keystroke in name, commune or tax code
SHOWN_SIMILAR = 3


class SimilarBanner(QFrame):
    """The yellow note "this facility may already exist", with a button per match."""

    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("similar-banner")
        self.setStyleSheet(
            "#similar-banner { background: #fff4d6; border: 1px solid #e0b84f;"
            " border-radius: 4px; } #similar-banner QLabel { color: #5c4100; }"
        )
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 10, 6)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self._layout.addWidget(self.heading)
        self._rows: list[QWidget] = []
        self.matches: list[SimilarFacility] = []
        self.hide()

    def show_matches(self, matches: list[SimilarFacility], lang: str) -> None:
        for row in self._rows:
            row.deleteLater()
        self._rows = []
        self.matches = matches
        if not matches:
            self.hide()
            return
        self.heading.setText(
            self.tr("Cơ sở này có thể đã có trong danh sách:")
            if len(matches) == 1
            else self.tr("Cơ sở này có thể trùng với %1 cơ sở đã có:").replace(
                "%1", str(len(matches))
            )
        )
        for match in matches[:SHOWN_SIMILAR]:
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            reason = match.reason_en if lang == "en" else match.reason_vi
            place = match.facility.commune_name
            text = QLabel(f"• {reason}" + (f" ({place})" if place else ""), row)
            text.setWordWrap(True)
            line.addWidget(text, 1)
            button = QPushButton(self.tr("Mở cơ sở này"), row)
            button.setObjectName("open-similar")
            button.setAutoDefault(False)
            button.clicked.connect(
                lambda _c=False, u=match.facility.uuid: self.open_requested.emit(u)
            )
            line.addWidget(button)
            self._layout.addWidget(row)
            self._rows.append(row)
        self.show()


class FacilityEditor(QDialog):
    """Create (``facility=None``) or edit a facility. ``saved`` carries the stored row."""

    saved = Signal(object)  # FacilityRow
    deleted = Signal(str)

    def __init__(
        self,
        state: AppState,
        facility: FacilityRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.facility = facility
        self.result_row: FacilityRow | None = None
        self._saving = False
        self._similar_confirmed = False
        self.setObjectName("facility-editor")
        self.setWindowTitle(
            self.tr("Thêm cơ sở")
            if facility is None
            else self.tr("Sửa cơ sở: %1").replace("%1", facility.name)
        )
        self.setMinimumWidth(860)
        layout = QVBoxLayout(self)

        self.banner = SimilarBanner(self)
        self.banner.open_requested.connect(self._open_other)
        layout.addWidget(self.banner)

        self.name = QLineEdit()
        self.name.setMaxLength(300)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("— Chọn loại hình —"), "")
        for kind in FacilityKind:
            self.kind.addItem(state.label(kind), kind.value)
        self.owner = QLineEdit()
        self.owner.setMaxLength(200)
        self.phone = QLineEdit()
        self.phone.setMaxLength(20)
        self.tax_code = QLineEdit()
        self.tax_code.setMaxLength(20)
        self.year = QLineEdit()
        self.year.setMaxLength(4)
        self.employees = QLineEdit()
        self.revenue = QLineEdit()
        self.commune = CommunePicker(state)
        self.address = QLineEdit()
        self.address.setMaxLength(300)
        self.old_address = QLineEdit()
        self.craft_village = QLineEdit()
        self.craft_village.setMaxLength(200)
        self.industry = QLineEdit()
        self.industry.setMaxLength(10)
        self.industry_version = QComboBox()
        for version in (IndustryVersion.VSIC_2025, IndustryVersion.VSIC_2018):
            self.industry_version.addItem(version.value, version.value)
        self.latitude = QLineEdit()
        self.longitude = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab leaves the notes, as in every other field
        self.notes.setFixedHeight(64)

        fields: dict[str, QWidget] = {
            "name": self.name, "kind": self.kind, "owner_name": self.owner, "phone": self.phone,
            "tax_code": self.tax_code, "year_founded": self.year, "employees": self.employees,
            "annual_revenue": self.revenue, "commune_code": self.commune, "address": self.address,
            "old_address": self.old_address, "craft_village": self.craft_village,
            "industry_code": self.industry, "industry_version": self.industry_version,
            "latitude": self.latitude, "longitude": self.longitude, "notes": self.notes,
        }  # fmt: skip
        for key, widget in fields.items():
            widget.setObjectName(f"field-{key}")
        self.boxes = {key: FieldBox(widget) for key, widget in fields.items()}
        self.errors = FieldErrors(self.boxes, state.lang)

        grid = QGridLayout()
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._labels: dict[str, QLabel] = {}

        def add(form: QFormLayout, key: str, text: str) -> None:
            label = QLabel(text)
            label.setBuddy(fields[key])
            self._labels[key] = label
            form.addRow(label, self.boxes[key])

        add(left, "name", self.tr("&Tên cơ sở: *"))
        add(left, "kind", self.tr("&Loại hình: *"))
        add(left, "owner_name", self.tr("&Chủ cơ sở, người đại diện:"))
        add(left, "phone", self.tr("Điện t&hoại:"))
        add(left, "tax_code", self.tr("&Mã số thuế:"))
        add(left, "year_founded", self.tr("Năm thành &lập:"))
        add(left, "employees", self.tr("Số lao độn&g:"))
        add(left, "annual_revenue", self.tr("Doanh thu năm (đồng):"))
        add(right, "commune_code", self.tr("&Xã, phường (từ 01/7/2025):"))
        add(right, "address", self.tr("Địa chỉ (thôn, xóm, đường):"))
        add(right, "old_address", self.tr("Địa chỉ &cũ (trước 2025):"))
        add(right, "craft_village", self.tr("Làng &nghề:"))
        industry_row = QWidget()
        row = QHBoxLayout(industry_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.boxes["industry_code"], 2)
        row.addWidget(self.boxes["industry_version"], 1)
        label = QLabel(self.tr("Mã ngành (&VSIC):"))
        label.setBuddy(self.industry)
        right.addRow(label, industry_row)
        add(right, "latitude", self.tr("Vĩ độ:"))
        add(right, "longitude", self.tr("Kinh độ:"))
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(24)
        layout.addLayout(grid)
        notes_form = QFormLayout()
        add(notes_form, "notes", self.tr("Ghi &chú:"))
        layout.addLayout(notes_form)

        self.name.setPlaceholderText(self.tr("Ví dụ: HTX chiếu cói Lật Dương"))
        self.phone.setPlaceholderText(self.tr("Ví dụ: 0912 345 678"))
        self.tax_code.setPlaceholderText(self.tr("10 số, 10 số-3 số, hoặc 12 số định danh"))
        self.old_address.setPlaceholderText(self.tr("Ví dụ: xã Tiên Minh, huyện Tiên Lãng"))
        self.latitude.setPlaceholderText(self.tr("Ví dụ: 20,7123"))
        self.longitude.setPlaceholderText(self.tr("Ví dụ: 106,5678"))

        self.required_note = QLabel(self.tr("* bắt buộc"))
        self.required_note.setEnabled(False)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("&Lưu"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(
            self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setObjectName("cancel")
        self.delete_button: QPushButton | None = None
        if facility is not None:
            self.delete_button = self.buttons.addButton(
                self.tr("&Xóa cơ sở…"), QDialogButtonBox.ButtonRole.DestructiveRole
            )
            self.delete_button.setObjectName("delete")
            self.delete_button.clicked.connect(self._delete)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.required_note)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        # Reading order for Tab: the left column top to bottom, then the right one, then notes.
        order = [self.name, self.kind, self.owner, self.phone, self.tax_code, self.year,
                 self.employees, self.revenue, self.commune.line, self.address, self.old_address,
                 self.craft_village, self.industry, self.industry_version, self.latitude,
                 self.longitude, self.notes, self.save_button, self.cancel_button]  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self._load(facility)
        self._original = self._snapshot()
        self._similar_timer = QTimer(self)
        self._similar_timer.setSingleShot(True)
        self._similar_timer.setInterval(SIMILAR_DELAY_MS)
        self._similar_timer.timeout.connect(self._check_similar)
        self._similar_generation = 0
        for line in (self.name, self.tax_code):
            line.textChanged.connect(self._similar_timer.start)
        self.commune.changed.connect(lambda _c: self._similar_timer.start())
        self._connect_live_checks()
        self.name.setFocus()

    # -- values --------------------------------------------------------------------------------

    def _load(self, f: FacilityRow | None) -> None:
        if f is None:
            return
        self.name.setText(f.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(f.kind)))
        self.owner.setText(f.owner_name)
        self.phone.setText(f.phone)
        self.tax_code.setText(f.tax_code)
        self.year.setText(str(f.year_founded) if f.year_founded else "")
        self.employees.setText(format_number(f.employees) if f.employees is not None else "")
        self.revenue.setText(
            format_number(f.annual_revenue) if f.annual_revenue is not None else ""
        )
        self.commune.set_code(f.commune_code)
        self.address.setText(f.address)
        self.old_address.setText(f.old_address)
        self.craft_village.setText(f.craft_village)
        self.industry.setText(f.industry_code)
        if f.industry_version:
            self.industry_version.setCurrentIndex(
                max(0, self.industry_version.findData(f.industry_version))
            )
        self.latitude.setText(format_number(f.latitude) if f.latitude is not None else "")
        self.longitude.setText(format_number(f.longitude) if f.longitude is not None else "")
        self.notes.setPlainText(f.notes)

    def _snapshot(self) -> tuple[Any, ...]:
        return (
            self.name.text(), self.kind.currentData(), self.owner.text(), self.phone.text(),
            self.tax_code.text(), self.year.text(), self.employees.text(), self.revenue.text(),
            self.commune.code(), self.commune.has_unmatched_text() and self.commune.line.text(),
            self.address.text(),
            self.old_address.text(), self.craft_village.text(), self.industry.text(),
            self.industry_version.currentData(), self.latitude.text(), self.longitude.text(),
            self.notes.toPlainText(),
        )  # fmt: skip

    def is_dirty(self) -> bool:
        return self._snapshot() != self._original

    def _issue(self, field: str, vi: str, en: str) -> Issue:
        return Issue(field, "form", vi, en)

    def collect(self) -> tuple[FacilityInput | None, list[Issue]]:
        """Read the fields: the input for the service, and what is wrong with it here."""
        from kcdesk.services.facilities import FacilityInput

        issues: list[Issue] = []
        numbers: dict[str, Any] = {}
        whole = (("year_founded", self.year), ("employees", self.employees),
                 ("annual_revenue", self.revenue))  # fmt: skip
        for key, line in whole:
            try:
                numbers[key] = parse_int(line.text())
            except ValueError:
                issues.append(self._issue(key, f"“{line.text()}” không phải số nguyên.",
                                          f"“{line.text()}” is not a whole number."))  # fmt: skip
        for key, line in (("latitude", self.latitude), ("longitude", self.longitude)):
            try:
                value = parse_number(line.text())
                numbers[key] = None if value is None else float(value)
            except ValueError:
                issues.append(self._issue(
                    key, f"“{line.text()}” không phải số (ví dụ 20,7123).",
                    f"“{line.text()}” is not a number (e.g. 20.7123).",
                ))  # fmt: skip
        if (numbers.get("latitude") is None) != (numbers.get("longitude") is None):
            missing = "longitude" if numbers.get("longitude") is None else "latitude"
            issues.append(self._issue(missing, "Cần nhập cả vĩ độ và kinh độ.",
                                      "Enter both latitude and longitude."))  # fmt: skip
        if self.commune.has_unmatched_text():
            issues.append(self._issue(
                "commune_code", "Chọn xã, phường trong danh sách gợi ý (gõ vài chữ của tên).",
                "Choose a commune from the suggestions (type part of its name).",
            ))  # fmt: skip
        if not clean(self.name.text()):
            issues.append(self._issue("name", "Hãy nhập tên cơ sở.", "Enter the facility's name."))
        if not self.kind.currentData():
            issues.append(self._issue("kind", "Hãy chọn loại hình.", "Choose the kind."))
        data = FacilityInput(
            name=self.name.text(),
            kind=str(self.kind.currentData() or ""),
            owner_name=self.owner.text(),
            address=self.address.text(),
            commune_code=self.commune.code(),
            old_address=self.old_address.text(),
            phone=self.phone.text(),
            tax_code=self.tax_code.text(),
            year_founded=numbers.get("year_founded"),
            craft_village=self.craft_village.text(),
            industry_code=self.industry.text(),
            industry_version=str(self.industry_version.currentData())
            if self.industry.text().strip()
            else "",
            employees=numbers.get("employees"),
            annual_revenue=numbers.get("annual_revenue"),
            latitude=numbers.get("latitude"),
            longitude=numbers.get("longitude"),
            notes=self.notes.toPlainText(),
        )
        # The same rules as the service (and every import), so the two never disagree; every
        # field's problem is shown at once, the form's own reading first.
        from kcdesk.services.facilities import validate_facility

        try:
            _values, found = validate_facility(None, data)
        except ValidationError as exc:
            found = exc.issues
        mine = {i.field for i in issues}
        issues.extend(i for i in found if i.field not in mine)
        return data, issues

    # -- live checks ---------------------------------------------------------------------------

    def _connect_live_checks(self) -> None:
        def check_one(field: str) -> None:
            _data, issues = self.collect()
            box = self.boxes[field]
            box.clear()
            mine = [i for i in issues if i.field == field]
            if mine:
                self.errors.show(mine)

        for field, line in (
            ("name", self.name), ("phone", self.phone), ("tax_code", self.tax_code),
            ("year_founded", self.year), ("employees", self.employees),
            ("annual_revenue", self.revenue), ("industry_code", self.industry),
            ("latitude", self.latitude), ("longitude", self.longitude),
        ):  # fmt: skip
            line.editingFinished.connect(lambda f=field: check_one(f))
            # Once a field has been marked wrong, it says so (or stops) as it is corrected.
            line.textEdited.connect(lambda _t, f=field: self.boxes[f].has_error() and check_one(f))
        self.kind.currentIndexChanged.connect(lambda _i: check_one("kind"))
        self.commune.line.editingFinished.connect(lambda: check_one("commune_code"))
        self.commune.changed.connect(lambda _c: self.boxes["commune_code"].clear())

    def _check_similar(self) -> None:
        from kcdesk.services.facilities import find_similar

        name = clean(self.name.text())
        tax = self.tax_code.text().strip()
        commune = self.commune.code()
        if not (tax or (name and commune is not None)):
            self.banner.show_matches([], self.state.lang)
            return
        self._similar_generation += 1
        generation = self._similar_generation
        self.state.tasks.call(
            find_similar,
            self.state.db,
            name=name,
            commune_code=commune,
            tax_code=tax,
            exclude_uuid=self.facility.uuid if self.facility else None,
            success=lambda found: self._similar_arrived(generation, found),
            failure=lambda exc: log.warning("find_similar failed: %s", exc),
        )

    def _similar_arrived(self, generation: int, found: list[SimilarFacility]) -> None:
        if generation == self._similar_generation:
            self._similar_confirmed = False
            self.banner.show_matches(found, self.state.lang)

    def _open_other(self, uuid: str) -> None:
        """Open the facility that may be the same one, on top of this editor (nothing typed
        here is lost)."""
        from kcdesk.services.facilities import get_facility

        try:
            other = get_facility(self.state.db, uuid)
        except Exception as exc:
            self.state.tasks.report_error(exc, self)
            return
        editor = FacilityEditor(self.state, other, self)
        editor.saved.connect(lambda row: self.state.notify(FACILITY))
        editor.exec()

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> None:
        if self._saving:
            return
        self.errors.clear()
        data, issues = self.collect()
        errors = [i for i in issues if i.severity is Severity.ERROR]
        if errors or data is None:
            self._show_issues(issues)
            return
        self._show_issues(issues)  # warnings (an old phone number converted) stay visible
        if self.banner.matches and not self._similar_confirmed:
            if not self._confirm_similar():
                return
            self._similar_confirmed = True
        self._store(data)

    def _confirm_similar(self) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Có thể trùng cơ sở"))
        box.setText(self.banner.heading.text())
        lang = self.state.lang
        box.setInformativeText(
            "\n".join(
                (m.reason_en if lang == "en" else m.reason_vi)
                for m in self.banner.matches[:SHOWN_SIMILAR]
            )
            + "\n\n"
            + self.tr("Vẫn lưu thành một cơ sở riêng?")
        )
        keep = box.addButton(self.tr("Vẫn lưu"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(self.tr("Xem lại"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.exec()
        return box.clickedButton() is keep

    def _store(self, data: FacilityInput) -> None:
        from kcdesk.services.facilities import create_facility, update_facility

        self._saving = True
        self.save_button.setEnabled(False)
        if self.facility is None:
            self.state.tasks.call(
                create_facility,
                self.state.db,
                data,
                success=self._stored,
                failure=self._store_failed,
            )
        else:
            self.state.tasks.call(
                update_facility,
                self.state.db,
                self.facility.uuid,
                data,
                success=self._stored,
                failure=self._store_failed,
            )

    def _stored(self, row: FacilityRow) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.result_row = row
        self._original = self._snapshot()
        self.saved.emit(row)
        self.state.notify(FACILITY)
        self.state.status_message.emit(self.tr("Đã lưu cơ sở “%1”.").replace("%1", row.name))
        self.accept()

    def _store_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._show_issues(exc.issues)
            return
        self.state.tasks.report_error(exc, self)

    def _show_issues(self, issues: list[Issue]) -> None:
        self.errors.lang = self.state.lang
        orphans = self.errors.show(issues)
        if orphans:
            QMessageBox.warning(self, self.tr("Chưa lưu được"), "\n".join(orphans))
        first = self.errors.first_invalid()
        if first is not None:
            first.field.setFocus()

    # -- delete, close -------------------------------------------------------------------------

    def _delete(self) -> None:
        if self.facility is None:
            return
        from kcdesk.gui.facilities.view import confirm_delete

        if confirm_delete(self, self.facility.name):
            from kcdesk.services.facilities import delete_facility

            uuid = self.facility.uuid
            self.state.tasks.call(
                delete_facility,
                self.state.db,
                uuid,
                success=lambda _r: self._was_deleted(uuid),
                failure=lambda exc: self.state.tasks.report_error(exc, self),
            )

    def _was_deleted(self, uuid: str) -> None:
        self.deleted.emit(uuid)
        self.state.notify(FACILITY)
        self._original = self._snapshot()
        self.accept()

    def reject(self) -> None:
        if self.is_dirty() and not self._confirm_discard():
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_dirty() and not self._confirm_discard():
            event.ignore()
            return
        self._original = self._snapshot()
        super().closeEvent(event)

    def _confirm_discard(self) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Bỏ thay đổi?"))
        box.setText(self.tr("Những gì vừa nhập chưa được lưu. Bỏ các thay đổi này?"))
        discard = box.addButton(self.tr("Bỏ thay đổi"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Tiếp tục sửa"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # what was typed is never lost by a stray Enter
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def keyPressEvent(self, event: Any) -> None:
        # Enter in a one-line field saves (QDialog's default button); in the notes it is a new
        # line. The commune suggestions take Enter for themselves while they are open.
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.commune.completer.popup().isVisible()
        ):
            return
        super().keyPressEvent(event)
