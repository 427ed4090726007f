"""Dialogs of the Đồng bộ page: what an import will do, the set-up file for a collaborator, and
the passphrase of a key-transfer file."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.sync import ImportOutcome

KIND_LABELS = {
    "facility": ("cơ sở", "facilities"),
    "survey": ("phiếu khảo sát", "surveys"),
    "proposal": ("đề án", "proposals"),
    "attachment": ("tệp đính kèm", "attachments"),
}


def kind_label(kind: str, lang: str) -> str:
    vi, en = KIND_LABELS.get(kind, (kind, kind))
    return en if lang == "en" else vi


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ImportPreviewDialog(QDialog):
    """Per file: who sent it (with the fingerprint), and what importing it will do — or why it
    will be refused. Nothing has been written when it shows."""

    def __init__(
        self, state: AppState, outcomes: list[ImportOutcome], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.outcomes = outcomes
        self.setWindowTitle(self.tr("Xem trước khi nhập gói"))
        self.resize(760, 520)
        box = QVBoxLayout(self)
        self.text = QTextBrowser(self)
        self.text.setObjectName("preview-text")
        self.text.setHtml(self._html())
        box.addWidget(self.text, 1)
        unknown = [o for o in outcomes if o.code == "unknown_device"]
        self.trust = QCheckBox(
            self.tr("Tôi đã gọi điện cho người gửi và vân tay khớp: chấp nhận thiết bị mới này"),
            self,
        )
        self.trust.setObjectName("trust-new-device")
        self.trust.setVisible(bool(unknown))
        box.addWidget(self.trust)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton(
            self.tr("Nhập"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("do-import")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        ready = any(o.ok and o.result and o.result.status == "preview" for o in outcomes)
        self.import_button.setEnabled(ready)
        self.trust.toggled.connect(lambda on: self.import_button.setEnabled(ready or on))

    def _html(self) -> str:
        lang = self.state.lang
        parts = []
        for o in self.outcomes:
            name = _escape(o.file.replace("\\", "/").rsplit("/", 1)[-1])
            if not o.ok or o.result is None:
                reason = o.error_en if lang == "en" else o.error_vi
                parts.append(f"<p><b>{name}</b>: <span style='color:#a00'>"
                             f"{_escape(reason)}</span></p>")  # fmt: skip
                continue
            r = o.result
            if r.status == "duplicate":
                parts.append(
                    f"<p><b>{name}</b>: "
                    + _escape(self.tr("đã nhập trước đây; nhập lại không thay đổi gì."))
                    + "</p>"
                )
                continue
            head = (
                self.tr("Gói của %1, vân tay %2")
                .replace("%1", r.sender_name)
                .replace("%2", r.sender_fingerprint)
            )
            rows = []
            for kind, c in r.counts.items():
                rows.append(
                    self.tr("%1: thêm %2, cập nhật %3, đã có %4, xung đột %5")
                    .replace("%1", kind_label(kind, lang))
                    .replace("%2", str(c["inserted"]))
                    .replace("%3", str(c["updated"]))
                    .replace("%4", str(c["skipped"]))
                    .replace("%5", str(c["conflicts"]))
                )
            if not rows:
                rows.append(self.tr("không có bản ghi mới"))
            if r.receipts:
                rows.append(self.tr("%1 biên nhận cho gói đã gửi").replace("%1", str(r.receipts)))
            if r.conflicts:
                rows.append(
                    self.tr("Sẽ giữ cả hai phiên bản để xem xét: %1").replace(
                        "%1", ", ".join(c.label for c in r.conflicts[:10])
                    )
                )
            items = "".join(f"<li>{_escape(t)}</li>" for t in rows)
            parts.append(f"<p><b>{name}</b>: {_escape(head)}</p><ul>{items}</ul>")
        return "".join(parts)


class SetupFileDialog(QDialog):
    """(Centre) the collaborator a set-up file is for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tạo tệp thiết lập cho cộng tác viên"))
        form = QFormLayout(self)
        self.person = QLineEdit(self)
        self.person.setObjectName("setup-person")
        self.phone = QLineEdit(self)
        self.phone.setObjectName("setup-phone")
        self.communes = QLineEdit(self)
        self.communes.setObjectName("setup-communes")
        self.communes.setPlaceholderText(self.tr("mã hoặc tên xã/phường, cách nhau bằng dấu ;"))
        form.addRow(self.tr("Họ tên cộng tác viên"), self.person)
        form.addRow(self.tr("Điện thoại"), self.phone)
        form.addRow(self.tr("Xã/phường phụ trách"), self.communes)
        note = QLabel(
            self.tr(
                "Tệp thiết lập như một mật khẩu: chỉ trao tận tay hoặc gửi riêng cho người đó."
            ),
            self,
        )
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def commune_list(self) -> list[str]:
        return [p.strip() for p in self.communes.text().replace(",", ";").split(";") if p.strip()]


