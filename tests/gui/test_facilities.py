"""Creating, editing, searching and deleting facilities through the window, as a person would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from kcdesk.gui.facilities.editor import FacilityEditor
from kcdesk.gui.facilities.view import FacilitiesView
from kcdesk.services.facilities import create_facility, get_facility, list_facilities

TIEN_LANG = 11755
TAN_MINH = 11779


@pytest.fixture
def view(qtbot, app_state, idle):
    v = FacilitiesView(app_state)
    qtbot.addWidget(v)
    v.resize(1100, 700)
    v.show()
    idle(v.model)
    return v


def _answer(monkeypatch, button):
    """Answer the next message boxes by clicking the button with this role or text."""
    asked = []

    def exec_(box):
        asked.append(box.text())
        for b in box.buttons():
            if b.text() == button or box.buttonRole(b) == button:
                box.setProperty("clicked", True)
                b.click()
                return 0
        raise AssertionError(f"no button {button!r} in {[b.text() for b in box.buttons()]}")

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def _show(qtbot, window):
    """Show and activate, as exec() does: keys go to the dialog, not to the window below."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def _wait_places(qtbot, editor):
    qtbot.waitUntil(editor.commune.is_ready, timeout=10000)


def _fill(editor, type_text, **values):
    for key, text in values.items():
        line = getattr(editor, key)
        line.clear()
        type_text(line, text)


def test_create_facility_with_keyboard(qtbot, view, app_state, type_text, idle):
    editor = FacilityEditor(app_state, None, view)
    _show(qtbot, editor)
    _wait_places(qtbot, editor)
    type_text(editor.name, "HTX chiếu cói Lật Dương")
    editor.kind.setCurrentIndex(editor.kind.findData("htx"))
    type_text(editor.phone, "0912 345 678")
    type_text(editor.tax_code, "0100233488")
    type_text(editor.commune.line, "tien lang")  # no diacritics needed
    qtbot.keyClick(editor.commune.line, Qt.Key.Key_Tab)  # leaving the field takes the match
    assert editor.commune.code() == TIEN_LANG
    type_text(editor.old_address, "xã Tiên Minh, huyện Tiên Lãng")
    type_text(editor.employees, "1.250")
    type_text(editor.revenue, "2.500.000.000")
    with qtbot.waitSignal(editor.saved, timeout=10000):
        editor.name.setFocus()
        qtbot.keyClick(editor.name, Qt.Key.Key_Return)  # Enter saves
    row = editor.result_row
    assert row is not None
    stored = get_facility(app_state.db, row.uuid)
    assert stored.name == "HTX chiếu cói Lật Dương"
    assert stored.kind == "htx"
    assert stored.phone == "0912345678"
    assert stored.commune_code == TIEN_LANG
    assert stored.employees == 1250
    assert stored.annual_revenue == 2_500_000_000
    assert stored.old_address == "xã Tiên Minh, huyện Tiên Lãng"
    idle(view.model)
    assert view.model.total == 1
    assert view.model.row_at(0).uuid == row.uuid


def test_validation_messages_sit_next_to_fields_and_block_saving(qtbot, view, app_state, type_text):
    editor = FacilityEditor(app_state, None, view)
    editor.show()
    _wait_places(qtbot, editor)
    type_text(editor.phone, "12345")
    type_text(editor.tax_code, "0100233489")  # wrong check digit
    type_text(editor.year, "1850")
    type_text(editor.employees, "mười")
    type_text(editor.commune.line, "khong co xa nay")
    saved = []
    editor.saved.connect(saved.append)
    editor.save()
    boxes = editor.boxes
    assert "tên cơ sở" in boxes["name"].text().lower()
    assert "loại hình" in boxes["kind"].text().lower()
    assert "Số điện thoại" in boxes["phone"].text()
    assert "số kiểm tra" in boxes["tax_code"].text()
    assert "mười" in boxes["employees"].text()
    assert "xã, phường" in boxes["commune_code"].text()
    qtbot.wait(200)
    assert saved == []
    assert list_facilities(app_state.db) == []
    # Correcting the fields clears their messages and saving goes through.
    editor.employees.clear()
    editor.tax_code.clear()
    editor.phone.clear()
    editor.year.clear()
    editor.commune.line.clear()
    type_text(editor.name, "Cơ sở rèn Đa Sỹ")
    editor.kind.setCurrentIndex(editor.kind.findData("ho_kinh_doanh"))
    with qtbot.waitSignal(editor.saved, timeout=10000):
        editor.save()
    assert not boxes["name"].text()


