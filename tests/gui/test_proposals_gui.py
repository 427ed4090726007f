"""The proposals page driven as a person would (offscreen): typing a budget, seeing the totals
and the maximum move, saving, submitting with confirmation, the province returning it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox

Db = Any


@pytest.fixture
def state(db: Db, tmp_path: Path, qtbot: Any) -> Any:
    from kcdesk.gui.state import AppState

    return AppState(db, settings=QSettings(str(tmp_path / "kc.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def facility(db: Db) -> str:
    from kcdesk.services.facilities import create_facility

    return create_facility(
        db, {"name": "HTX chiếu cói Lật Dương", "kind": "htx", "commune_code": 11755}
    ).uuid


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes answered Yes/OK, their texts kept for the test to read."""
    said: list[str] = []

    def warning(_parent: Any, _title: str, text: str, *a: Any, **k: Any) -> Any:
        said.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: said.append(self.text()) or 0)
    return said


@pytest.fixture
def view(state: Any, qtbot: Any, messages: list[str]) -> Any:
    from kcdesk.gui.proposals.view import ProposalsView

    v = ProposalsView(state)
    qtbot.addWidget(v)
    v.resize(1200, 800)
    v.show()
    return v


def open_cell_editor(table: Any) -> Any:
    return next(w for w in table.findChildren(QLineEdit) if w.isVisible())


def type_cell(qtbot: Any, editor: Any, row: int, col: int, text: str) -> None:
    """Type into a budget cell as a person does: select it, type, press Enter."""
    table = editor.budget_view
    table.setCurrentIndex(editor.budget.index(row, col))
    table.edit(table.currentIndex())
    field = open_cell_editor(table)
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    # The delegate commits on a queued call: wait for the model to hold what was typed.
    qtbot.waitUntil(lambda: editor.budget.raw[row][col] == text, timeout=1000)


def start_machinery(view: Any, qtbot: Any, type_text: Any, facility: str, price: str) -> Any:
    view.new_proposal()
    ed = view.editor
    type_text(ed.title, "Hỗ trợ máy dệt chiếu cói")
    ed._select(ed.category, "ung_dung_may_moc")
    type_text(ed.unit, "Trung tâm Khuyến công Hải Phòng")
    ed.add_beneficiary_uuid(facility, "HTX chiếu cói Lật Dương")
    ed.commune.set_code(11755)
    type_text(ed.start, "01/03/2025")
    type_text(ed.end, "30/11/2025")
    ed.objectives.setPlainText("Tăng năng suất dệt")
    ed.new_line()  # opens the first cell for typing
    type_text(open_cell_editor(ed.budget_view), "Máy dệt chiếu cói")
    qtbot.keyClick(open_cell_editor(ed.budget_view), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ed.budget.raw[0][0] == "Máy dệt chiếu cói", timeout=1000)
    ed.budget.setData(ed.budget.index(0, 1), "chiếc")
    type_cell(qtbot, ed, 0, 2, "2")
    type_cell(qtbot, ed, 0, 3, price)
    type_cell(qtbot, ed, 0, 4, "50")
    return ed


def test_live_budget_then_save(view: Any, qtbot: Any, type_text: Any, facility: str,
                               db: Db) -> None:  # fmt: skip
    ed = start_machinery(view, qtbot, type_text, facility, "250.000.000")
    assert ed.budget.data(ed.budget.index(0, 6)) == "500.000.000"
    assert "Tổng kinh phí: 500.000.000 đồng" in ed.summary.totals.text()
    assert "Năm trăm triệu đồng chẵn" in ed.summary.words.text()
    assert "250.000.000 đồng" in ed.summary.cap.text() and "TT 28/2018" in ed.summary.cap.text()
    assert "Còn có thể đề nghị thêm: 0 đồng" in ed.summary.gap.text()
    # Lowering the share opens room under the cap, live.
    type_cell(qtbot, ed, 0, 4, "40")
    assert "50.000.000 đồng" in ed.summary.gap.text()
    assert ed.save()
    from kcdesk.services.proposals import get_proposal, list_proposals

    (row,) = list_proposals(db)
    stored = get_proposal(db, row.uuid)
    assert stored.totals.support == 200_000_000 and stored.lines[0].unit_price == 250_000_000
    assert stored.beneficiaries[0].name == "HTX chiếu cói Lật Dương"
    assert ed.heading.text() == "Hỗ trợ máy dệt chiếu cói" and not ed.dirty
    ed.close_editor()
    assert view.stack.currentWidget() is view.list_page
    assert view.model.rowCount() == 1 and "1 đề án" in view.count_label.text()


