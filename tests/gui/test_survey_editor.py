"""The survey editor and list, driven as a person would (offscreen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

Db = Any


@pytest.fixture
def state(db: Db, tmp_path: Path, qtbot: Any) -> Any:
    from kcdesk.gui.state import AppState

    return AppState(db, settings=QSettings(str(tmp_path / "kc.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def facility(db: Db) -> str:
    from kcdesk.services.facilities import create_facility

    return create_facility(
        db,
        {
            "name": "HTX chiếu cói Lật Dương",
            "kind": "htx",
            "owner_name": "Nguyễn Văn Đạt",
            "commune_code": 11755,
        },
    ).uuid


@pytest.fixture
def view(state: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    from kcdesk.gui.surveys.view import SurveysView

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    v = SurveysView(state)
    qtbot.addWidget(v)
    v.resize(1100, 750)
    v.show()
    return v


def row(editor: Any, name: str) -> Any:
    """The question's row, after going to its section as a person would."""
    sections = editor.definition.sections
    index = next(i for i, s in enumerate(sections) if any(q.name == name for q in s.questions))
    editor.sections.setCurrentRow(index)
    return editor.rows[name]


def test_fill_a_survey_and_complete_it(
    view: Any, facility: str, qtbot: Any, type_text: Any, db: Db
) -> None:
    from kcdesk.services import surveys

    view.start_survey(facility)
    editor = view.editor
    assert view.stack.currentWidget() is editor
    assert editor.sections.count() == 8
    # prefilled from the register
    assert row(editor, "ten_co_so").field.line.text() == "HTX chiếu cói Lật Dương"
    # relevance: the craft village name appears only when "in a craft village" is Yes
    village = row(editor, "ten_lang_nghe")
    assert not village.isVisibleTo(editor)
    yes_no = row(editor, "thuoc_lang_nghe").field
    yes_no.group.button(0).click()
    editor.refresh()
    assert village.isVisibleTo(editor)
    type_text(village.field.line, "Làng nghề chiếu cói Lật Dương")
    # inline validation: more women than workers is said under the field as it is typed
    editor.sections.setCurrentRow(1)
    type_text(row(editor, "tong_lao_dong").field.line, "45")
    type_text(row(editor, "lao_dong_nu").field.line, "50")
    editor.refresh()
    women = row(editor, "lao_dong_nu")
    assert women.message_text() == "Không được nhiều hơn tổng số lao động."
    row(editor, "lao_dong_nu").field.line.clear()
    type_text(row(editor, "lao_dong_nu").field.line, "38")
    type_text(row(editor, "thu_nhap_binh_quan").field.line, "5.500.000")
    editor.refresh()
    assert women.message_text() == ""
    assert row(editor, "ty_le_lao_dong_nu").field.label.text() == "84,4 %"
    # a table: the machinery list
    machines = row(editor, "may_moc").field
    machines.add_row({"ten_may": "Máy dệt chiếu", "so_luong": 6})
    machines.add_row({"ten_may": "Máy se sợi", "so_luong": 2})
    editor.refresh()
    assert row(editor, "tong_so_may").field.label.text() == "8"
    # completing is refused while a required answer is missing, and the survey stays a draft
    editor.mark_complete()
    assert surveys.get_survey(db, editor.detail.uuid).status == "draft"
    missing = row(editor, "san_pham_chinh")
    assert "bắt buộc" in missing.message_text()
    assert "còn 1 câu bắt buộc" in editor.progress.format()
    type_text(missing.field.edit, "Chiếu cói")
    editor.mark_complete()
    stored = surveys.get_survey(db, editor.detail.uuid)
    assert stored.status == "complete"
    assert stored.answers["thu_nhap_binh_quan"] == 5_500_000
    assert stored.answers["tong_so_may"] == 8
    assert stored.answers["ten_lang_nghe"] == "Làng nghề chiếu cói Lật Dương"
    assert editor.status.text() == "Hoàn thành"
    editor.close_editor()
    assert view.stack.currentWidget() is view.list_page
    assert view.model.total == 1 and view.model.data(view.model.index(0, 3)) == "Hoàn thành"


def test_unreadable_number_is_shown_and_nothing_is_lost(
    view: Any, facility: str, type_text: Any, db: Db
) -> None:
    from kcdesk.services import surveys

    view.start_survey(facility)
    editor = view.editor
    field = row(editor, "tong_lao_dong").field
    type_text(field.line, "bốn lăm")
    editor.refresh()
    assert "không phải số" in row(editor, "tong_lao_dong").message_text()
    assert not editor.complete_button.isEnabled()
    editor.save()
    assert surveys.get_survey(db, editor.detail.uuid).answers.get("tong_lao_dong") is None


