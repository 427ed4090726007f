"""Dialogs of the Đồng bộ page: what an import will do, and the set-up file for a collaborator."""

from __future__ import annotations

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
