"""Every kind of record travels whole: surveys with photos, proposals with their budget lines,
beneficiaries, files and lifecycle steps — and the centre's decisions come back."""

from __future__ import annotations

from pathlib import Path

from kcdesk.services import surveys
from kcdesk.services.proposals import (
    LineInput,
    ProposalInput,
    attach_file,
    attachment_content,
    create_proposal,
    get_proposal,
    transition_proposal,
)

from .sync_world import TAN_MINH, Laptop, facility, send, snapshot


def proposal(db, fac: str) -> str:
    data = ProposalInput(
        title="Hỗ trợ máy dệt chiếu cói tự động", category="ung_dung_may_moc",
        funding_source="provincial", plan_year=2025, implementing_unit="Trung tâm Khuyến công",
        facility_uuids=[fac], commune_code=TAN_MINH, place="Thôn Lật Dương",
        period_start="01/03/2025", period_end="30/11/2025",
        objectives="Nâng năng suất dệt chiếu lên gấp đôi", expected_jobs=25,
        lines=[LineInput("Máy dệt chiếu cói tự động", "chiếc", "2", "250.000.000", "50")],
    )  # fmt: skip
    return create_proposal(db, data).detail.uuid


def test_proposal_with_file_goes_up_and_the_decision_comes_back(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    fac = facility(an.db)
    uuid = proposal(an.db, fac)
    quote = tmp_path / "báo giá máy dệt.pdf"
    quote.write_bytes(b"%PDF-1.4 bao gia " * 100)
    attach_file(an.db, uuid, quote, "Báo giá")
    transition_proposal(an.db, uuid, "submitted")

    up = send(an, centre, tmp_path)
    assert up.counts["proposal"]["inserted"] == 1 and up.counts["attachment"]["inserted"] == 1
    at_centre = get_proposal(centre.db, uuid)
    assert at_centre.status.value == "submitted"
    assert [line.item for line in at_centre.lines] == ["Máy dệt chiếu cói tự động"]
    assert at_centre.totals.support == 250_000_000
    [file] = at_centre.attachments
    assert attachment_content(centre.db, uuid, file.uuid) == quote.read_bytes()

    transition_proposal(centre.db, uuid, "appraising")
    transition_proposal(centre.db, uuid, "approved")
    down = send(centre, an, tmp_path)
    assert down.counts["proposal"]["updated"] == 1 and down.conflicts == []
    on_laptop = get_proposal(an.db, uuid)
    assert on_laptop.status.value == "approved"
    assert [h.target.value if hasattr(h.target, "value") else h.target
            for h in on_laptop.history][-2:] == ["appraising", "approved"]  # fmt: skip
    assert snapshot(an.db)["proposal"] == snapshot(centre.db)["proposal"]


def test_surveys_and_their_photos_arrive_complete(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    fac = facility(an.db)
    detail = surveys.create_survey(an.db, fac)
    photo = tmp_path / "xưởng.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(5000))
    surveys.attach_photo(an.db, detail.uuid, photo, "Xưởng dệt")
    send(an, centre, tmp_path)
    got = surveys.get_survey(centre.db, detail.uuid)
    assert got.facility_uuid == fac
    assert surveys.photo_bytes(centre.db, photo_sha(an, detail.uuid)) == photo.read_bytes()
    assert snapshot(centre.db)["survey"] == snapshot(an.db)["survey"]


def photo_sha(laptop: Laptop, survey_uuid: str) -> str:
    from sqlalchemy import select

    from kcdesk.storage.models import Attachment

    with laptop.db.unit_of_work() as uow:
        return str(uow.session.execute(
            select(Attachment.sha256).where(Attachment.owner_uuid == survey_uuid)
        ).scalar_one())  # fmt: skip


def test_a_file_removed_before_it_was_ever_sent_travels_as_a_deletion(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    from kcdesk.services.proposals import remove_attachment

    uuid = proposal(an.db, facility(an.db))
    quote = tmp_path / "nhầm tệp.pdf"
    quote.write_bytes(b"%PDF-1.4 nham " * 10)
    row = attach_file(an.db, uuid, quote, "Nhầm")
    remove_attachment(an.db, uuid, row.uuid)
    result = send(an, centre, tmp_path)
    assert result.counts["attachment"]["inserted"] == 1
    assert get_proposal(centre.db, uuid).attachments == ()
    assert snapshot(centre.db)["attachment"] == snapshot(an.db)["attachment"]


def test_fast_export_lines_are_the_records_exactly(an: Laptop, tmp_path: Path) -> None:
    """The exporter splices stored JSON into lines instead of decoding it: same records."""
    import json

    from kcdesk.services.demo import fill_demo
    from kcdesk.services.sync.records import iter_changed, iter_changed_lines

    fill_demo(an.db, facilities=30, surveys=60, proposals=0, seed=5)
    fac = facility(an.db, latitude=20.7123456, longitude=106.6, notes="dòng 1\ndòng “2”")
    detail = surveys.create_survey(an.db, fac)
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"\xff\xd8" + bytes(300))
    surveys.attach_photo(an.db, detail.uuid, photo, "Ảnh")
    with an.db.unit_of_work() as uow:
        conn = uow.session.connection()
        for kind in ("facility", "survey", "attachment"):
            slow = [s.to_line(kind) for batch in iter_changed(conn, kind, 0) for s in batch]
            fast = [json.loads(r.line) for batch in iter_changed_lines(conn, kind, 0, 7)
                    for r in batch]  # fmt: skip
            assert fast == slow and fast
