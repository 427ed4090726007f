"""Provincial reports: every figure is computed again here with plain SQL and compared."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import text

from kcdesk.domain.entities import FacilityKind
from kcdesk.services.demo import fill_demo
from kcdesk.services.reports import (
    NO_COMMUNE,
    ReportFilter,
    build_reports,
    facilities_by_commune,
    facilities_by_industry,
    facilities_by_kind,
    industry_group,
    proposals_by_category,
    proposals_by_source,
    proposals_by_status,
    proposals_by_year,
    surveys_by_collaborator,
    write_reports,
)
from kcdesk.storage.models import Facility, Proposal, Survey

SURVEYORS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", ""]


@pytest.fixture
def filled(db: Any) -> Any:
    fill_demo(db, facilities=60, surveys=0, proposals=24, seed=7)
    rng = random.Random(3)
    with db.unit_of_work() as uow:
        s = uow.session
        facilities = list(s.query(Facility).filter(Facility.deleted.is_(False)))
        # Some facilities without a commune or an industry code, one deleted (never counted).
        for f in facilities[:5]:
            f.commune_code, f.commune_scheme = None, None
        for f in facilities[5:12]:
            f.industry_code = ""
        facilities[12].deleted = True
        for i in range(100):
            f = facilities[rng.randrange(len(facilities))]
            when = date(2025, rng.randint(1, 12), rng.randint(1, 28)) if i % 25 else None
            s.add(Survey(
                facility_uuid=f.uuid, form_id="khao-sat-co-so", form_version=1, answers={},
                status="complete" if i % 4 else "draft", surveyor=rng.choice(SURVEYORS),
                survey_date=when, deleted=(i == 7),
            ))  # fmt: skip
        for i, p in enumerate(s.query(Proposal)):
            if i % 3 == 0:
                p.approved_amount = int(p.support_amount * Decimal("0.8"))
    return db


def _sql(db: Any, query: str, **params: Any) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(text(query), params))


def _million(dong: int | None) -> Decimal:
    return (Decimal(dong or 0) / Decimal(1_000_000)).quantize(Decimal("0.001"))


def test_facilities_by_commune_match_sql(filled: Any) -> None:
    table = facilities_by_commune(filled)
    expected: dict[str, dict[str, int]] = {}
    for name, kind, n, workers, revenue in _sql(filled, """
        SELECT COALESCE(c.name, :none), f.kind, COUNT(*), COALESCE(SUM(f.employees), 0),
               COALESCE(SUM(f.annual_revenue), 0)
        FROM facility f LEFT JOIN commune c ON c.scheme = f.commune_scheme AND c.code = f.commune_code
        WHERE f.deleted = 0 GROUP BY 1, 2""", none=NO_COMMUNE):  # fmt: skip
        e = expected.setdefault(name, {"n": 0, "w": 0, "r": 0})
        e[kind] = n
        e["n"] += n
        e["w"] += workers
        e["r"] += revenue
    got = {row[1]: row for row in table.rows}
    assert set(got) == set(expected)
    kinds = [FacilityKind.ENTERPRISE, FacilityKind.COOPERATIVE, FacilityKind.COOPERATIVE_GROUP,
             FacilityKind.HOUSEHOLD]  # fmt: skip
    for name, e in expected.items():
        row = got[name]
        assert row[2:6] == [e.get(k.value, 0) for k in kinds]
        assert row[6] == e["n"] and row[7] == e["w"] and row[8] == _million(e["r"])
    assert table.rows[-1][1] == NO_COMMUNE  # the unplaced ones come last
    assert table.total is not None and table.total[6] == sum(e["n"] for e in expected.values())
    assert table.total[6] == 59  # 60 made, one deleted
    assert "toàn bộ" in table.filters and table.made_at


def test_facilities_by_kind_and_filters(filled: Any) -> None:
    table = facilities_by_kind(filled)
    rows = {r[1]: r for r in table.rows}
    for kind, n, workers in _sql(
        filled,
        """SELECT kind, COUNT(*), COALESCE(SUM(employees), 0)
                                            FROM facility WHERE deleted = 0 GROUP BY kind""",
    ):
        row = rows[FacilityKind(kind).label_vi]
        assert (row[2], row[4]) == (n, workers)
    assert sum(r[3] for r in table.rows) == pytest.approx(Decimal(1), abs=Decimal("0.001"))
    # Filtered to one commune and one kind.
    code = _sql(filled, "SELECT commune_code FROM facility WHERE commune_code IS NOT NULL "
                "AND deleted = 0 LIMIT 1")[0][0]  # fmt: skip
    flt = ReportFilter(commune_code=code, kind="htx")
    (n,) = _sql(filled, "SELECT COUNT(*) FROM facility WHERE deleted = 0 AND kind = 'htx' AND "
                "commune_scheme = '2025' AND commune_code = :c", c=code)[0]  # fmt: skip
    filtered = facilities_by_kind(filled, flt)
    assert sum(r[2] for r in filtered.rows) == n
    assert "loại hình: Hợp tác xã" in filtered.filters and "xã/phường" in filtered.filters


def test_facilities_by_industry_match_sql(filled: Any) -> None:
    table = facilities_by_industry(filled)
    expected: dict[str, int] = {}
    for code, n in _sql(filled, "SELECT industry_code, COUNT(*) FROM facility WHERE deleted = 0 "
                        "GROUP BY industry_code"):  # fmt: skip
        group = industry_group(code or "")
        label = f"Ngành {group}" if group else "(Chưa có mã ngành)"
        expected[label] = expected.get(label, 0) + n
    got: dict[str, int] = {}
    for row in table.rows:
        got[row[1]] = got.get(row[1], 0) + row[3]
    assert got == expected
    assert expected["(Chưa có mã ngành)"] >= 7


def test_surveys_per_collaborator_per_month_match_sql(filled: Any) -> None:
    table = surveys_by_collaborator(filled)
    months = [c.title for c in table.columns[2:-1]]
    for surveyor, month, n in _sql(filled, """
        SELECT surveyor, strftime('%m/%Y', survey_date), COUNT(*) FROM survey
        WHERE deleted = 0 AND status = 'complete' AND survey_date IS NOT NULL
        GROUP BY 1, 2"""):  # fmt: skip
        row = next(r for r in table.rows if r[1] == (surveyor or "(Không ghi người khảo sát)"))
        assert row[2 + months.index(month)] == n
    (total,) = _sql(filled, "SELECT COUNT(*) FROM survey WHERE deleted = 0 AND status = 'complete'"
                    " AND survey_date IS NOT NULL")[0]  # fmt: skip
    assert table.total is not None and table.total[-1] == total
    (undated,) = _sql(filled, "SELECT COUNT(*) FROM survey WHERE deleted = 0 AND "
                      "status = 'complete' AND survey_date IS NULL")[0]  # fmt: skip
    assert any(f"{undated} phiếu" in n for n in table.notes) == bool(undated)
    # A date range shows every month of it, and counts only surveys inside it.
    flt = ReportFilter(date_from=date(2025, 3, 1), date_to=date(2025, 5, 31))
    spring = surveys_by_collaborator(filled, flt)
    assert [c.title for c in spring.columns[2:-1]] == ["03/2025", "04/2025", "05/2025"]
    (n,) = _sql(filled, "SELECT COUNT(*) FROM survey WHERE deleted = 0 AND status = 'complete' "
                "AND survey_date BETWEEN '2025-03-01' AND '2025-05-31'")[0]  # fmt: skip
    assert spring.total is not None and spring.total[-1] == n
    assert "từ ngày 01/03/2025" in spring.filters


@pytest.mark.parametrize(
    "report,column",
    [(proposals_by_year, "year"), (proposals_by_category, "category_code"),
     (proposals_by_source, "funding_source"), (proposals_by_status, "status")],
)  # fmt: skip
def test_proposals_requested_against_approved_match_sql(
    filled: Any, report: Any, column: str
) -> None:
    table = report(filled)
    found = _sql(filled, f"""
        SELECT {column}, COUNT(*), SUM(support_amount), COALESCE(SUM(approved_amount), 0)
        FROM proposal WHERE deleted = 0 GROUP BY {column}""")  # fmt: skip
    assert len(table.rows) == len(found)
    assert sorted(r[2] for r in table.rows) == sorted(n for _k, n, _s, _a in found)
    assert sorted(r[4] for r in table.rows) == sorted(_million(s) for _k, _n, s, _a in found)
    assert sorted(r[5] for r in table.rows) == sorted(_million(a) for _k, _n, _s, a in found)
    assert table.total is not None
    all_support = sum(s for _k, _n, s, _a in found)
    all_approved = sum(a for _k, _n, _s, a in found)
    assert table.total[4] == sum((_million(s) for _k, _n, s, _a in found), Decimal(0))
    assert table.total[6] == (Decimal(all_approved) / Decimal(all_support)).quantize(
        Decimal("0.0001")
    )
    assert all_approved > 0


def test_proposal_filters(filled: Any) -> None:
    (year,) = _sql(filled, "SELECT year FROM proposal WHERE deleted = 0 LIMIT 1")[0]
    table = proposals_by_status(filled, ReportFilter(year=year, source="provincial"))
    (n,) = _sql(filled, "SELECT COUNT(*) FROM proposal WHERE deleted = 0 AND year = :y AND "
                "funding_source = 'provincial'", y=year)[0]  # fmt: skip
    assert sum(r[2] for r in table.rows) == n
    assert f"năm {year}" in table.filters and "Khuyến công địa phương" in table.filters


def test_reports_workbook(filled: Any, tmp_path: Path) -> None:
    out = tmp_path / "bao cao tỉnh.xlsx"
    result = write_reports(filled, "all", out)
    assert len(result.tables) == 8
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == 8
    ws = wb[wb.sheetnames[0]]
    texts = [ws.cell(r, 1).value for r in range(1, 6)]
    assert "CƠ SỞ CNNT THEO XÃ/PHƯỜNG" in texts
    assert any(str(t).startswith("Bộ lọc:") for t in texts)
    assert any(str(t).startswith("Lập lúc:") for t in texts)
    totals = [row for row in ws.iter_rows(values_only=True) if row[1] == "Tổng cộng"]
    assert totals and totals[0][6] == 59
    assert [t.key for t in build_reports(filled, "proposals")] == [
        "proposals_by_year", "proposals_by_category", "proposals_by_source",
        "proposals_by_status",
    ]  # fmt: skip


def test_empty_database_gives_empty_reports(db: Any, tmp_path: Path) -> None:
    tables = build_reports(db, "all")
    assert all(t.rows == [] and t.total is None for t in tables)
    write_reports(db, "all", tmp_path / "rong.xlsx")
