"""The import dialog (file, mapping, preview, write) and the export dialog, as a person uses them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from kcdesk.gui.excel.import_dialog import PAGE_DONE, PAGE_MAPPING, PAGE_PREVIEW, ImportDialog
from kcdesk.gui.excel.preview_model import ACTION_COLUMN
from kcdesk.storage.models import Facility


def _count(db: Any) -> int:
    with db.unit_of_work() as uow:
        return int(uow.session.execute(select(func.count(Facility.id))).scalar_one())


def _idle(qtbot: Any, dialog: Any) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)


def _sample(samples_dir: Path, tmp_path: Path, variant: str = "tcvn3") -> Path:
    name = f"co-so-tien-lang-{variant}.xlsx"
    shutil.copyfile(samples_dir / "excel" / name, tmp_path / name)
    return tmp_path / name


def test_import_the_sample_through_the_dialog(
    qtbot: Any, app_state: Any, samples_dir: Path, tmp_path: Path
) -> None:
    path = _sample(samples_dir, tmp_path)
    dialog = ImportDialog(app_state, None, path)
    qtbot.addWidget(dialog)
    _idle(qtbot, dialog)
    assert dialog.sheet_combo.currentData() == "DS CNNT 2024"
    dialog.go_next()
    _idle(qtbot, dialog)
    assert dialog.pages.currentIndex() == PAGE_MAPPING
    assert "dòng tiêu đề 5" in dialog.mapping_info.text()
    assert dialog.mapping_table.rowCount() == 13
    assert "Thuộc làng nghề" in dialog.mapping_table.item(12, 2).text()
    dialog.go_next()
    assert dialog.pages.currentIndex() == PAGE_PREVIEW
    summary = dialog.summary.text()
    assert "Đã đọc 60 dòng: 55 mới, 2 trùng, 3 lỗi" in summary
    assert "TCVN3" in dialog.notes.text()
    dialog.filter_combo.setCurrentIndex(dialog.filter_combo.findData("invalid"))
    assert dialog.proxy.rowCount() == 3
    rows = [dialog.proxy.index(i, 0).data() for i in range(3)]
    assert rows == [21, 37, 55]
    assert "sai số kiểm tra" in dialog.proxy.index(0, 8).data()
    report = tmp_path / "báo cáo.xlsx"
    dialog.report_edit.setText(str(report))
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, qtbot_button())
    _idle(qtbot, dialog)
    assert dialog.pages.currentIndex() == PAGE_DONE
    assert "Đã thêm 55 cơ sở" in dialog.done_label.text()
    assert _count(app_state.db) == 55 and report.exists()


def qtbot_button() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_mapping_change_and_duplicate_actions(qtbot: Any, app_state: Any, tmp_path: Path) -> None:
    from kcdesk.services.facilities import FacilityInput, create_facility

    create_facility(app_state.db, FacilityInput(name="HTX gốm Chu Đậu", kind="htx",
                                                tax_code="0100233488"))  # fmt: skip
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên", "Cột lạ", "MST"])
    ws.append(["HTX gốm Chu Đậu", "0912345678", "0100233488"])
    ws.append(["Cơ sở mây tre Phú Vinh", "0987654321", ""])
    path = tmp_path / "ds.xlsx"
    wb.save(path)
    dialog = ImportDialog(app_state, None, path)
    qtbot.addWidget(dialog)
    _idle(qtbot, dialog)
    dialog.go_next()
    _idle(qtbot, dialog)
    assert dialog.chosen_mapping()[0] == {1: "name", 2: None, 3: "tax_code"}
    dialog.set_field("B", "phone")
    dialog.go_next()
    _idle(qtbot, dialog)
    assert dialog.pages.currentIndex() == PAGE_PREVIEW
    assert dialog.preview is not None and dialog.preview.mapping_source == "chosen"
    model = dialog.model
    assert [r.status for r in model.rows] == ["matched", "new"]
    assert model.data(model.index(0, ACTION_COLUMN)) == "Bỏ qua"
    dialog.set_all_matched("update")
    assert model.actions[2] == "update"
    assert "cập nhật 1" in dialog.summary.text()
    dialog.report_check.setChecked(False)
    dialog.write()
    _idle(qtbot, dialog)
    assert dialog.result is not None
    assert (dialog.result.created, dialog.result.updated) == (1, 1)
    assert dialog.result.report_path is None


def test_bad_file_is_explained_inline(qtbot: Any, app_state: Any, tmp_path: Path) -> None:
    xls = tmp_path / "cu.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    dialog = ImportDialog(app_state, None, xls)
    qtbot.addWidget(dialog)
    _idle(qtbot, dialog)
    assert not dialog.error.isHidden()
    assert ".xlsx" in dialog.error.text() and "Lưu thành" in dialog.error.text()
    assert not dialog.next_button.isEnabled()


def test_export_dialog(qtbot: Any, app_state: Any, tmp_path: Path) -> None:
    from kcdesk.gui.excel.export_dialog import ExportDialog
    from kcdesk.services.demo import fill_demo

    fill_demo(app_state.db, facilities=15, surveys=8, proposals=3, seed=2)
    dialog = ExportDialog(app_state, "surveys")
    qtbot.addWidget(dialog)
    assert dialog.dates_row.isEnabled() and not dialog.kind_combo.isEnabled()
    out = tmp_path / "phiếu.xlsx"
    dialog.out_edit.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.export()
    assert out.exists() and dialog.result is not None and dialog.result.rows == 8
    assert "Đã xuất 8 dòng" in dialog.message.text()
    dialog.what_combo.setCurrentIndex(dialog.what_combo.findData("facilities"))
    assert dialog.kind_combo.isEnabled() and not dialog.dates_row.isEnabled()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("htx"))
    dialog.out_edit.setText(str(tmp_path / "htx.xlsx"))
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.export()
    wb = openpyxl.load_workbook(tmp_path / "htx.xlsx")
    kinds = {r[2] for r in wb["Cơ sở"].iter_rows(min_row=2, values_only=True)}
    assert kinds <= {"Hợp tác xã"}


@pytest.mark.parametrize("what", ["facilities", "proposals"])
def test_export_dialog_defaults(qtbot: Any, app_state: Any, what: str) -> None:
    from kcdesk.gui.excel.export_dialog import ExportDialog

    dialog = ExportDialog(app_state, what)
    qtbot.addWidget(dialog)
    assert dialog.out_edit.text().endswith(".xlsx")
    assert dialog.what_combo.currentData() == what


def test_dialogs_speak_english_when_asked(qtbot: Any, app_state: Any) -> None:
    from kcdesk.gui.excel.export_dialog import ExportDialog
    from kcdesk.gui.i18n import install_language
    from kcdesk.gui.reports.view import ReportsView

    install_language("en")
    try:
        importer = ImportDialog(app_state)
        exporter = ExportDialog(app_state)
        reports = ReportsView(app_state)
        for w in (importer, exporter, reports):
            qtbot.addWidget(w)
        assert importer.windowTitle() == "Import facilities from Excel"
        assert exporter.windowTitle() == "Export to Excel"
        assert reports.export_button.text() == "Export to Excel…"
        qtbot.waitUntil(lambda: not reports.loading, timeout=30000)
    finally:
        install_language("vi")