def test_bad_budget_row_is_marked_and_nothing_saved(view: Any, qtbot: Any, type_text: Any,
                                                    facility: str, db: Db,
                                                    messages: list[str]) -> None:  # fmt: skip
    ed = start_machinery(view, qtbot, type_text, facility, "250.000.000")
    type_cell(qtbot, ed, 0, 2, "-2")
    index = ed.budget.index(0, 2)
    assert ed.budget.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert "lớn hơn 0" in ed.budget.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "1 dòng dự toán còn lỗi" in ed.summary.warnings.text()
    assert not ed.save()
    assert messages and "Dòng 1: số lượng phải lớn hơn 0" in messages[-1]
    from kcdesk.services.proposals import count_proposals

    assert count_proposals(db) == 0


def test_over_cap_is_kept_as_draft_and_submit_is_refused(view: Any, qtbot: Any, type_text: Any,
                                                         facility: str,
                                                         messages: list[str]) -> None:  # fmt: skip
    ed = start_machinery(view, qtbot, type_text, facility, "400.000.000")
    assert "Vượt mức tối đa: 100.000.000 đồng" in ed.summary.gap.text()
    assert ed.save()
    assert ed.notice.isVisible() and "vượt mức tối đa" in ed.notice.text()
    qtbot.mouseClick(ed.step_buttons["submitted"], Qt.MouseButton.LeftButton)
    assert "Không thể gửi" in messages[-1]
    assert ed.detail.status.value == "draft"


def test_submit_with_confirmation_then_read_only_and_returned(
    view: Any, qtbot: Any, type_text: Any, facility: str, db: Db,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from kcdesk.gui.proposals.dialogs import TransitionDialog
    from kcdesk.services.installation import init_installation

    ed = start_machinery(view, qtbot, type_text, facility, "250.000.000")
    assert ed.save()
    seen: list[TransitionDialog] = []

    def confirm(dialog: TransitionDialog) -> int:
        seen.append(dialog)
        if dialog.step.needs_reason:
            assert not dialog.ok.isEnabled()  # a return needs its reason first
            type_text(dialog.reason, "Bổ sung báo giá")
            assert dialog.ok.isEnabled()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(TransitionDialog, "exec", confirm)
    qtbot.mouseClick(ed.step_buttons["submitted"], Qt.MouseButton.LeftButton)
    assert seen and "không sửa được" in seen[0].findChildren(type(ed.heading))[1].text()
    assert ed.status_label.text() == "Đã gửi"
    assert ed.title.isReadOnly() and not ed.save_button.isEnabled()
    assert ed.budget.read_only and "chỉ xem" in ed.notice.text()
    assert ed.history.topLevelItemCount() == 1
    assert ed.history.topLevelItem(0).text(4) == "Nháp → Đã gửi"

    # The centre opens it, appraises and returns it with a reason.
    init_installation(db, role="province", person_name="Lê Thị Thu", province=31)
    view.open_proposal(ed.detail.uuid)
    assert set(ed.step_buttons) == {"appraising", "returned"}
    assert not ed.title.isReadOnly()  # the province may correct while appraising
    qtbot.mouseClick(ed.step_buttons["returned"], Qt.MouseButton.LeftButton)
    assert ed.status_label.text() == "Trả lại để sửa"
    last = ed.history.topLevelItem(1)
    assert last.text(1) == "Lê Thị Thu" and last.text(5) == "Bổ sung báo giá"


def test_list_filters(view: Any, qtbot: Any, type_text: Any, facility: str, db: Db) -> None:
    from kcdesk.services.proposals import (
        LineInput,
        ProposalInput,
        create_proposal,
        transition_proposal,
    )

    def make(title: str, year: int, category: str) -> str:
        return create_proposal(db, ProposalInput(
            title=title, category=category, plan_year=year, implementing_unit="TTKC",
            facility_uuids=[facility], commune_code=11755, period_start=f"01/03/{year}",
            period_end=f"30/10/{year}", objectives="x",
            lines=[LineInput("Máy", "chiếc", 1, 100_000_000, 30)],
        )).uuid  # fmt: skip

    a = make("Đào tạo nghề cói", 2024, "dao_tao_nghe")
    make("Máy dệt cói", 2025, "ung_dung_may_moc")
    transition_proposal(db, a, "submitted")
    view.state.notify("proposal")
    assert view.model.rowCount() == 2
    view.status_filter.setCurrentIndex(view.status_filter.findData("submitted"))
    assert [r.uuid for r in view.model.rows] == [a]
    view.status_filter.setCurrentIndex(0)
    view.year_filter.setCurrentIndex(view.year_filter.findData(2025))
    assert [r.title for r in view.model.rows] == ["Máy dệt cói"]
    view.year_filter.setCurrentIndex(0)
    view.category_filter.setCurrentIndex(view.category_filter.findData("dao_tao_nghe"))
    assert [r.title for r in view.model.rows] == ["Đào tạo nghề cói"]
    view.category_filter.setCurrentIndex(0)
    type_text(view.search, "may det")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert view.model.rows[0].title == "Máy dệt cói"
