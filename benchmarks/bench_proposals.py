"""Proposals: the filtered list a centre scrolls, opening one in the editor, the live budget
recomputed on each keystroke, and printing one proposal — each beside its raw limit."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.common import Result, best_of, median_of, scratch, timed


def _database(home: Path, proposals: int) -> Any:
    from kcdesk.services.context import open_database
    from kcdesk.services.demo import fill_demo
    from kcdesk.services.installation import init_installation

    db = open_database()
    init_installation(db, role="province", person_name="Bench", province=31)
    fill_demo(db, facilities=max(200, proposals // 5), surveys=0, proposals=proposals, seed=5)
    return db


def _raw_page(path: Path, status: str, year: int) -> list[tuple[Any, ...]]:
    """Plain sqlite3: the same page (200 rows, same filter and order) with the category name and
    the beneficiaries' names, the columns the list shows."""
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT p.uuid, p.title, c.name_vi, p.year, p.status, p.support_amount, "
        "(SELECT group_concat(f.name, '; ') FROM proposal_facility pf "
        " JOIN facility f ON f.uuid = pf.facility_uuid WHERE pf.proposal_id = p.id) "
        "FROM proposal p LEFT JOIN content_category c ON c.code = p.category_code "
        "WHERE p.deleted = 0 AND p.status = ? AND p.year = ? "
        "ORDER BY p.updated_at DESC, p.id DESC LIMIT 200",
        (status, year),
    ).fetchall()
    count = conn.execute(
        "SELECT count(*) FROM proposal WHERE deleted = 0 AND status = ? AND year = ?",
        (status, year),
    ).fetchone()
    conn.close()
    return [*rows, count]


def list_page(quick: bool) -> Result:
    """One page of the filtered list plus its count, as the list view asks on every filter
    change; against the same query written by hand in sqlite3."""
    n = 2_000 if quick else 20_000
    from kcdesk.services.proposal_list import proposal_page
    from kcdesk.services.proposals import ProposalFilter

    with scratch("proposals-list") as home:
        db = _database(home, n)
        flt = ProposalFilter(status="draft", year=2025)

        def kcdesk_page() -> None:
            proposal_page(db, flt, limit=200)

        kcdesk_page()
        kc = median_of([timed(kcdesk_page) for _ in range(7)])
        assert db.path is not None
        _raw_page(db.path, "draft", 2025)
        limit = median_of([timed(lambda: _raw_page(db.path, "draft", 2025)) for _ in range(7)])
        db.close()
    return Result(f"list page of {n:,} proposals (filter, count, 200 rows)", kc, limit, 4.0, 0.25)


def open_editor(quick: bool) -> Result:
    """Opening one proposal: content, budget, the rule in force, the checks, history, steps;
    against reading the same rows with plain sqlite3 (no rule or check evaluated)."""
    n = 2_000 if quick else 20_000
    from kcdesk.services.proposals import get_proposal, list_proposals

    with scratch("proposals-open") as home:
        db = _database(home, n)
        uuids = [r.uuid for r in list_proposals(db, limit=50)]
        get_proposal(db, uuids[0])
        kc = median_of([timed(lambda u=u: get_proposal(db, u)) for u in uuids])
        assert db.path is not None
        path = db.path

        def raw(u: str) -> None:
            conn = sqlite3.connect(path)
            pid = conn.execute("SELECT id FROM proposal WHERE uuid = ?", (u,)).fetchone()[0]
            conn.execute("SELECT * FROM proposal WHERE id = ?", (pid,)).fetchall()
            conn.execute("SELECT * FROM proposal_budget_line WHERE proposal_id = ?", (pid,))
            conn.execute(
                "SELECT f.* FROM proposal_facility pf JOIN facility f "
                "ON f.uuid = pf.facility_uuid WHERE pf.proposal_id = ?",
                (pid,),
            ).fetchall()
            conn.execute("SELECT * FROM proposal_status_change WHERE proposal_id = ?", (pid,))
            conn.execute("SELECT * FROM proposal_cap_rule").fetchall()
            conn.close()

        limit = median_of([timed(lambda u=u: raw(u)) for u in uuids])
        db.close()
    return Result("open one proposal in the editor", kc, limit, None, 0.1)


