"""The Đồng bộ page as people use it (offscreen): fingerprints, export, import by drag-and-drop
with a preview first, history, and the side-by-side conflict review."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QMessageBox

Db = Any


def _state(db: Db, tmp_path: Path, name: str) -> Any:
    from kcdesk.gui.state import AppState

    return AppState(db, settings=QSettings(str(tmp_path / f"{name}.ini"),
                                           QSettings.Format.IniFormat))  # fmt: skip


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name,
                            lambda _p, _t, text, *a, **k: texts.append(text) or 0)  # fmt: skip
    return texts


@pytest.fixture
def centre_db(template_db: Path, tmp_path: Path) -> Any:
    from kcdesk.config import sqlite_url
    from kcdesk.services.context import open_database
    from kcdesk.services.installation import init_installation

    path = tmp_path / "tinh.sqlite3"
    shutil.copyfile(template_db, path)
    db = open_database(sqlite_url(path))
    init_installation(db, role="province", person_name="Lê Thị Thu", province=31,
                      centre_name="Trung tâm Khuyến công Hải Phòng")  # fmt: skip
    yield db
    db.close()


@pytest.fixture
def enrolled(db: Db, centre_db: Any, tmp_path: Path) -> Db:
    from kcdesk.services.sync import create_setup_file, enrol

    setup = tmp_path / "thiet-lap.kcsync"
    create_setup_file(centre_db, setup, person_name="Nguyễn Văn An", communes=[11755])
    enrol(db, setup)
    return db


def _view(state: Any, qtbot: Any) -> Any:
    from kcdesk.gui.sync.view import SyncView

    view = SyncView(state)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    return view


def _drop(view: Any, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    view.dropEvent(event)


def test_a_laptop_not_yet_enrolled_shows_its_fingerprint_and_what_to_do(
    db: Db, tmp_path: Path, qtbot: Any
) -> None:
    from kcdesk.services.sync import identity

    view = _view(_state(db, tmp_path, "an"), qtbot)
    fingerprint = identity(db).fingerprint
    assert fingerprint in view.fingerprint_label.text()
    assert "Chưa kết nối" in view.partner_label.text()
    assert not view.export_button.isEnabled() and view.import_button.isEnabled()


def test_export_then_drop_on_the_centre_with_a_preview_first(
    enrolled: Db, centre_db: Any, tmp_path: Path, qtbot: Any, said: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from kcdesk.gui.sync.dialogs import ImportPreviewDialog
    from kcdesk.services.facilities import create_facility, list_facilities

    create_facility(enrolled, {"name": "HTX chiếu cói Lật Dương", "kind": "htx",
                               "commune_code": 11755})  # fmt: skip
    laptop = _view(_state(enrolled, tmp_path, "an"), qtbot)
    assert "Trung tâm Khuyến công Hải Phòng" in laptop.partner_label.text()
    package = tmp_path / "gói của An.kcsync"
    laptop.export_to(package, to=None)
    qtbot.waitUntil(lambda: package.exists() and laptop.history.rowCount() == 1, timeout=20000)
    assert laptop.history.item(0, 1).text() == "gửi đi"
    assert "1 cơ sở" in laptop.history.item(0, 3).text()

    previews: list[str] = []

    def accept(dialog: ImportPreviewDialog) -> int:
        previews.append(dialog.text.toPlainText())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportPreviewDialog, "exec", accept)
    centre = _view(_state(centre_db, tmp_path, "tinh"), qtbot)
    _drop(centre, [package])
    qtbot.waitUntil(lambda: centre.history.rowCount() == 1, timeout=20000)
    assert "Nguyễn Văn An" in previews[0] and "cơ sở: thêm 1" in previews[0]
    assert [f.name for f in list_facilities(centre_db)] == ["HTX chiếu cói Lật Dương"]
    assert centre.history.item(0, 1).text() == "nhận về"
    assert centre.devices.rowCount() == 1 and centre.devices.item(0, 1).text() == "Nguyễn Văn An"


def test_a_damaged_file_is_explained_in_the_preview_and_cannot_be_imported(
    enrolled: Db, centre_db: Any, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kcdesk.gui.sync.dialogs import ImportPreviewDialog

    bad = tmp_path / "hỏng.kcsync"
    bad.write_bytes(b"")
    seen: list[ImportPreviewDialog] = []

    def look(dialog: ImportPreviewDialog) -> int:
        seen.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ImportPreviewDialog, "exec", look)
    view = _view(_state(centre_db, tmp_path, "tinh"), qtbot)
    view.preview([bad])
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    assert "tệp trống" in seen[0].text.toPlainText()
    assert not seen[0].import_button.isEnabled()


def test_conflict_review_side_by_side_pick_fields_and_save(
    enrolled: Db, centre_db: Any, tmp_path: Path, qtbot: Any, said: list[str]
) -> None:
    from kcdesk.gui.sync.conflict_dialog import ConflictDialog
    from kcdesk.services.facilities import create_facility, get_facility, update_facility
    from kcdesk.services.sync import (
        conflict_detail,
        export_package,
        import_package,
        list_conflicts,
    )

    uuid = create_facility(enrolled, {"name": "Cơ sở mây tre", "kind": "htx",
                                      "commune_code": 11755}).uuid  # fmt: skip
    first = tmp_path / "1.kcsync"
    export_package(enrolled, first)
    import_package(centre_db, first)
    base = {"name": "Cơ sở mây tre", "kind": "htx", "commune_code": 11755}
    update_facility(enrolled, uuid, {**base, "employees": 30, "phone": "0987654321"})
    update_facility(centre_db, uuid, {**base, "employees": 45, "owner_name": "Trần Thị Mai"})
    second = tmp_path / "2.kcsync"
    export_package(enrolled, second)
    import_package(centre_db, second)

    state = _state(centre_db, tmp_path, "tinh")
    view = _view(state, qtbot)
    assert view.conflict_table.rowCount() == 1 and "(1)" in view.tabs.tabText(2)
    detail = conflict_detail(centre_db, "facility", uuid)
    dialog = ConflictDialog(state, detail)
    qtbot.addWidget(dialog)
    table = dialog.table
    visible = [r for r in range(table.rowCount()) if not table.isRowHidden(r)]
    assert {detail.fields[r].name for r in visible} == {"employees", "phone", "owner_name"}
    laptop = next(v.index for v in detail.versions if v.source_vi.startswith("Bản từ"))
    centre_side = 1 - laptop
    rows = {f.name: r for r, f in enumerate(detail.fields)}
    # Start from what the centre shows, then take the laptop's phone and the centre's owner.
    for name, column in (("phone", laptop), ("owner_name", centre_side), ("employees", laptop)):
        dialog.choose(rows[name], column)
    assert table.item(rows["phone"], laptop).font().bold()
    if laptop == 0:
        dialog.choose(rows["owner_name"], centre_side)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert dialog.resolved and list_conflicts(centre_db) == []
    merged = get_facility(centre_db, uuid)
    assert (merged.phone, merged.owner_name, merged.employees) == ("0987654321", "Trần Thị Mai", 30)
    qtbot.waitUntil(lambda: view.conflict_table.rowCount() == 0, timeout=5000)
