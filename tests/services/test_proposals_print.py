"""``print_proposal(db, uuid, out_path)``: the stored proposal as its paper."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pypdf
import pytest

from kcdesk.domain.errors import NotFoundError
from kcdesk.services.context import Database
from kcdesk.services.facilities import create_facility
from kcdesk.services.proposal_print import print_proposal, short_province
from kcdesk.services.proposals import LineInput, ProposalInput, create_proposal, transition_proposal


def text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    raw = " ".join(p.extract_text() for p in reader.pages)
    return " ".join(unicodedata.normalize("NFC", raw).split())


def proposal(db: Database) -> str:
    fac = create_facility(db, {"name": "Công ty TNHH Thương mại Dũng Hồng", "kind": "doanh nghiệp",
                               "owner_name": "Trần Văn Dũng", "commune_code": 11755,
                               "address": "Thôn Đông"}).uuid  # fmt: skip
    data = ProposalInput(
        title="Hỗ trợ máy thêu vi tính", category="ung_dung_may_moc", plan_year=2025,
        implementing_unit="Trung tâm Khuyến công Hải Phòng", facility_uuids=[fac],
        commune_code=11755, period_start="01/04/2025", period_end="31/10/2025",
        objectives="Tăng sản lượng thêu ren xuất khẩu", expected_jobs=12,
        lines=[LineInput("Máy thêu vi tính 12 đầu", "chiếc", 1, "480.000.000", 50)],
    )  # fmt: skip
    return create_proposal(db, data).uuid


def test_print_a_stored_proposal(db: Database, tmp_path: Path) -> None:
    uuid = proposal(db)
    result = print_proposal(db, uuid, tmp_path / "Đề án thêu ren", issued=date(2025, 3, 10))
    assert result.path == tmp_path / "Đề án thêu ren.pdf" and result.pages >= 1
    t = text(result.path)
    assert "SỞ CÔNG THƯƠNG HẢI PHÒNG" in t and "Hải Phòng, ngày 10 tháng 03 năm 2025" in t
    assert "HỖ TRỢ MÁY THÊU VI TÍNH" in t
    assert "Công ty TNHH Thương mại Dũng Hồng" in t and "Người đại diện: Trần Văn Dũng" in t
    assert "Thôn Đông, Xã Tiên Lãng" in t
    assert "480.000.000" in t and "240.000.000" in t
    assert "Bốn trăm tám mươi triệu đồng chẵn" in t
    assert "Hai trăm bốn mươi triệu đồng chẵn" in t
    assert "Mức hỗ trợ tối đa theo quy định: 240.000.000 đồng" in t  # 50 % < 300 triệu
    assert "TT 28/2018/TT-BTC" in t
    assert "BẢN NHÁP" in t  # a draft


def test_a_submitted_proposal_prints_without_the_draft_mark(db: Database, tmp_path: Path) -> None:
    uuid = proposal(db)
    transition_proposal(db, uuid, "submitted")
    t = text(print_proposal(db, uuid, tmp_path / "a.pdf").path)
    assert "BẢN NHÁP" not in t and "Đã gửi" in t


def test_unknown_proposal(db: Database, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        print_proposal(db, "nope", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_short_province() -> None:
    assert short_province("Thành phố Hải Phòng") == "Hải Phòng"
    assert short_province("Tỉnh Đắk Lắk") == "Đắk Lắk"