def test_autosave_draft_is_offered_back_after_a_crash(
    state: Any, facility: str, qtbot: Any, type_text: Any, monkeypatch: Any, db: Db
) -> None:
    from kcdesk.gui.surveys.view import SurveysView
    from kcdesk.services import surveys

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    first = SurveysView(state)
    qtbot.addWidget(first)
    first.start_survey(facility)
    uuid = first.editor.detail.uuid
    type_text(row(first.editor, "ghi_chu").field.edit, "Đang ghi dở")
    first.editor.autosave()  # the timer's tick
    # the app dies here: nothing saved for real
    assert "ghi_chu" not in surveys.get_survey(db, uuid).answers
    first.editor.autosave_timer.stop()
    first.deleteLater()

    asked: list[str] = []

    def yes(_parent: Any, _title: str, text: str, *a: Any, **k: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    again = SurveysView(state)
    qtbot.addWidget(again)
    again.offer_drafts()
    assert asked and "HTX chiếu cói Lật Dương" in asked[0]
    assert again.stack.currentWidget() is again.editor
    assert row(again.editor, "ghi_chu").field.edit.toPlainText() == "Đang ghi dở"
    again.editor.close_editor()  # closing saves
    assert surveys.get_survey(db, uuid).answers["ghi_chu"] == "Đang ghi dở"
    assert surveys.pending_drafts(db) == []


def test_list_filters(view: Any, facility: str, db: Db, type_text: Any) -> None:
    from kcdesk.services import surveys
    from kcdesk.services.facilities import create_facility

    other = create_facility(
        db, {"name": "Cơ sở gốm Đông Hòa", "kind": "ho_kinh_doanh", "commune_code": 11779}
    ).uuid
    surveys.create_survey(db, facility)
    surveys.create_survey(db, other)
    view.reload()
    assert view.model.total == 2
    type_text(view.search, "dong hoa")
    view.reload()
    assert [r.facility_name for r in view.model.rows] == ["Cơ sở gốm Đông Hòa"]
    view.search.clear()
    view.status_filter.setCurrentIndex(2)  # complete
    assert view.model.total == 0 and "0 phiếu" in view.count_label.text()
    view.status_filter.setCurrentIndex(0)
    view.show_facility(facility, "HTX chiếu cói Lật Dương")
    assert [r.facility_name for r in view.model.rows] == ["HTX chiếu cói Lật Dương"]


def test_print_from_the_editor_writes_the_pdf(
    view: Any, facility: str, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    import kcdesk.gui.surveys.printing as printing
    import kcdesk.gui.surveys.view as view_module

    out = tmp_path / "Phiếu in.pdf"
    shown: list[tuple[Path, int]] = []
    monkeypatch.setattr(view_module, "choose_pdf", lambda *_a: out)
    monkeypatch.setattr(printing, "offer_open", lambda _p, path, pages: shown.append((path, pages)))
    view.start_survey(facility)
    view.editor.print_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert shown[0][0] == out and out.exists() and shown[0][1] >= 1


def test_saving_before_the_commune_list_loads_keeps_the_commune(
    state: Any, facility: str, db: Db, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kcdesk.gui.widgets.commune_picker as picker_module
    from kcdesk.gui.surveys.editor import SurveyEditor
    from kcdesk.services import surveys

    monkeypatch.setattr(picker_module, "load_places", lambda _state, _then: None)  # still loading
    detail = surveys.create_survey(db, facility)
    editor = SurveyEditor(state)
    qtbot.addWidget(editor)
    editor.load(detail, surveys.get_definition(db))
    assert not editor.rows["xa_phuong"].field.picker.is_ready()
    editor.save()
    assert surveys.get_survey(db, detail.uuid).answers["xa_phuong"]["code"] == "11755"
    editor.autosave_timer.stop()


def test_open_record_from_other_pages(view: Any, facility: str, db: Db) -> None:
    from kcdesk.services import surveys

    view.open_record("new-survey", facility)
    assert view.stack.currentWidget() is view.editor
    uuid = view.editor.detail.uuid
    view.editor.close_editor()
    view.open_record("facility", facility)
    assert [r.uuid for r in view.model.rows] == [uuid]
    assert "HTX chiếu cói Lật Dương" in view.facility_note.text()
    view.open_record("survey", uuid)
    assert view.editor.detail.uuid == uuid
    assert surveys.count_surveys(db) == 1


def test_survey_of_a_form_version_not_installed_is_explained(
    view: Any, facility: str, db: Db, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import update

    import kcdesk.gui.errors as errors
    from kcdesk.services import surveys
    from kcdesk.storage.models import Survey

    uuid = surveys.create_survey(db, facility).uuid
    with db.unit_of_work() as uow:  # as if a sync package brought a survey of version 9 first
        uow.session.execute(update(Survey).where(Survey.uuid == uuid).values(form_version=9))
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda _p, exc, _l=None: shown.append(str(exc)))
    view.open_survey(uuid)
    assert view.stack.currentWidget() is view.list_page
    assert shown and "phiên bản 9" in shown[0]


def test_closing_the_window_saves_the_survey_being_edited(
    view: Any, facility: str, db: Db, type_text: Any
) -> None:
    from kcdesk.services import surveys

    view.start_survey(facility)
    uuid = view.editor.detail.uuid
    type_text(row(view.editor, "ghi_chu").field.edit, "Ghi chú trước khi tắt máy")
    assert view.confirm_close() is True
    assert surveys.get_survey(db, uuid).answers["ghi_chu"] == "Ghi chú trước khi tắt máy"
