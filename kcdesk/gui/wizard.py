"""First-run set-up: language, role, person, area served, centre; this installation's identity.

Runs on the first start with an empty database, and again from the settings (pre-filled, same
device id, no data touched). Each field says what is wrong right under it; Next stays disabled
until the page is complete.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from kcdesk.domain.entities import Role
from kcdesk.domain.errors import ValidationError
from kcdesk.domain.validation import check_phone
from kcdesk.gui.i18n import LANGUAGES, install_language
from kcdesk.gui.icons import app_icon
from kcdesk.gui.widgets.commune_picker import CommuneChecklist, SearchPicker, load_places
from kcdesk.gui.widgets.fields import FieldBox
from kcdesk.gui.widgets.places import PlaceBook
from kcdesk.vn.text import clean

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.installation import InstallationInfo

log = logging.getLogger(__name__)


def _bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class LanguagePage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for code, name in LANGUAGES.items():
            button = QRadioButton(name)  # each language in its own words
            button.setObjectName(f"lang-{code}")
            self.group.addButton(button)
            self.buttons[code] = button
            layout.addWidget(button)
            button.toggled.connect(lambda on, c=code: on and wizard.set_language(c))
        layout.addStretch(1)
        # A collaborator enrolled by the centre starts from its set-up file instead of typing.
        self.from_file_note = QLabel()
        self.from_file_note.setWordWrap(True)
        layout.addWidget(self.from_file_note)
        self.from_file = QPushButton()
        self.from_file.setObjectName("setup-from-file")
        self.from_file.clicked.connect(wizard.choose_setup_file)
        layout.addWidget(self.from_file)

    def retranslate(self) -> None:
        self.from_file_note.setText(
            self.tr(
                "Cộng tác viên đã được Trung tâm Khuyến công đăng ký: chọn tệp thiết lập (.kcsync) "
                "Trung tâm gửi để nhận thông tin, khóa và danh mục mà không phải nhập lại."
            )
        )
        self.from_file.setText(self.tr("Bắt đầu từ &tệp thiết lập của Trung tâm…"))
        self.setTitle(self.tr("Chào mừng đến với kcdesk"))
        self.setSubTitle(self.tr("Vài bước thiết lập trước khi bắt đầu. Chọn ngôn ngữ:"))
        self.intro.setText(
            self.tr(
                "kcdesk giúp cộng tác viên và Trung tâm Khuyến công quản lý cơ sở công nghiệp "
                "nông thôn, phiếu khảo sát và đề án. Có thể đổi ngôn ngữ sau trong Cài đặt."
            )
        )


class PersonPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        layout = QVBoxLayout(self)
        self.role_label = _bold(QLabel())
        layout.addWidget(self.role_label)
        self.role_group = QButtonGroup(self)
        self.collaborator = QRadioButton()
        self.collaborator.setObjectName("role-collaborator")
        self.province = QRadioButton()
        self.province.setObjectName("role-province")
        for button in (self.collaborator, self.province):
            self.role_group.addButton(button)
            layout.addWidget(button)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("person-name")
        self.name.setMaxLength(200)
        self.name_box = FieldBox(self.name)
        self.phone = QLineEdit()
        self.phone.setObjectName("person-phone")
        self.phone.setMaxLength(20)
        self.phone_box = FieldBox(self.phone)
        self.centre = QLineEdit()
        self.centre.setObjectName("centre-name")
        self.centre.setMaxLength(300)
        self.centre_box = FieldBox(self.centre)
        self.name_label = QLabel()
        self.phone_label = QLabel()
        self.centre_label = QLabel()
        for label, box in (
            (self.name_label, self.name_box),
            (self.phone_label, self.phone_box),
            (self.centre_label, self.centre_box),
        ):
            label.setBuddy(box.field)
            form.addRow(label, box)
        layout.addLayout(form)
        layout.addStretch(1)
        for line in (self.name, self.phone, self.centre):
            line.textChanged.connect(self._changed)
        self._touched: set[str] = set()
        self.collaborator.setChecked(True)
        for button in (self.collaborator, self.province):
            button.toggled.connect(self._changed)
        self.name.editingFinished.connect(lambda: self._touch("name"))
        self.phone.editingFinished.connect(lambda: self._touch("phone"))
        self.centre.editingFinished.connect(lambda: self._touch("centre"))

    def role(self) -> Role:
        return Role.PROVINCE if self.province.isChecked() else Role.COLLABORATOR

    def retranslate(self) -> None:
        self.setTitle(self.tr("Người dùng"))
        self.setSubTitle(self.tr("Ai làm việc trên máy này, và với vai trò nào."))
        self.role_label.setText(self.tr("Vai trò"))
        self.collaborator.setText(
            self.tr("Cộng tác viên khuyến công — khảo sát cơ sở ở xã, gửi dữ liệu về tỉnh")
        )
        self.province.setText(
            self.tr("Trung tâm Khuyến công tỉnh — nhận, tổng hợp dữ liệu và lập báo cáo")
        )
        self.name_label.setText(self.tr("&Họ và tên:"))
        self.phone_label.setText(self.tr("Số điện &thoại:"))
        self.name.setPlaceholderText(self.tr("Ví dụ: Nguyễn Văn An"))
        self.phone.setPlaceholderText(self.tr("Ví dụ: 0912 345 678"))
        self._changed()

    def _touch(self, field: str) -> None:
        self._touched.add(field)
        self._changed()

    def problems(self) -> dict[str, str]:
        """Field → reason, in the interface language."""
        lang = self._wizard.lang
        found: dict[str, str] = {}
        if not clean(self.name.text()):
            found["name"] = self.tr("Hãy nhập họ và tên.")
        if clean(self.phone.text()):
            try:
                check_phone(self.phone.text())
            except ValidationError as exc:
                found["phone"] = exc.message(lang)
        if self.role() is Role.PROVINCE and not clean(self.centre.text()):
            found["centre"] = self.tr("Hãy nhập tên trung tâm.")
        return found

    def _changed(self, *_args: object) -> None:
        province = self.role() is Role.PROVINCE
        self.centre_label.setText(
            self.tr("Tên &trung tâm:") if province else self.tr("&Trung tâm phụ trách:")
        )
        self.centre.setPlaceholderText(
            self.tr("Ví dụ: Trung tâm Khuyến công Hải Phòng")
            if province
            else self.tr("Không bắt buộc")
        )
        problems = self.problems()
        for field, box in (
            ("name", self.name_box),
            ("phone", self.phone_box),
            ("centre", self.centre_box),
        ):
            # Say nothing about a field the person has not reached yet.
            if field in problems and field in self._touched:
                box.show_error(problems[field])
            else:
                box.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.problems()


class AreaPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._book: PlaceBook | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.province = SearchPicker()
        self.province.line.setObjectName("province")
        self.province_label = QLabel()
        self.province_label.setBuddy(self.province.line)
        self.province_box = FieldBox(self.province)
        form.addRow(self.province_label, self.province_box)
        layout.addLayout(form)
        self.communes_label = _bold(QLabel())
        layout.addWidget(self.communes_label)
        self.communes = CommuneChecklist()
        self.communes_box = FieldBox(self.communes)
        layout.addWidget(self.communes_box, 1)
        self.loading = QLabel()
        layout.addWidget(self.loading)
        self.province.changed.connect(self._province_changed)
        self.communes.changed.connect(self._changed)
        load_places(wizard.state, self._loaded)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Địa bàn phụ trách"))
        self.setSubTitle(
            self.tr("Theo danh mục 34 tỉnh, thành và 3.321 xã, phường từ ngày 01/7/2025.")
        )
        self.province_label.setText(self.tr("&Tỉnh, thành phố:"))
        self.province.line.setPlaceholderText(self.tr("Gõ tên tỉnh, thành phố (không cần dấu)…"))
        self.loading.setText("" if self._book else self.tr("Đang tải danh mục…"))
        self.communes.retranslate()
        self._changed()

    def _loaded(self, book: PlaceBook) -> None:
        self._book = book
        self.loading.setText("")
        self.province.set_items(book.provinces)
        self.communes.set_book(book)
        existing = self._wizard.existing
        if existing is not None and existing.province_code is not None:
            self.set_province(existing.province_code)
            self.communes.set_chosen(existing.commune_codes)
        self._changed()

    def set_province(self, code: int | None) -> None:
        self.province.set_code(code)
        self._province_changed(code)

    def province_code(self) -> int | None:
        return self.province.code()

    def _province_changed(self, _code: object) -> None:
        self.communes.set_province(self.province_code())
        self._changed()

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self._book is None:
            found["loading"] = ""
            return found
        if self.province_code() is None:
            found["province"] = self.tr("Hãy chọn tỉnh, thành phố.")
        elif self._wizard.person.role() is Role.COLLABORATOR and not self.communes.chosen():
            found["communes"] = self.tr("Cộng tác viên cần chọn ít nhất một xã, phường phụ trách.")
        return found

    def _changed(self, *_args: object) -> None:
        province = self._wizard.person.role() is Role.PROVINCE
        self.communes_label.setText(
            self.tr("Xã, phường phụ trách (để trống nếu phụ trách cả tỉnh):")
            if province
            else self.tr("Xã, phường phụ trách:")
        )
        problems = self.problems()
        if "province" in problems and self.province.has_unmatched_text():
            self.province_box.show_error(problems["province"])
        else:
            self.province_box.clear()
        if "communes" in problems and self.province_code() is not None:
            self.communes_box.show_warning(problems["communes"])
        else:
            self.communes_box.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.problems()


class SummaryPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Xác nhận"))
        self.setSubTitle(self.tr("Kiểm tra lại rồi bấm Hoàn tất."))
        self.note.setText(
            self.tr("Dữ liệu đã nhập không bị ảnh hưởng khi chạy lại bước thiết lập này.")
            if self._wizard.existing is not None
            else self.tr("Có thể đổi các thông tin này sau, trong Công cụ → Cài đặt.")
        )
        self.initializePage()

    def initializePage(self) -> None:
        w = self._wizard
        book = w.area._book
        codes = w.area.communes.chosen()
        names = [book.by_code[c].name for c in codes if c in book.by_code] if book else []
        rows = [
            (self.tr("Ngôn ngữ"), LANGUAGES[w.lang]),
            (self.tr("Vai trò"), w.state.label(w.person.role())),
            (self.tr("Họ và tên"), clean(w.person.name.text())),
            (self.tr("Số điện thoại"), clean(w.person.phone.text()) or "—"),
            (self.tr("Trung tâm"), clean(w.person.centre.text()) or "—"),
            (self.tr("Tỉnh, thành phố"), w.area.province.line.text() or "—"),
            (self.tr("Xã, phường"), ", ".join(names) or self.tr("Cả tỉnh")),
        ]
        self.summary.setText(
            "<table>"
            + "".join(
                f"<tr><td style='padding:2px 12px 2px 0'>{k}</td><td><b>{v}</b></td></tr>"
                for k, v in rows
            )
            + "</table>"
        )

    def validatePage(self) -> bool:
        return self._wizard.save()


class SetupWizard(QWizard):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from kcdesk.services.installation import get_installation

        self.state = state
        self.setObjectName("setup-wizard")
        self.setWindowIcon(app_icon())
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.existing: InstallationInfo | None = get_installation(state.db)
        self.lang = self.existing.language if self.existing else state.lang
        self.lang = self.lang if self.lang in LANGUAGES else state.lang
        self.saved: InstallationInfo | None = None
        self.language = LanguagePage(self)
        self.person = PersonPage(self)
        self.area = AreaPage(self)
        self.summary = SummaryPage(self)
        for page in (self.language, self.person, self.area, self.summary):
            self.addPage(page)
        self.person.role_group.buttonToggled.connect(lambda *_: self.area._changed())
        self._prefill()
        self.language.buttons[self.lang].setChecked(True)
        self.resize(640, 520)
        self.retranslate()

    def _prefill(self) -> None:
        info = self.existing
        if info is None:
            return
        button = self.person.province if info.role is Role.PROVINCE else self.person.collaborator
        button.setChecked(True)
        self.person.name.setText(info.person_name)
        self.person.phone.setText(info.phone)
        self.person.centre.setText(info.centre_name)

    def set_language(self, lang: str) -> None:
        """Switch the wizard (and the app) at once, so the person reads the rest in it."""
        if lang == self.lang and self.state.lang == lang:
            return
        self.lang = lang
        install_language(lang)
        self.state.lang = lang
        self.retranslate()  # now, not when Qt's LanguageChange event comes round

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("Thiết lập kcdesk") if self.existing is None else self.tr("Chạy lại thiết lập")
        )
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Quay lại"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Tiếp >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Hoàn tất"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Hủy"))
        for page in (self.language, self.person, self.area, self.summary):
            page.retranslate()

    def choose_setup_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp thiết lập của Trung tâm"), "",
            self.tr("Tệp thiết lập kcdesk (*.kcsync);;Mọi tệp (*)"),
        )  # fmt: skip
        if path:
            self.enrol_from_file(Path(path))

    def enrol_from_file(self, path: Path) -> bool:
        """Take the centre's set-up file (identity, keys, reference data) and finish."""
        from kcdesk.domain.errors import KcError
        from kcdesk.services.installation import get_installation
        from kcdesk.services.sync import enrol

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            enrol(self.state.db, path)
        except KcError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(
                self, self.tr("Không dùng được tệp thiết lập"), exc.message(self.lang)
            )
            return False
        except Exception as exc:
            QApplication.restoreOverrideCursor()
            from kcdesk.gui.errors import show_error

            show_error(self, exc, self.lang)
            return False
        QApplication.restoreOverrideCursor()
        self.saved = get_installation(self.state.db)
        self.accept()
        return True

    def save(self) -> bool:
        """Create or update the identity through the installation service."""
        from kcdesk.services.installation import init_installation

        try:
            self.saved = init_installation(
                self.state.db,
                role=self.person.role(),
                person_name=self.person.name.text(),
                phone=self.person.phone.text(),
                centre_name=self.person.centre.text(),
                province=self.area.province_code(),
                communes=list(self.area.communes.chosen()),
                language=self.lang,
            )
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("Chưa lưu được"), exc.message(self.lang))
            return False
        except Exception as exc:
            from kcdesk.gui.errors import show_error

            show_error(self, exc, self.lang)
            return False
        return True


def run_setup_wizard(state: AppState, parent: QWidget | None) -> bool:
    """Show the wizard; True when the identity was saved. The language chosen is kept."""
    before = state.lang
    wizard = SetupWizard(state, parent)
    accepted = wizard.exec() == QWizard.DialogCode.Accepted and wizard.saved is not None
    chosen = wizard.lang if accepted else before
    # The wizard switched translators live; make the state (and the window) follow.
    state.lang = before
    if chosen != before or not accepted:
        install_language(chosen)
    state.set_language(chosen)
    if accepted:
        state.notify("installation")
    return accepted
