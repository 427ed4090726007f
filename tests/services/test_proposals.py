"""Proposal use cases on a real (temporary) database: drafts, caps, checks, lists, files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kcdesk.domain.errors import KcError, NotFoundError, Severity, ValidationError
from kcdesk.domain.proposals import ProposalStatus, ReadOnlyError
from kcdesk.services.context import Database
from kcdesk.services.facilities import create_facility
from kcdesk.services.installation import init_installation
from kcdesk.services.proposals import (
    LineInput,
    ProposalFilter,
    ProposalInput,
    attach_file,
    attachment_content,
    count_proposals,
    create_proposal,
    delete_proposal,
    get_proposal,
    list_proposals,
    proposal_filter_values,
    remove_attachment,
    transition_proposal,
    update_proposal,
)
from kcdesk.storage.models import AuditEntry, Proposal, ProposalBudgetLine


def facility(db: Database, name: str = "HTX chiếu cói Lật Dương", commune: int = 11755) -> str:
    return create_facility(db, {"name": name, "kind": "htx", "commune_code": commune}).uuid


def machinery(db: Database, fac: str, **kw: Any) -> ProposalInput:
    """A complete proposal for advanced machinery: 2 × 250 triệu at 50 % → 250 triệu asked,
    under the TT 28 cap of 50 % and 300 triệu per facility."""
    data = ProposalInput(
        title="Hỗ trợ máy dệt chiếu cói tự động",
        category="ung_dung_may_moc",
        funding_source="provincial",
        plan_year=2025,
        implementing_unit="Trung tâm Khuyến công Hải Phòng",
        facility_uuids=[fac],
        commune_code=11755,
        place="Thôn Lật Dương",
        period_start="01/03/2025",
        period_end="30/11/2025",
        objectives="Nâng năng suất dệt chiếu lên gấp đôi",
        expected_jobs=25,
        lines=[LineInput("Máy dệt chiếu cói tự động", "chiếc", "2", "250.000.000", "50")],
    )
    for key, value in kw.items():
        setattr(data, key, value)
    return data


def as_province(db: Database) -> None:
    init_installation(db, role="province", person_name="Lê Thị Thu", province=31,
                      centre_name="Trung tâm Khuyến công Hải Phòng")  # fmt: skip


def as_collaborator(db: Database) -> None:
    init_installation(db, role="collaborator", person_name="Nguyễn Văn An", province=31)


def test_create_a_draft_with_exact_totals_and_the_cap(db: Database) -> None:
    fac = facility(db)
    saved = create_proposal(db, machinery(db, fac))
    d = saved.detail
    assert d.status is ProposalStatus.DRAFT and d.editable
    assert d.totals.amount == 500_000_000 and d.totals.support == 250_000_000
    assert d.cap.allowed == 250_000_000  # 50 % of 500 triệu < 300 triệu
    assert d.cap.gap == 0 and not d.cap.over_cap
    assert "TT 28/2018/TT-BTC" in d.cap.rule_vi
    assert d.category_name.startswith("Ứng dụng máy móc")
    assert d.beneficiaries[0].name == "HTX chiếu cói Lật Dương"
    assert d.commune_name == "Xã Tiên Lãng" and d.created_by == "Nguyễn Văn An"
    assert d.province_code == 31
    assert d.period_start == date(2025, 3, 1)
    assert saved.warnings == ()
    assert [s.target for s in d.steps] == [ProposalStatus.SUBMITTED]
    assert d.steps[0].blockers == ()


def test_a_bare_draft_is_kept_and_says_what_is_missing_before_submitting(db: Database) -> None:
    saved = create_proposal(db, ProposalInput(title="  Đề án  mới "))
    d = saved.detail
    assert d.title == "Đề án mới"
    (submit,) = d.steps
    assert {b.field for b in submit.blockers} >= {"category", "facility_uuids", "lines"}
    with pytest.raises(ValidationError) as info:
        transition_proposal(db, d.uuid, "submitted")
    assert "trước khi gửi" in str(info.value)
    assert get_proposal(db, d.uuid).status is ProposalStatus.DRAFT


def test_bad_input_is_refused_with_every_reason_and_nothing_saved(db: Database) -> None:
    fac = facility(db)
    bad = machinery(
        db,
        fac,
        category="khong_co",
        plan_year="hai nghìn",
        period_start="31/02/2025",
        facility_uuids=[fac, "no-such-facility"],
        lines=[
            LineInput("Máy", "chiếc", "-1", "250.000.000", "50"),
            LineInput("Thuê", "tháng", "2", "1.000.000", "120"),
            {"item": "Vật tư", "unit": "kg", "quantity": "10", "unit_price": "abc",
             "support_percent": "30"},
        ],
    )  # fmt: skip
    with pytest.raises(ValidationError) as info:
        create_proposal(db, bad)
    fields = {i.field for i in info.value.issues}
    assert fields >= {
        "category", "plan_year", "period_start", "facility_uuids",
        "lines[0].quantity", "lines[1].support_percent", "lines[2].unit_price",
    }  # fmt: skip
    messages = " ".join(i.message_vi for i in info.value.issues)
    assert "Dòng 1" in messages and "vượt quá 100 %" in messages
    assert count_proposals(db) == 0


def test_over_the_cap_is_a_draft_with_a_warning_and_cannot_be_submitted(db: Database) -> None:
    fac = facility(db)
    data = machinery(db, fac, lines=[LineInput("Máy dệt", "chiếc", 2, 400_000_000, 50)])
    saved = create_proposal(db, data)  # asks 400 triệu; cap 300 triệu per facility
    assert saved.detail.cap.allowed == 300_000_000 and saved.detail.cap.gap == -100_000_000
    (warning,) = saved.warnings
    assert warning.severity is Severity.WARNING and warning.code == "over_cap"
    assert "100.000.000 đồng" in warning.message_vi
    (submit,) = saved.detail.steps
    assert [b.code for b in submit.blockers] == ["over_cap"]
    with pytest.raises(ValidationError, match="Không thể gửi"):
        transition_proposal(db, saved.uuid, ProposalStatus.SUBMITTED)
    assert get_proposal(db, saved.uuid).status is ProposalStatus.DRAFT
    # Bringing the support down to 37,5 % (300 triệu) makes it acceptable.
    data.lines = [LineInput("Máy dệt", "chiếc", 2, 400_000_000, "37,5")]
    fixed = update_proposal(db, saved.uuid, data)
    assert fixed.warnings == () and fixed.detail.cap.gap == 0
    assert transition_proposal(db, saved.uuid, "submitted").status is ProposalStatus.SUBMITTED


def test_two_facilities_double_a_per_facility_cap(db: Database) -> None:
    a, b = facility(db), facility(db, "Công ty TNHH Thương mại Dũng Hồng")
    data = machinery(db, a, facility_uuids=[a, b],
                     lines=[LineInput("Máy", "chiếc", 4, 300_000_000, 50)])  # fmt: skip
    saved = create_proposal(db, data)
    assert saved.detail.cap.allowed == 600_000_000 and saved.warnings == ()


def test_submitted_proposal_is_read_only_for_the_collaborator(db: Database) -> None:
    fac = facility(db)
    uuid = create_proposal(db, machinery(db, fac)).uuid
    detail = transition_proposal(db, uuid, "submitted")
    assert not detail.editable and detail.steps == ()
    with pytest.raises(ReadOnlyError, match="chỉ xem"):
        update_proposal(db, uuid, machinery(db, fac, title="Sửa tên"))
    with pytest.raises(KcError):
        delete_proposal(db, uuid)
    with pytest.raises(ReadOnlyError):
        attach_file(db, uuid, Path(__file__))
    assert get_proposal(db, uuid).title == "Hỗ trợ máy dệt chiếu cói tự động"


def test_the_whole_lifecycle_with_who_when_why(db: Database) -> None:
    fac = facility(db)
    uuid = create_proposal(db, machinery(db, fac)).uuid
    transition_proposal(db, uuid, "submitted")
    as_province(db)
    # Approval comes after appraisal, never straight from submission.
    with pytest.raises(KcError, match="chỉ chuyển được sang"):
        transition_proposal(db, uuid, "approved")
    transition_proposal(db, uuid, "appraising")
    with pytest.raises(KcError, match="lý do"):
        transition_proposal(db, uuid, "returned")
    returned = transition_proposal(db, uuid, "returned", "Bổ sung ba báo giá máy dệt")
    assert returned.status is ProposalStatus.RETURNED
    as_collaborator(db)
    data = get_proposal(db, uuid).to_input()
    data.activities = "Mua và lắp đặt 2 máy; đào tạo vận hành"
    update_proposal(db, uuid, data)  # a returned proposal is editable again
    transition_proposal(db, uuid, "submitted")
    with pytest.raises(KcError, match="chỉ do Trung tâm"):  # appraisal is the province's step
        transition_proposal(db, uuid, "appraising")
    as_province(db)
    for target in ("appraising", "approved", "implementing", "accepted", "settled"):
        detail = transition_proposal(db, uuid, target)
    assert detail.status is ProposalStatus.SETTLED and detail.approved_amount == 250_000_000
    steps = [(h.source.value, h.target.value, h.role.value) for h in detail.history]
    assert steps == [
        ("draft", "submitted", "collaborator"),
        ("submitted", "appraising", "province"),
        ("appraising", "returned", "province"),
        ("returned", "submitted", "collaborator"),
        ("submitted", "appraising", "province"),
        ("appraising", "approved", "province"),
        ("approved", "implementing", "province"),
        ("implementing", "accepted", "province"),
        ("accepted", "settled", "province"),
    ]
    back = detail.history[2]
    assert back.reason == "Bổ sung ba báo giá máy dệt" and back.actor == "Lê Thị Thu"
    assert back.verb_vi == "Trả lại để sửa" and back.at is not None and back.device_id
    with pytest.raises(KcError, match="đã kết thúc"):
        transition_proposal(db, uuid, "draft")


def test_province_cannot_approve_over_the_cap(db: Database) -> None:
    fac = facility(db)
    uuid = create_proposal(db, machinery(db, fac)).uuid
    transition_proposal(db, uuid, "submitted")
    as_province(db)
    transition_proposal(db, uuid, "appraising")
    data = get_proposal(db, uuid).to_input()
    data.lines = [LineInput("Máy", "chiếc", 2, 400_000_000, 50)]
    # While appraising the province may correct the budget, but never above the cap.
    with pytest.raises(ValidationError, match="Không lưu được"):
        update_proposal(db, uuid, data)
    data.lines = [LineInput("Máy", "chiếc", 2, 300_000_000, 50)]
    assert update_proposal(db, uuid, data).detail.totals.support == 300_000_000
    assert transition_proposal(db, uuid, "approved").approved_amount == 300_000_000


def test_unknown_status_and_unknown_proposal(db: Database) -> None:
    with pytest.raises(KcError, match="không có"):
        transition_proposal(db, "x", "finished")
    with pytest.raises(NotFoundError):
        get_proposal(db, "00000000-0000-0000-0000-000000000000")


def test_same_facility_same_category_recently_is_warned(db: Database) -> None:
    fac = facility(db)
    create_proposal(db, machinery(db, fac, plan_year=2023, period_start="01/03/2023",
                                  period_end="30/11/2023"))  # fmt: skip
    second = create_proposal(db, machinery(db, fac, title="Máy dệt lần hai"))
    codes = [w.code for w in second.warnings]
    assert codes == ["repeat_support"]
    assert "2023" in second.warnings[0].message_vi
    assert "HTX chiếu cói Lật Dương" in second.warnings[0].message_vi
    # A different category is no repeat.
    other = create_proposal(db, machinery(db, fac, category="dao_tao_nghe"))
    assert [w.code for w in other.warnings if w.code == "repeat_support"] == []


def test_counterpart_below_the_provincial_rule_warns(db: Database) -> None:
    rules = Path(__file__).resolve().parents[2] / "resources" / "rules"
    doc = (rules / "example-provincial-dak-lak-2025.json").read_text("utf-8")
    doc = doc.replace('"province_code": 66', '"province_code": 31')
    import json

    from kcdesk.services.proposal_rules import load_rules_document

    load_rules_document(db, json.loads(doc))
    fac = facility(db)
    data = machinery(db, fac, category="mo_hinh_trinh_dien",
                     lines=[LineInput("Mô hình", "gói", 1, 1_000_000_000, 30, 50)])  # fmt: skip
    saved = create_proposal(db, data)
    assert saved.detail.cap.allowed == 300_000_000  # provincial 30 % / 800 triệu
    assert [w.code for w in saved.warnings] == ["counterpart_below_rule"]
    assert saved.detail.totals.other == 200_000_000


def test_editor_version_guard(db: Database) -> None:
    fac = facility(db)
    saved = create_proposal(db, machinery(db, fac))
    opened = saved.detail.version
    update_proposal(db, saved.uuid, machinery(db, fac, title="Sửa lần 1"), base_version=opened)
    with pytest.raises(KcError, match="thay đổi ở nơi khác"):
        update_proposal(db, saved.uuid, machinery(db, fac, title="Sửa cũ"), base_version=opened)
    assert get_proposal(db, saved.uuid).title == "Sửa lần 1"


def test_budget_changes_are_audited_and_stamp_the_proposal(db: Database) -> None:
    fac = facility(db)
    saved = create_proposal(db, machinery(db, fac))
    before = saved.detail.version
    data = saved.detail.to_input()
    data.lines = [*data.lines, LineInput("Lắp đặt", "gói", 1, "15.500.000", 0)]
    after = update_proposal(db, saved.uuid, data).detail
    assert after.totals.amount == 515_500_000 and after.totals.counterpart == 265_500_000
    assert after.version != before
    with db.unit_of_work() as uow:
        entries = (
            uow.session.execute(select(AuditEntry).where(AuditEntry.record_uuid == saved.uuid))
            .scalars()
            .all()
        )
        budget = [e for e in entries if e.after and "lines" in e.after]
        assert budget and len(budget[-1].after["lines"]) == 2  # type: ignore[index]
        stored = (
            uow.session.execute(select(ProposalBudgetLine).order_by(ProposalBudgetLine.position))
            .scalars()
            .all()
        )
        assert [str(x.quantity) for x in stored] == ["2", "1"]
        assert stored[1].amount == 15_500_000


def test_unchanged_save_does_not_stamp(db: Database) -> None:
    fac = facility(db)
    saved = create_proposal(db, machinery(db, fac))
    again = update_proposal(db, saved.uuid, saved.detail.to_input())
    assert again.detail.version == saved.detail.version


def test_delete_only_unsent_drafts(db: Database) -> None:
    fac = facility(db)
    uuid = create_proposal(db, machinery(db, fac)).uuid
    delete_proposal(db, uuid)
    with pytest.raises(NotFoundError):
        get_proposal(db, uuid)
    assert count_proposals(db) == 0
    with db.unit_of_work() as uow:  # a tombstone, so the delete travels
        assert uow.session.execute(select(func.count(Proposal.id))).scalar_one() == 1


def test_list_with_filters(db: Database) -> None:
    a = facility(db)
    b = facility(db, "Cơ sở thêu ren Tân Minh", commune=11779)
    first = create_proposal(db, machinery(db, a)).uuid
    create_proposal(db, machinery(db, b, title="Đào tạo nghề thêu ren", category="dao_tao_nghe",
                                  plan_year=2026, commune_code=11779, funding_source="national",
                                  period_start="01/03/2026", period_end="01/10/2026"))  # fmt: skip
    transition_proposal(db, first, "submitted")
    assert count_proposals(db) == 2
    rows = list_proposals(db, ProposalFilter(status="submitted"))
    assert [r.uuid for r in rows] == [first]
    assert rows[0].status_label == "Đã gửi" and rows[0].beneficiaries == "HTX chiếu cói Lật Dương"
    assert rows[0].support_amount == 250_000_000 and rows[0].commune_name == "Xã Tiên Lãng"
    assert [r.year for r in list_proposals(db, ProposalFilter(year=2026))] == [2026]
    assert len(list_proposals(db, ProposalFilter(category="dao_tao_nghe"))) == 1
    assert len(list_proposals(db, ProposalFilter(funding_source="national"))) == 1
    assert len(list_proposals(db, ProposalFilter(commune_code=11779))) == 1
    assert len(list_proposals(db, ProposalFilter(search="THEU REN"))) == 1
    assert len(list_proposals(db, ProposalFilter(search="thêu"))) == 1
    assert len(list_proposals(db, ProposalFilter(facility_uuid=a))) == 1
    assert list_proposals(db, order="title")[0].title.startswith("Đào")
    assert list_proposals(db, limit=1, offset=1)[0].uuid
    values = proposal_filter_values(db)
    assert values["years"] == [2026, 2025]
    assert [c for c, _ in values["communes"]] == [11779, 11755] or set(
        c for c, _ in values["communes"]
    ) == {11755, 11779}
    with pytest.raises(KcError):
        list_proposals(db, order="price")


def test_attachments(db: Database, tmp_path: Path) -> None:
    fac = facility(db)
    uuid = create_proposal(db, machinery(db, fac)).uuid
    quote = tmp_path / "Báo giá máy dệt.pdf"
    quote.write_bytes(b"%PDF-1.4 quote")
    att = attach_file(db, uuid, quote, "Báo giá của Công ty Cơ khí Hải Phòng")
    assert att.media_type == "application/pdf" and att.size == 14
    detail = get_proposal(db, uuid)
    assert [a.filename for a in detail.attachments] == ["Báo giá máy dệt.pdf"]
    assert attachment_content(db, uuid, att.uuid) == b"%PDF-1.4 quote"
    remove_attachment(db, uuid, att.uuid)
    assert get_proposal(db, uuid).attachments == ()
    with pytest.raises(KcError, match="Không tìm thấy tệp"):
        attach_file(db, uuid, tmp_path / "missing.pdf")


def test_needs_an_installation(empty_db: Database) -> None:
    with pytest.raises(KcError, match="Chưa thiết lập"):
        create_proposal(empty_db, ProposalInput(title="x"))
