"""Printing through the service: header from the installation, versions, batches, Cancel."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import pypdf
import pytest

from kcdesk.io.pdf.survey_common import PrintCancelled
from kcdesk.services import survey_print, surveys
from kcdesk.services.facilities import create_facility


def text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.fixture
def facility(db: Any) -> str:
    return create_facility(
        db, {"name": "Cơ sở mây tre đan Phú Nghĩa", "kind": "ho_kinh_doanh", "commune_code": 11755}
    ).uuid


def test_v1_survey_prints_under_v1_after_v2_is_installed(
    db: Any, facility: str, tmp_path: Path
) -> None:
    old = surveys.create_survey(db, facility)
    source = copy.deepcopy(surveys.get_definition(db).source)
    source["version"] = 2
    source["sections"][0]["questions"][0]["label"] = {"vi": "Tên giao dịch", "en": "Trade name"}
    surveys.install_form(db, source)
    new = surveys.create_survey(db, facility)
    a = survey_print.print_survey(db, old.uuid, tmp_path / "cũ.pdf")
    b = survey_print.print_survey(db, new.uuid, tmp_path / "mới.pdf")
    old_text, new_text = text(a.path), text(b.path)
    assert "phiên bản 1" in old_text and "Tên cơ sở" in old_text and "Tên giao dịch" not in old_text
    assert "phiên bản 2" in new_text and "Tên giao dịch" in new_text
    # the header names the centre of this installation's province
    assert "TRUNG TÂM KHUYẾN CÔNG" in old_text and "HẢI PHÒNG" in old_text
    blank = survey_print.print_blank_form(db, tmp_path / "trắng", version=1)
    assert blank.path.name == "trắng.pdf" and "phiên bản 1" in text(blank.path)


def test_batch_and_cancel(db: Any, facility: str, tmp_path: Path) -> None:
    for _ in range(4):
        surveys.create_survey(db, facility)
    seen: list[tuple[int, int]] = []
    result = survey_print.print_surveys(
        db, tmp_path / "lô.pdf", status="draft", progress=lambda d, t: seen.append((d, t))
    )
    assert result.surveys == 4 and seen[-1] == (4, 4)
    assert text(result.path).count("Trang 1/") == 4
    with pytest.raises(PrintCancelled):
        survey_print.print_surveys(db, tmp_path / "hủy.pdf", cancelled=lambda: True)
    assert not (tmp_path / "hủy.pdf").exists()
    assert not list(tmp_path.glob("*.part"))
