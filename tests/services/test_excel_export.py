"""Exports: styled header, frozen row, filter, widths, number formats, real dates; surveys one
column per question with repeat groups on their own sheets; proposals with budget lines."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from kcdesk.domain.errors import KcError
from kcdesk.services.demo import fill_demo
from kcdesk.services.excel_export import ExportFilter, export, survey_columns
from kcdesk.services.facilities import FacilityInput, create_facility
from kcdesk.storage.models import Facility, Proposal, ProposalBudgetLine, Survey


@pytest.fixture
def demo(db: Any) -> Any:
    fill_demo(db, facilities=40, surveys=30, proposals=12, seed=5)
    return db


def _count(db: Any, model: Any) -> int:
    with db.unit_of_work() as uow:
        return int(uow.session.execute(
            select(func.count()).select_from(model).where(model.deleted.is_(False))
        ).scalar_one())  # fmt: skip


def _header(ws: Any) -> list[Any]:
    return [c.value for c in ws[1]]


def test_facilities_export_is_styled_and_typed(db: Any, tmp_path: Path) -> None:
    create_facility(db, FacilityInput(
        name="HTX mây tre đan Phú Vinh", kind="htx", owner_name="Nguyễn Văn Toàn",
        tax_code="0100233488", phone="0912 345 678", employees=1250,
        annual_revenue=12_500_000_000, year_founded=1998, notes="dòng 1\ndòng 2",
    ))  # fmt: skip
    out = tmp_path / "danh sách cơ sở.xlsx"
    result = export(db, "facilities", out)
    assert result.rows == 1 and out.exists()
    wb = openpyxl.load_workbook(out)
    ws = wb["Cơ sở"]
    header = _header(ws)
    assert header[:3] == ["Mã cơ sở", "Tên cơ sở", "Loại hình"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}2"
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    row = {h: ws.cell(2, i + 1) for i, h in enumerate(header)}
    assert row["Tên cơ sở"].value == "HTX mây tre đan Phú Vinh"
    assert row["Loại hình"].value == "Hợp tác xã"
    assert row["Mã số thuế"].value == "0100233488"  # text: the leading zero stays
    assert row["Số lao động"].value == 1250 and row["Số lao động"].number_format == "#,##0"
    assert row["Doanh thu năm (đồng)"].value == 12_500_000_000
    assert row["Năm thành lập"].value == 1998  # no separator: shown as 1998, not 1.998
    assert row["Năm thành lập"].number_format == "General"
    assert isinstance(row["Cập nhật"].value, datetime)
    assert row["Cập nhật"].number_format == "dd/mm/yyyy hh:mm"
    assert row["Ghi chú"].alignment.wrap_text
    assert ws.column_dimensions["B"].width >= len("HTX mây tre đan Phú Vinh")
    info = wb["Thông tin"]
    assert [r[0] for r in info.iter_rows(values_only=True)][:4] == [
        "Mục", "Nội dung", "Bộ lọc", "Số dòng"
    ]  # fmt: skip


def test_facilities_filters(demo: Any, tmp_path: Path) -> None:
    total = _count(demo, Facility)
    assert export(demo, "facilities", tmp_path / "a.xlsx").rows == total
    with demo.unit_of_work() as uow:
        htx = int(uow.session.execute(select(func.count()).select_from(Facility).where(
            Facility.kind == "htx", Facility.deleted.is_(False))).scalar_one())  # fmt: skip
    assert export(demo, "facilities", tmp_path / "b.xlsx", ExportFilter(kind="HTX")).rows == htx
    with pytest.raises(KcError):
        export(demo, "facilities", tmp_path / "c.xlsx", ExportFilter(kind="nonsense"))


def test_surveys_one_column_per_question_and_repeat_sheets(demo: Any, tmp_path: Path) -> None:
    from kcdesk.services.surveys import get_definition

    out = tmp_path / "phieu.xlsx"
    result = export(demo, "surveys", out)
    assert result.rows == _count(demo, Survey) == 30
    definition = get_definition(demo, "khao-sat-co-so", 1)
    columns = survey_columns(definition)
    wb = openpyxl.load_workbook(out)
    main = wb[result.sheets[0]]
    assert result.sheets[0].endswith(" v1")
    header = _header(main)
    assert header[:8] == ["Mã phiếu", "Cơ sở", "Mã cơ sở", "Xã/phường", "Người khảo sát",
                          "Ngày khảo sát", "Tình trạng", "Cập nhật"]  # fmt: skip
    assert header[8:] == [c.title for _q, c in columns]
    assert main.max_row == 31
    # Repeat groups: one sheet each, rows linked to the survey by its id.
    repeats = [q for q in definition.questions() if q.type.value == "repeat"]
    assert len(repeats) == 3
    with demo.unit_of_work() as uow:
        answers = {u: a for u, a in uow.session.execute(select(Survey.uuid, Survey.answers))}
    for q in repeats:
        title = next(s for s in result.sheets if s.startswith((q.label.vi or q.name)[:10]))
        ws = wb[title]
        assert _header(ws)[:3] == ["Mã phiếu", "Cơ sở", "Dòng"]
        expected = sum(len(a.get(q.name) or []) for a in answers.values())
        assert ws.max_row - 1 == expected
        for r in range(2, ws.max_row + 1):
            assert ws.cell(r, 1).value in answers
    # Typed cells: dates are dates, money is a number with the Vietnamese grouping format.
    by_title = {h: i + 1 for i, h in enumerate(header)}
    dates = [main.cell(r, by_title["Ngày khảo sát"]) for r in range(2, 32)]
    assert all(isinstance(c.value, datetime) and c.number_format == "dd/mm/yyyy" for c in dates
               if c.value is not None)  # fmt: skip
    money = [i for (q, c) in columns if q.value_type.value == "money" for i in [by_title[c.title]]]
    assert money
    cells = [main.cell(r, money[0]) for r in range(2, 32) if main.cell(r, money[0]).value]
    assert cells and all(isinstance(c.value, int) and c.number_format == "#,##0" for c in cells)


def test_survey_date_filter(demo: Any, tmp_path: Path) -> None:
    flt = ExportFilter(date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
    with demo.unit_of_work() as uow:
        n = int(uow.session.execute(select(func.count()).select_from(Survey).where(
            Survey.deleted.is_(False), Survey.survey_date >= flt.date_from,
            Survey.survey_date <= flt.date_to)).scalar_one())  # fmt: skip
    assert export(demo, "surveys", tmp_path / "s.xlsx", flt).rows == n


def test_proposals_with_budget_lines(demo: Any, tmp_path: Path) -> None:
    out = tmp_path / "de an.xlsx"
    result = export(demo, "proposals", out)
    assert result.rows == _count(demo, Proposal) == 12
    wb = openpyxl.load_workbook(out)
    assert result.sheets == ["Đề án", "Dự toán kinh phí", "Thông tin"]
    lines = wb["Dự toán kinh phí"]
    with demo.unit_of_work() as uow:
        n_lines = int(uow.session.execute(select(func.count(ProposalBudgetLine.id))).scalar_one())
        support = int(uow.session.execute(select(func.sum(Proposal.support_amount))).scalar_one())
    assert lines.max_row - 1 == n_lines
    header = _header(wb["Đề án"])
    col = header.index("Kinh phí khuyến công đề nghị (đồng)") + 1
    main = wb["Đề án"]
    assert sum(main.cell(r, col).value or 0 for r in range(2, main.max_row + 1)) == support
    ids = {main.cell(r, 1).value for r in range(2, main.max_row + 1)}
    assert {lines.cell(r, 1).value for r in range(2, lines.max_row + 1)} <= ids


def test_cancel_leaves_no_file(demo: Any, tmp_path: Path) -> None:
    out = tmp_path / "huy.xlsx"
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return True

    fill_demo(demo, facilities=600, surveys=0, proposals=0, seed=9)
    with pytest.raises(InterruptedError):
        export(demo, "facilities", out, cancelled=cancelled)
    assert calls["n"] >= 1
    assert not out.exists()
    assert not list(tmp_path.glob("*.xlsx"))


def test_unknown_export(db: Any, tmp_path: Path) -> None:
    with pytest.raises(KcError):
        export(db, "nothing", tmp_path / "x.xlsx")


def test_survey_export_as_people_see_it(demo: Any, tmp_path: Path) -> None:
    """Every sheet: styled, frozen, filtered header, widths set; answers as people read them."""
    from kcdesk.services.surveys import get_definition

    out = tmp_path / "phieu.xlsx"
    result = export(demo, "surveys", out)
    wb = openpyxl.load_workbook(out)
    for title in result.sheets[:-1]:
        ws = wb[title]
        last = openpyxl.utils.get_column_letter(ws.max_column)
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{last}{ws.max_row}"
        assert all(c.font.b and c.fill.fgColor.rgb.endswith("DDEBF7") for c in ws[1])
        assert all(ws.column_dimensions[c.column_letter].width >= 6 for c in ws[1])
    main = wb[result.sheets[0]]
    header = _header(main)
    col = {h: i + 1 for i, h in enumerate(header)}
    # A money label that names its unit is not given a second "(đồng)".
    assert "Doanh thu năm trước (đồng)" in header
    assert not [h for h in header if h.count("đồng)") > 1]
    definition = get_definition(demo, "khao-sat-co-so", 1)
    kinds = {q.label.vi: q.type.value for q in definition.questions()}
    yes_no = [col[h] for h in header if kinds.get(h) == "yes_no"]
    values = {main.cell(r, yes_no[0]).value for r in range(2, main.max_row + 1)}
    assert values <= {"Có", "Không", None} and values - {None}
    kind_labels = {c.label.vi for q in definition.questions() if q.name == "loai_hinh"
                   for c in q.choices}  # fmt: skip
    assert {main.cell(r, col["Loại hình"]).value for r in range(2, 32)} <= kind_labels | {None}
    updated = main.cell(2, col["Cập nhật"])
    assert isinstance(updated.value, datetime) and updated.number_format == "dd/mm/yyyy hh:mm"
    money = [main.cell(r, col["Doanh thu năm trước (đồng)"]) for r in range(2, 32)]
    assert all(c.number_format == "#,##0" for c in money if isinstance(c.value, int))


def test_answers_become_cells_as_before() -> None:
    """The converters' quick paths give what the general rules give."""
    from kcdesk.domain.forms import QType, Question
    from kcdesk.domain.forms.model import Choice, Text
    from kcdesk.services.excel_export import converter

    def q(kind: QType, **extra: Any) -> Question:
        return Question("x", kind, Text("X"), **extra)

    text = converter(q(QType.TEXT))
    assert [text(v) for v in (None, "", "  \n", "Thôn 5", 12)] == [None, None, None, "Thôn 5", "12"]
    number = converter(q(QType.MONEY))
    assert [number(v) for v in (None, "", 0, 12, 1.5, "1,5", "12", True, "abc")] == [
        None, None, 0, 12, 1.5, 1.5, 12, None, "abc"]  # fmt: skip
    choices = (Choice("htx", Text("Hợp tác xã")),)
    choice = converter(q(QType.CHOICE, choices=choices))
    assert [choice(v) for v in (None, " ", "htx", "khac", 3)] == [None, None, "Hợp tác xã",
                                                                  "khac", "3"]  # fmt: skip
    multi = converter(q(QType.MULTI_CHOICE, choices=choices))
    assert [multi(v) for v in (None, [], ["htx", "khac"])] == [None, None, "Hợp tác xã; khac"]
    yes_no = converter(q(QType.YES_NO))
    assert [yes_no(v) for v in (True, False, None, 1, "có")] == ["Có", "Không", None, None, None]
    day = converter(q(QType.DATE))
    assert [day(v) for v in (None, "", "2025-03-04", "04/03/2025", "sai")] == [
        None, None, date(2025, 3, 4), date(2025, 3, 4), "sai"]  # fmt: skip
    count = converter(q(QType.REPEAT))
    assert [count(v) for v in (None, [], [{}, {}], "x")] == [None, 0, 2, None]
    place = converter(q(QType.COMMUNE), {10882: "Phường Kinh Môn"})
    assert [place(v) for v in (None, {"code": ""}, {"code": "10882", "name": ""},
                               {"code": "1", "name": "Xã A"}, "10882")] == [
        None, None, "Phường Kinh Môn", "Xã A", "Phường Kinh Môn"]  # fmt: skip


def test_survey_export_reports_progress_and_cancels(db: Any, tmp_path: Path) -> None:
    fill_demo(db, facilities=40, surveys=1001, proposals=0, seed=7)
    seen: list[tuple[int, int]] = []
    result = export(db, "surveys", tmp_path / "a.xlsx",
                    progress=lambda done, total, _msg: seen.append((done, total)))  # fmt: skip
    assert seen == [(500, 1001), (1000, 1001), (1001, 1001)] and result.rows == 1001
    with pytest.raises(InterruptedError):
        export(db, "surveys", tmp_path / "b.xlsx", cancelled=lambda: True)
    assert not (tmp_path / "b.xlsx").exists()
    assert [p.name for p in tmp_path.glob("*.xlsx")] == ["a.xlsx"]
