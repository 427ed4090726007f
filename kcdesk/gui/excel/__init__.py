"""Excel in the window: import facilities from a spreadsheet, export lists.

For menus and pages::

    from kcdesk.gui.excel import open_import_dialog, open_export_dialog
    open_import_dialog(state, parent)                 # Tệp › Nhập cơ sở từ Excel…
    open_export_dialog(state, "surveys", parent)      # Tệp › Xuất ra Excel…
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

    from kcdesk.gui.excel.export_dialog import ExportDialog
    from kcdesk.gui.excel.import_dialog import ImportDialog
    from kcdesk.gui.state import AppState


def open_import_dialog(
    state: AppState, parent: QWidget | None = None, path: Path | None = None
) -> ImportDialog:
    """Show the import dialog (not modal: the window stays usable); returns it."""
    from kcdesk.gui.excel.import_dialog import ImportDialog

    dialog = ImportDialog(state, parent, path)
    dialog.setModal(False)
    dialog.show()
    return dialog


def open_export_dialog(
    state: AppState, what: str = "facilities", parent: QWidget | None = None
) -> ExportDialog:
    from kcdesk.gui.excel.export_dialog import ExportDialog

    dialog = ExportDialog(state, what, parent)
    dialog.setModal(False)
    dialog.show()
    return dialog
