"""``kcdesk print``: blank form, one survey, a batch; exit codes and messages in Vietnamese."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdf
import pytest

from kcdesk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: Any, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def text_of(path: Path) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages]


@pytest.fixture
def surveyed(db: Any) -> dict[str, str]:
    from kcdesk.services import surveys
    from kcdesk.services.facilities import create_facility

    a = create_facility(
        db, {"name": "HTX chiếu cói Lật Dương", "kind": "htx", "commune_code": 11755}
    ).uuid
    b = create_facility(
        db, {"name": "Cơ sở gốm Đông Hòa", "kind": "ho_kinh_doanh", "commune_code": 11779}
    ).uuid
    s1 = surveys.create_survey(db, a)
    done = dict(
        s1.answers, san_pham_chinh="Chiếu cói", nguoi_dai_dien="Nguyễn Văn Đạt", tong_lao_dong=45
    )
    surveys.mark_complete(db, s1.uuid, done)
    s2 = surveys.create_survey(db, b)
    s3 = surveys.create_survey(db, a)
    return {"complete": s1.uuid, "draft_b": s2.uuid, "draft_a": s3.uuid}


def test_blank_form(db: Any, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "Phiếu trắng"
    code, stdout, _ = run(capsys, "print", "survey-form", "--blank", "--out", str(out))
    assert code == 0
    pdf = tmp_path / "Phiếu trắng.pdf"
    pages = text_of(pdf)
    assert f"({len(pages)} trang)" in stdout
    assert f"Trang {len(pages)}/{len(pages)}" in pages[-1]
    assert "Mẫu khao-sat-co-so · phiên bản 1" in pages[0]


def test_unknown_form_and_missing_blank_flag(db: Any, tmp_path: Path, capsys: Any) -> None:
    code, _, err = run(
        capsys,
        "print",
        "survey-form",
        "--blank",
        "--form",
        "khong-co",
        "--out",
        str(tmp_path / "x.pdf"),
    )
    assert code == 1 and "Chưa cài mẫu phiếu “khong-co”" in err
    with pytest.raises(SystemExit) as info:
        main(["print", "survey-form", "--out", str(tmp_path / "x.pdf")])
    assert info.value.code == 2


def test_one_survey(surveyed: dict[str, str], tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "một phiếu.pdf"
    code, stdout, _ = run(capsys, "print", "survey", surveyed["complete"], "--out", str(out))
    assert code == 0 and str(out) in stdout
    text = "\n".join(text_of(out))
    assert "HTX chiếu cói Lật Dương" in text and "Tình trạng: Hoàn thành" in text
    assert surveyed["complete"] in text
    code, _, err = run(capsys, "print", "survey", "khong-co", "--out", str(out))
    assert code == 1 and err.startswith("Lỗi: Không tìm thấy phiếu khảo sát")


def test_batch_by_commune_and_status(surveyed: dict[str, str], tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "lô.pdf"
    code, stdout, err = run(
        capsys, "print", "surveys", "--commune", "Tiên Lãng", "--status", "draft", "--out", str(out)
    )
    assert code == 0 and "Đã in 1/1 phiếu" in err
    pages = text_of(out)
    assert "HTX chiếu cói Lật Dương" in pages[0] and "BẢN NHÁP" in pages[0]
    assert not any("Đông Hòa" in p for p in pages)
    code, stdout, err = run(capsys, "print", "surveys", "--out", str(out))
    assert code == 0 and "3 phiếu" in stdout
    assert len([p for p in text_of(out) if re.search(r"Trang 1/\d", p)]) == 3
    code, _, err = run(capsys, "print", "surveys", "--search", "không có ai", "--out", str(out))
    assert code == 1 and "Không có phiếu khảo sát nào" in err
    code, _, err = run(capsys, "print", "surveys", "--from", "31/02/2025", "--out", str(out))
    assert code == 1 and "--from" in err


def test_print_command_does_not_import_heavy_libraries_until_it_prints() -> None:
    code = (
        "import sys; from kcdesk.cli import build_parser; build_parser();"
        "import kcdesk.cli.print_, kcdesk.services.survey_print, kcdesk.services.surveys;"
        "print(sorted(m for m in ('reportlab', 'PySide6', 'openpyxl') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_print_proposal_goes_to_the_proposals_printer(db: Any, tmp_path: Path, capsys: Any) -> None:
    from kcdesk.services.demo import fill_demo
    from kcdesk.services.listing import list_proposals

    fill_demo(db, facilities=3, surveys=0, proposals=1, seed=2)
    uuid = list_proposals(db)[0].uuid
    out = tmp_path / "đề án.pdf"
    code, stdout, _ = run(capsys, "print", "proposal", uuid, "--out", str(out))
    assert code == 0 and out.exists() and "Đã ghi" in stdout
    code, _, err = run(capsys, "print", "proposal", "khong-co", "--out", str(out))
    assert code == 1 and err.startswith("Lỗi:")
