"""Telling a person what went wrong and what to do: never a traceback.

Errors kcdesk foresees are :class:`KcError` and carry their own Vietnamese and English text. The
rest (a bug, a full disk, a file taken away) get a plain explanation; the technical details go
to the log file, whose place the dialog names so that support can ask for it.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from kcdesk.domain.errors import DatabaseError, KcError, ValidationError
from kcdesk.gui.i18n import current_language

log = logging.getLogger(__name__)

LOG_FILE_NAME = "kcdesk.log"


translate = QCoreApplication.translate


def log_path() -> Path:
    from kcdesk.config import data_dir

    return data_dir() / "logs" / LOG_FILE_NAME


@dataclass(frozen=True)
class Explanation:
    title: str
    text: str  # what happened
    advice: str = ""  # what to do
    kind: str = "error"  # error | warning | database-corrupt | database-newer | database-locked


def database_problem(exc: BaseException) -> str:
    """Sort a failure to open the database: corrupt | newer | locked | foreign | other."""
    kind = getattr(exc, "kind", None)
    if isinstance(kind, str) and kind:
        return kind
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 5:
        chain.append(current)
        current = current.__cause__ or current.__context__
    texts = " ".join(str(e).lower() for e in chain)
    en = exc.message_en.lower() if isinstance(exc, KcError) else ""
    if "newer" in en or "newer" in texts:
        return "newer"
    if "locked" in texts or "busy" in texts or "another copy" in texts:
        return "locked"
    if "not a kcdesk" in en or "không phải của kcdesk" in texts:
        return "foreign"
    if any(
        word in texts
        for word in ("malformed", "not a database", "damaged", "corrupt", "hỏng", "disk image")
    ):
        return "corrupt"
    return "other"


def explain(exc: BaseException, lang: str | None = None) -> Explanation:
    lang = lang or current_language()
    if isinstance(exc, ValidationError):
        return Explanation(
            translate("Errors", "Dữ liệu chưa hợp lệ"), exc.message(lang), kind="warning"
        )
    if isinstance(exc, DatabaseError):
        problem = database_problem(exc)
        advice = {
            "corrupt": translate(
                "Errors",
                "Hãy khôi phục một bản sao lưu: bấm “Khôi phục bản sao lưu…”, chọn bản gần nhất.",
            ),
            "newer": translate(
                "Errors", "Hãy cài phiên bản kcdesk mới nhất rồi mở lại. Dữ liệu vẫn nguyên vẹn."
            ),
            "locked": translate(
                "Errors",
                "Hãy đóng cửa sổ kcdesk còn lại (hoặc chương trình đang mở tệp) rồi thử lại.",
            ),
        }.get(problem, "")
        return Explanation(
            translate("Errors", "Không mở được cơ sở dữ liệu"),
            exc.message(lang),
            advice,
            f"database-{problem}",
        )
    if isinstance(exc, KcError):
        return Explanation(translate("Errors", "Không thực hiện được"), exc.message(lang))
    if isinstance(exc, sqlite3.OperationalError) or type(exc).__name__ == "OperationalError":
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return Explanation(
                translate("Errors", "Cơ sở dữ liệu đang bận"),
                translate(
                    "Errors",
                    "Một chương trình khác đang ghi vào cơ sở dữ liệu nên việc này chưa làm được.",
                ),
                translate(
                    "Errors",
                    "Hãy chờ một lát rồi thử lại; nếu còn lỗi, đóng các cửa sổ kcdesk khác.",
                ),
                "database-locked",
            )
        if "disk is full" in text or "disk full" in text:
            return Explanation(
                translate("Errors", "Ổ đĩa đã đầy"),
                translate(
                    "Errors", "Không còn chỗ trống để ghi dữ liệu; những gì vừa nhập chưa được lưu."
                ),
                translate("Errors", "Hãy giải phóng dung lượng ổ đĩa rồi thử lại."),
            )
    if isinstance(exc, PermissionError):
        return Explanation(
            translate("Errors", "Không có quyền truy cập tệp"),
            translate("Errors", "Windows không cho phép đọc hoặc ghi tệp “%1”.").replace(
                "%1", str(exc.filename or "")
            ),
            translate(
                "Errors",
                "Hãy đóng chương trình đang mở tệp đó (ví dụ Excel) hoặc chọn thư mục khác.",
            ),
        )
    if isinstance(exc, FileNotFoundError):
        return Explanation(
            translate("Errors", "Không tìm thấy tệp"),
            translate("Errors", "Tệp “%1” không còn ở đó.").replace("%1", str(exc.filename or "")),
            translate("Errors", "Hãy kiểm tra lại đường dẫn, ổ USB hoặc chọn tệp khác."),
        )
    if isinstance(exc, OSError):
        return Explanation(
            translate("Errors", "Lỗi đọc ghi tệp"),
            translate("Errors", "Không đọc hoặc ghi được tệp: %1").replace(
                "%1", exc.strerror or str(exc)
            ),
            translate("Errors", "Hãy kiểm tra ổ đĩa hoặc ổ USB rồi thử lại."),
        )
    return Explanation(
        translate("Errors", "Đã xảy ra lỗi không mong muốn"),
        translate(
            "Errors", "kcdesk gặp một lỗi chưa lường trước; công việc vừa rồi chưa hoàn thành."
        ),
        translate("Errors", "Chi tiết kỹ thuật đã được ghi vào tệp nhật ký: %1").replace(
            "%1", str(log_path())
        ),
    )


def show_error(parent: QWidget | None, exc: BaseException, lang: str | None = None) -> None:
    """A message box for ``exc``; unexpected errors are logged with their traceback first."""
    if not isinstance(exc, KcError):
        log.error("unexpected error", exc_info=exc)
    info = explain(exc, lang)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if info.kind == "warning" else QMessageBox.Icon.Critical)
    box.setWindowTitle(info.title)
    box.setText(info.text)
    if info.advice:
        box.setInformativeText(info.advice)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
