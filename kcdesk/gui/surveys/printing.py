"""Print/Export PDF from the surveys area: a file chosen, the work off the GUI thread with
progress and Cancel, then "Open" of the result."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState


def safe_file_name(name: str) -> str:
    """A file name Windows accepts, Vietnamese letters kept."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " ", name).strip(" .")
    return (cleaned or "phieu")[:120]


def choose_pdf(parent: QWidget, suggested: str) -> Path | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("SurveyPrint", "Lưu tệp PDF"),
        str(Path(folder) / f"{safe_file_name(suggested)}.pdf"),
        QCoreApplication.translate("SurveyPrint", "Tệp PDF (*.pdf)"),
    )
    if not path:
        return None
    out = Path(path)
    return out if out.suffix.lower() == ".pdf" else out.with_name(out.name + ".pdf")


def offer_open(parent: QWidget, path: Path, pages: int) -> None:
    """Say where the PDF is, with a button that opens it in the default viewer."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("SurveyPrint", "Đã xuất PDF"))
    box.setText(
        QCoreApplication.translate("SurveyPrint", "Đã ghi %1 (%2 trang).")
        .replace("%1", str(path))
        .replace("%2", str(pages))
    )
    open_button = box.addButton(
        QCoreApplication.translate("SurveyPrint", "Mở"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(
        QCoreApplication.translate("SurveyPrint", "Đóng"), QMessageBox.ButtonRole.RejectRole
    )
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def run_print(
    state: AppState,
    parent: QWidget,
    title: str,
    work: Callable[[Callable[[int, int], None], Callable[[], bool]], Any],
    done: Callable[[Any], None] | None = None,
) -> None:
    """Run ``work(progress, cancelled)`` on a worker thread with a progress dialog, then offer
    to open the file (``work`` returns a ``PrintResult``)."""
    from kcdesk.gui.tasks import Cancelled
    from kcdesk.io.pdf.survey_common import PrintCancelled

    def task(progress: Any, cancelled: Any) -> Any:
        def report(n: int, total: int) -> None:
            progress(
                n,
                total,
                QCoreApplication.translate("SurveyPrint", "Đã in %1/%2 phiếu")
                .replace("%1", str(n))
                .replace("%2", str(total)),
            )

        try:
            return work(report, cancelled)
        except PrintCancelled as exc:
            raise Cancelled() from exc

    def success(result: Any) -> None:
        if done is not None:
            done(result)
        offer_open(parent, result.path, result.pages)

    state.tasks.run(
        task,
        success=success,
        title=title,
        parent=parent,
        cancelled=lambda: state.status_message.emit(
            QCoreApplication.translate("SurveyPrint", "Đã hủy in.")
        ),
    )