def test_edit_keeps_the_list_position_and_updates_the_row(qtbot, view, app_state, idle):
    for i in range(5):
        create_facility(app_state.db, {"name": f"Cơ sở mộc số {i}", "kind": "ho_kinh_doanh"})
    view.refresh()
    idle(view.model)
    view.select_row(2)
    facility = view.current_facility()
    editor = FacilityEditor(app_state, facility, view)
    editor.owner.setText("Trần Văn Bình")
    editor.saved.connect(view._after_edit)
    with qtbot.waitSignal(editor.saved, timeout=10000):
        editor.save()
    assert view.model.row_at(2).owner_name == "Trần Văn Bình"
    assert view.page.facility.owner_name == "Trần Văn Bình"
    assert get_facility(app_state.db, facility.uuid).owner_name == "Trần Văn Bình"


def test_search_as_you_type_ignores_diacritics(qtbot, view, app_state, type_text, idle):
    for name in ("HTX thêu ren Tiên Minh", "Công ty TNHH Dũng Hồng", "Tổ hợp tác đan cói"):
        create_facility(app_state.db, {"name": name, "kind": "htx"})
    view.refresh()
    idle(view.model)
    assert view.model.total == 3
    type_text(view.search, "theu")
    qtbot.waitUntil(lambda: view.model.query.flt.search == "theu", timeout=5000)
    idle(view.model)
    assert [view.model.row_at(i).name for i in range(view.model.rowCount())] == [
        "HTX thêu ren Tiên Minh"
    ]
    view.search.clear()
    type_text(view.search, "dung hong")  # đ typed as d
    qtbot.waitUntil(lambda: view.model.query.flt.search == "dung hong", timeout=5000)
    idle(view.model)
    assert view.model.total == 1
    assert view.model.row_at(0).name == "Công ty TNHH Dũng Hồng"
    assert "1" in view.count.text()
    view.search.clear()
    type_text(view.search, "không có đâu")
    qtbot.waitUntil(lambda: view.model.query.flt.search == "không có đâu", timeout=5000)
    idle(view.model)
    assert view.model.rowCount() == 0
    assert view.empty.isVisible()
    assert "Không có cơ sở nào khớp" in view.empty.text()


def test_filter_by_commune_and_kind(qtbot, view, app_state, idle):
    create_facility(app_state.db, {"name": "A", "kind": "htx", "commune_code": TIEN_LANG})
    create_facility(app_state.db, {"name": "B", "kind": "htx", "commune_code": TAN_MINH})
    create_facility(app_state.db, {"name": "C", "kind": "doanh_nghiep", "commune_code": TAN_MINH})
    view.refresh()
    idle(view.model)
    qtbot.waitUntil(lambda: view.commune_filter.count() == 3, timeout=5000)  # all + 2 communes
    view.commune_filter.setCurrentIndex(view.commune_filter.findData(TAN_MINH))
    idle(view.model)
    assert view.model.total == 2
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("doanh_nghiep"))
    idle(view.model)
    assert [view.model.row_at(0).name] == ["C"]
    view.reset_filters()
    idle(view.model)
    assert view.model.total == 3


def test_duplicate_warning_offers_to_open_the_other(qtbot, view, app_state, type_text, monkeypatch):
    other = create_facility(
        app_state.db,
        {"name": "Tổ hợp tác thêu ren Tiên Minh", "kind": "to_hop_tac", "commune_code": TIEN_LANG,
         "tax_code": "0100233488"},
    )  # fmt: skip
    editor = FacilityEditor(app_state, None, view)
    editor.show()
    _wait_places(qtbot, editor)
    type_text(editor.name, "To hop tac theu ren Tien Minh")  # typed without diacritics
    editor.kind.setCurrentIndex(editor.kind.findData("to_hop_tac"))
    editor.commune.set_code(TIEN_LANG)
    editor.commune.changed.emit(TIEN_LANG)
    qtbot.waitUntil(lambda: editor.banner.isVisible(), timeout=5000)
    assert editor.banner.matches[0].facility.uuid == other.uuid
    assert "Tiên Minh" in editor.banner.matches[0].reason_vi
    # "Open this facility" shows the other one, on top of what is being typed.
    opened = []
    monkeypatch.setattr(FacilityEditor, "exec", lambda self: opened.append(self.facility) or 0)
    button = editor.banner.findChild(type(editor.save_button), "open-similar")
    button.click()
    assert opened and opened[0].uuid == other.uuid
    assert editor.name.text() == "To hop tac theu ren Tien Minh"
    # Saving asks first; "Xem lại" (review) keeps the editor open and saves nothing.
    asked = _answer(monkeypatch, "Xem lại")
    editor.save()
    assert asked and "có thể" in asked[0]
    assert len(list_facilities(app_state.db)) == 1
    _answer(monkeypatch, "Vẫn lưu")
    with qtbot.waitSignal(editor.saved, timeout=10000):
        editor.save()
    assert len(list_facilities(app_state.db)) == 2