def live_budget(quick: bool) -> Result:
    """What the editor does on each keystroke in the budget: check every row, total it, find
    the rule and the gap — for 60 rows; against summing the same integers with Python."""
    from kcdesk.domain.proposals import make_line
    from kcdesk.domain.proposals.caps import CapRule, RuleSource
    from kcdesk.services.proposal_budget import preview_budget

    rows = [
        (f"Vật tư {i}", "bộ", f"{i},5", f"{1_250_000 + i * 1000:,}".replace(",", "."), "30")
        for i in range(60)
    ]
    from datetime import date

    rules = [
        CapRule("ung_dung_may_moc", RuleSource.NATIONAL, date(2018, 5, 12), "TT 28/2018/TT-BTC",
                Decimal(50), 300_000_000),
        CapRule("ung_dung_may_moc", RuleSource.PROVINCIAL, date(2025, 1, 1), "NQ", Decimal(40),
                250_000_000, province_code=31),
    ]  # fmt: skip
    repeat = 50 if quick else 300

    def kcdesk_keystroke() -> None:
        lines = [make_line(*r, index=i) for i, r in enumerate(rows)]
        preview_budget(rules, "ung_dung_may_moc", "provincial", 31, 1, lines, plan_year=2025)

    parsed = [(Decimal(r[2].replace(",", ".")), int(r[3].replace(".", ""))) for r in rows]

    def raw_sum() -> None:
        total = sum(int(q * p) for q, p in parsed)
        _ = total * 30 // 100

    kc = best_of(lambda: [kcdesk_keystroke() for _ in range(repeat)]) / repeat
    limit = best_of(lambda: [raw_sum() for _ in range(repeat)]) / repeat
    return Result("live budget of 60 rows, per keystroke", kc, limit, None, 0.02)


def print_one(quick: bool) -> Result:
    """Printing one proposal (official layout, 40 budget rows, fonts embedded); against
    reportlab laying out the same budget table and paragraphs with its default styles."""
    from kcdesk.services.proposals import LineInput, ProposalInput, create_proposal

    with scratch("proposals-print") as home:
        db = _database(home, 10)
        from kcdesk.services.facilities import FacilityFilter, list_facilities

        fac = list_facilities(db, FacilityFilter(), limit=1)[0].uuid
        lines = [
            LineInput(f"Thiết bị số {i}", "bộ", i + 1, 1_500_000 + i * 10_000, 30)
            for i in range(40)
        ]
        uuid = create_proposal(
            db,
            ProposalInput(
                title="Hỗ trợ ứng dụng máy móc tiên tiến trong sản xuất chiếu cói",
                category="ung_dung_may_moc",
                plan_year=2025,
                implementing_unit="Trung tâm Khuyến công Hải Phòng",
                facility_uuids=[fac],
                objectives="Nâng năng suất. " * 20,
                background="Nghề chiếu cói có từ lâu đời. " * 30,
                activities="Mua sắm, lắp đặt, đào tạo vận hành. " * 20,
                lines=lines,
            ),
        ).uuid
        from kcdesk.services.proposal_print import print_proposal

        print_proposal(db, uuid, home / "warm.pdf")
        kc = best_of(lambda: print_proposal(db, uuid, home / "a.pdf"), 3 if quick else 5)
        db.close()

        def raw() -> None:
            from reportlab.lib.pagesizes import A4
            from reportlab.lib.styles import getSampleStyleSheet
            from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

            st = getSampleStyleSheet()
            story: list[Any] = [Paragraph("Nghe chieu coi co tu lau doi. " * 30, st["Normal"])]
            story += [Paragraph("Nang nang suat. " * 20, st["Normal"])]
            data = [["TT", "Noi dung", "DVT", "SL", "Don gia", "Thanh tien", "KC", "Doi ung"]]
            for i, x in enumerate(lines):
                amount = int(Decimal(str(x.quantity)) * int(str(x.unit_price)))
                data.append([str(i + 1), Paragraph(x.item, st["Normal"]), x.unit,
                             str(x.quantity), str(x.unit_price), str(amount),
                             str(amount * 30 // 100), str(amount - amount * 30 // 100)])  # fmt: skip
            story.append(Table(data, repeatRows=1))
            SimpleDocTemplate(str(home / "raw.pdf"), pagesize=A4).build(story)

        raw()
        limit = best_of(raw, 3 if quick else 5)
    return Result("print one proposal (40 budget rows)", kc, limit, 4.0, 1.0)


WORKLOADS = [list_page, open_editor, live_budget, print_one]