class KeyPassphraseDialog(QDialog):
    """The passphrase of a key-transfer file, masked: chosen and typed twice to export the keys,
    typed once (with whose keys they are and their fingerprint) to import them."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        confirm: bool,
        owner: str = "",
        fingerprint: str = "",
        minimum: int = 12,
    ) -> None:
        super().__init__(parent)
        self.confirm = confirm
        self.minimum = minimum
        self.setWindowTitle(
            self.tr("Xuất khoá sang máy khác") if confirm else self.tr("Nhận khoá từ máy khác")
        )
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        if confirm:
            text = self.tr(
                "Tệp khoá chứa khoá riêng của máy cài đặt này, để một máy tính khác dùng chung "
                "cơ sở dữ liệu trên máy chủ đồng bộ được với cùng vân tay. Đặt một mật khẩu "
                "(ít nhất %1 ký tự) để bảo vệ tệp; máy nhận sẽ hỏi mật khẩu này. Hãy chuyển tệp "
                "và báo mật khẩu theo hai đường khác nhau, và xoá tệp khi đã nhận xong."
            ).replace("%1", str(minimum))
        else:
            text = (
                self.tr(
                    "Tệp khoá của %1 — vân tay %2. Hãy đối chiếu vân tay với máy đã xuất tệp, "
                    "rồi nhập mật khẩu đã đặt khi xuất."
                )
                .replace("%1", owner)
                .replace("%2", fingerprint.replace(" ", "\u00a0"))  # never cut across lines
            )
        note = QLabel(text, self)
        note.setObjectName("passphrase-note")
        note.setWordWrap(True)
        form.addRow(note)
        self.first = QLineEdit(self)
        self.first.setObjectName("passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Mật khẩu"), self.first)
        self.second = QLineEdit(self)
        self.second.setObjectName("passphrase-again")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        if confirm:
            form.addRow(self.tr("Nhập lại mật khẩu"), self.second)
        else:
            self.second.hide()
        self.show_text = QCheckBox(self.tr("Hiện mật khẩu"), self)
        self.show_text.setObjectName("show-passphrase")
        self.show_text.toggled.connect(self._show)
        form.addRow(self.show_text)
        self.problem = QLabel(self)
        self.problem.setObjectName("passphrase-problem")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("passphrase-ok")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.first.textChanged.connect(self._check)
        self.second.textChanged.connect(self._check)
        self._check()

    def passphrase(self) -> str:
        return self.first.text()

    def _show(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def _check(self) -> None:
        text = self.first.text()
        problem = ""
        if self.confirm:
            if len(unicodedata.normalize("NFC", text).strip()) < self.minimum:
                problem = self.tr("Mật khẩu cần ít nhất %1 ký tự.").replace("%1", str(self.minimum))
            elif unicodedata.normalize("NFC", self.second.text()) != unicodedata.normalize(
                "NFC", text
            ):
                problem = self.tr("Hai lần nhập chưa khớp.")
        self.problem.setText(problem)
        self.ok_button.setEnabled(not problem and bool(text.strip()))