def test_same_tax_code_is_a_duplicate_anywhere(qtbot, view, app_state, type_text):
    create_facility(app_state.db, {"name": "Công ty Gốm Chu Đậu", "kind": "doanh_nghiep",
                                   "tax_code": "0100233488"})  # fmt: skip
    editor = FacilityEditor(app_state, None, view)
    type_text(editor.tax_code, "0100233488")
    qtbot.waitUntil(lambda: bool(editor.banner.matches), timeout=5000)
    assert "0100233488" in editor.banner.matches[0].reason_vi


def test_delete_asks_and_leaves_a_tombstone_and_audit(qtbot, view, app_state, idle, monkeypatch):
    from sqlalchemy import select

    from kcdesk.storage.models import AuditEntry, Facility

    created = create_facility(app_state.db, {"name": "Cơ sở bánh đa", "kind": "ho_kinh_doanh"})
    view.refresh()
    idle(view.model)
    view.select_row(0)
    asked = _answer(monkeypatch, "Không xóa")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert asked and "Cơ sở bánh đa" in asked[0]
    assert view.model.total == 1  # kept
    _answer(monkeypatch, "Xóa")
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=5000)
    assert list_facilities(app_state.db) == []
    with app_state.db.unit_of_work() as uow:
        row = uow.session.execute(
            select(Facility).where(Facility.uuid == created.uuid)
        ).scalar_one()
        assert row.deleted  # a tombstone that travels, not a vanished row
        audit = (
            uow.session.execute(select(AuditEntry).where(AuditEntry.record_uuid == created.uuid))
            .scalars()
            .all()
        )
        assert len(audit) >= 2  # created, then deleted


def test_escape_with_unsaved_text_asks_before_discarding(qtbot, view, app_state, monkeypatch):
    editor = FacilityEditor(app_state, None, view)
    _show(qtbot, editor)
    editor.name.setText("Cơ sở chưa lưu")
    asked = _answer(monkeypatch, QMessageBox.ButtonRole.RejectRole)  # Cancel: keep editing
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked
    assert editor.isVisible()
    _answer(monkeypatch, QMessageBox.ButtonRole.DestructiveRole)  # Discard
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_facility_page_lists_surveys_and_proposals(qtbot, view, app_state, idle):
    from kcdesk.services.demo import fill_demo

    fill_demo(app_state.db, facilities=5, surveys=30, proposals=10, seed=2)
    view.refresh()
    idle(view.model)
    from kcdesk.gui.facilities.records import facility_records

    best = max(
        range(view.model.rowCount()),
        key=lambda i: len(facility_records(app_state.db, view.model.row_at(i).uuid).surveys),
    )
    expected = facility_records(app_state.db, view.model.row_at(best).uuid)
    view.select_row(best)
    qtbot.waitUntil(
        lambda: view.page.surveys.topLevelItemCount() == len(expected.surveys), timeout=5000
    )
    assert len(expected.surveys) > 0
    assert view.page.proposals.topLevelItemCount() == len(expected.proposals)
    assert f"({len(expected.surveys)})" in view.page.tabs.tabText(1)
    opened = []
    app_state.open_record.connect(lambda kind, uuid: opened.append((kind, uuid)))
    item = view.page.surveys.topLevelItem(0)
    view.page.surveys.itemActivated.emit(item, 0)
    assert opened == [("survey", expected.surveys[0].uuid)]


def test_opening_and_closing_unchanged_asks_nothing(qtbot, view, app_state, monkeypatch):
    created = create_facility(app_state.db, {"name": "Cơ sở gốm", "kind": "ho_kinh_doanh",
                                             "commune_code": TAN_MINH})  # fmt: skip
    editor = FacilityEditor(app_state, get_facility(app_state.db, created.uuid), view)
    _show(qtbot, editor)
    _wait_places(qtbot, editor)
    assert "Tân Minh" in editor.commune.line.text()
    asked = _answer(monkeypatch, QMessageBox.ButtonRole.RejectRole)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked == []  # nothing was typed: nothing to lose, no question
    assert not editor.isVisible()
