"""Blank and filled survey PDFs read back with pypdf: the Vietnamese text, the page numbers."""

from __future__ import annotations

import copy
import io
import re
import unicodedata
from pathlib import Path
from typing import Any

import pypdf
import pytest

from kcdesk.config import resource_path
from kcdesk.domain.forms import FormDefinition, load_definition_file, parse_definition
from kcdesk.io.pdf.survey_blank import render_blank_form
from kcdesk.io.pdf.survey_common import PrintCancelled, PrintOptions
from kcdesk.io.pdf.survey_filled import SurveyDoc, render_survey, render_surveys

OPTIONS = PrintOptions(centre="Trung tâm Khuyến công Hải Phòng", agency="Sở Công Thương Hải Phòng")


@pytest.fixture(scope="module")
def definition() -> FormDefinition:
    return load_definition_file(resource_path("forms", "khao-sat-co-so-v1.json"))


def answers() -> dict[str, Any]:
    return {
        "ten_co_so": "HTX làng nghề chiếu cói Lật Dương",
        "loai_hinh": "htx",
        "nguoi_dai_dien": "Nguyễn Văn Đạt",
        "xa_phuong": {"code": "11755", "scheme": "2025", "name": "Xã Tiên Lãng, Hải Phòng"},
        "nam_thanh_lap": 1998,
        "thuoc_lang_nghe": True,
        "ten_lang_nghe": "Làng nghề chiếu cói Lật Dương",
        "tong_lao_dong": 45,
        "lao_dong_nu": 38,
        "san_pham_chinh": "Chiếu cói, thảm cói",
        "doanh_thu_nam_truoc": 3_250_000_000,
        "may_moc": [
            {
                "ten_may": "Máy dệt chiếu",
                "so_luong": 6,
                "nam_su_dung": 2015,
                "xuat_xu": "trung_quoc",
            },
            {"ten_may": "Máy se sợi cói", "so_luong": 2, "tinh_trang": "tot"},
        ],
        "co_khieu_nai": False,
        "nguoi_khao_sat": "Trần Thị Hồng",
        "ngay_khao_sat": "2025-02-05",
    }


def pages_text(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [p.extract_text() for p in reader.pages]


def lines(texts: list[str]) -> set[str]:
    return {line.strip() for t in texts for line in t.splitlines()}


def test_blank_form(definition: FormDefinition, tmp_path: Path) -> None:
    out = tmp_path / "Phiếu trắng khảo sát.pdf"  # Vietnamese file names work
    count = render_blank_form(definition, out, OPTIONS)
    texts = pages_text(out.read_bytes())
    assert len(texts) == count >= 3
    for i, text in enumerate(texts, 1):
        assert unicodedata.is_normalized("NFC", text)
        assert f"Trang {i}/{count}" in text
        assert "Mẫu khao-sat-co-so · phiên bản 1 · mã " + definition.fingerprint in text
    got = lines(texts)
    for expected in (
        "PHIẾU KHẢO SÁT CƠ SỞ CÔNG NGHIỆP NÔNG",
        "TRUNG TÂM KHUYẾN CÔNG HẢI PHÒNG",
        "1. Thông tin chung về cơ sở",
        "4. Tài sản và thiết bị",
        "Tên cơ sở *",
        "Cơ sở thuộc làng nghề?",
        "Hợp tác xã",
        "Hộ kinh doanh",
        "(Chỉ trả lời nếu câu 11 là Có)",
        "Tên máy, thiết bị *",
        "NGƯỜI KHẢO SÁT",
        "ĐẠI DIỆN CƠ SỞ",
        "(Ký, ghi rõ họ tên)",
    ):
        assert any(expected in line for line in got), expected
    # the choices of a table column are listed under it, numbered for handwriting
    assert any("Xuất xứ: 1 = Việt Nam, 2 = Trung Quốc" in line for line in got)
    # every page carries the QR code of the form (an image XObject drawn on it)
    reader = pypdf.PdfReader(out)
    for page in reader.pages:
        assert "/XObject" in page["/Resources"]
    assert not list(tmp_path.glob("*.part"))


def test_blank_form_in_english(definition: FormDefinition) -> None:
    buf = io.BytesIO()
    render_blank_form(definition, buf, PrintOptions(lang="en"))
    texts = pages_text(buf.getvalue())
    assert "Page 1/" in texts[0]
    assert any("Facility name *" in line for line in lines(texts))


def test_filled_survey(definition: FormDefinition) -> None:
    buf = io.BytesIO()
    doc = SurveyDoc(
        definition,
        answers(),
        uuid="3f1c2a9e-0000-4000-8000-123456789abc",
        status="complete",
        facility_name="HTX làng nghề chiếu cói Lật Dương",
        commune_name="Xã Tiên Lãng, Hải Phòng",
    )
    count = render_survey(doc, buf, OPTIONS)
    texts = pages_text(buf.getvalue())
    assert len(texts) == count
    assert all(f"Trang {i}/{count}" in t for i, t in enumerate(texts, 1))
    got = lines(texts)
    for expected in (
        "Cơ sở: HTX làng nghề chiếu cói Lật Dương",
        "Hợp tác xã",
        "1998",
        "3.250.000.000 đ",
        "45 người",
        "84,4 %",
        "Xã Tiên Lãng, Hải Phòng",
        "Máy dệt chiếu",
        "Trung Quốc",
        "2015",
        "Tốt",
        "Làng nghề chiếu cói Lật Dương",
        "Trần Thị Hồng",
        "ngày 05 tháng 02 năm 2025",
        "Tình trạng: Hoàn thành · Mã phiếu: 3f1c2a9e-0000-4000-8000-123456789abc",
    ):
        assert any(expected in line for line in got), expected
    # the total machines is calculated on print even though it was never stored
    text = "\n".join(texts)
    assert re.search(r"Tổng số máy, thiết bị\s*\n?\s*8\b", text)
    # questions not asked (no complaint) are left out; a complete survey has no watermark
    assert "Nội dung khiếu nại" not in text
    assert "BẢN NHÁP" not in text
    assert unicodedata.is_normalized("NFC", text)


def test_draft_is_marked(definition: FormDefinition) -> None:
    buf = io.BytesIO()
    render_survey(SurveyDoc(definition, {"ten_co_so": "Cơ sở mộc Đồng Kỵ"}), buf, OPTIONS)
    texts = pages_text(buf.getvalue())
    assert all("BẢN NHÁP" in t for t in texts)
    assert "Tình trạng: Bản nháp" in texts[0]
    assert "Cơ sở mộc Đồng Kỵ" in texts[0]


def test_version_1_survey_prints_after_version_2(definition: FormDefinition) -> None:
    source = copy.deepcopy(definition.source)
    source["version"] = 2
    source["sections"][0]["questions"][0]["label"]["vi"] = "Tên giao dịch của cơ sở"
    v2 = parse_definition(source)
    old, new = io.BytesIO(), io.BytesIO()
    render_survey(SurveyDoc(definition, answers(), status="complete"), old, OPTIONS)
    render_survey(SurveyDoc(v2, answers(), status="complete"), new, OPTIONS)
    old_text, new_text = (
        "\n".join(pages_text(old.getvalue())),
        "\n".join(pages_text(new.getvalue())),
    )
    assert "phiên bản 1" in old_text and "Tên cơ sở" in old_text
    assert "Tên giao dịch" not in old_text
    assert "phiên bản 2" in new_text and "Tên giao dịch của cơ sở" in new_text


def test_batch_numbers_each_survey_and_reports_progress(
    definition: FormDefinition, tmp_path: Path
) -> None:
    docs = []
    for name in ("Cơ sở gốm Chu Đậu", "HTX mây tre Phú Nghĩa", "Tổ thêu ren Văn Lâm"):
        a = answers()
        a["ten_co_so"] = name
        docs.append(SurveyDoc(definition, a, status="complete", facility_name=name))
    seen: list[tuple[int, int]] = []
    out = tmp_path / "lô.pdf"
    total_pages = render_surveys(
        docs, out, OPTIONS, total=3, progress=lambda d, t: seen.append((d, t))
    )
    texts = pages_text(out.read_bytes())
    assert len(texts) == total_pages
    assert seen == [(1, 3), (2, 3), (3, 3)]
    firsts = [t for t in texts if re.search(r"Trang 1/\d", t)]
    assert len(firsts) == 3
    assert ["Cơ sở gốm Chu Đậu" in firsts[0], "HTX mây tre Phú Nghĩa" in firsts[1]] == [True, True]


def test_batch_cancel_leaves_no_file(definition: FormDefinition, tmp_path: Path) -> None:
    docs = [SurveyDoc(definition, answers()) for _ in range(5)]
    done: list[int] = []
    out = tmp_path / "huy.pdf"
    with pytest.raises(PrintCancelled):
        render_surveys(
            docs,
            out,
            OPTIONS,
            progress=lambda d, t: done.append(d),
            cancelled=lambda: len(done) >= 2,
        )
    assert done == [1, 2]
    assert list(tmp_path.iterdir()) == []


def test_photos_are_printed_as_thumbnails(definition: FormDefinition) -> None:
    from PIL import Image

    img = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(img, "JPEG")
    sha = "a" * 64
    a = answers()
    a["anh"] = [{"sha256": sha, "caption": "Xưởng dệt chiếu"}]
    with_photo, without = io.BytesIO(), io.BytesIO()
    render_survey(SurveyDoc(definition, a, photos={sha: img.getvalue()}), with_photo, OPTIONS)
    render_survey(
        SurveyDoc(definition, a, photos={sha: img.getvalue()}),
        without,
        PrintOptions(include_photos=False),
    )

    def images(data: bytes) -> int:
        reader = pypdf.PdfReader(io.BytesIO(data))
        return sum(len(p.images) for p in reader.pages)

    assert images(with_photo.getvalue()) == 1
    assert images(without.getvalue()) == 0
    assert "Xưởng dệt chiếu" in "\n".join(pages_text(with_photo.getvalue()))


def test_every_letter_printed_has_a_glyph_in_the_font(definition: FormDefinition) -> None:
    from reportlab.pdfbase.pdfmetrics import getFont

    from kcdesk.io.pdf.fonts import BOLD, ITALIC, REGULAR, register_fonts
    from kcdesk.io.pdf.survey_common import WORDS

    register_fonts()
    texts = [w for table in WORDS.values() for w in table.values()]
    for q in definition.questions():
        texts += [q.label.vi, q.label.en, q.help.vi, q.help.en, q.unit.vi]
        texts += [c.label.vi for c in q.choices] + [
            c.label.vi for col in q.columns for c in col.choices
        ]
    letters = set("".join(texts)) | set(
        "ĂÂĐÊÔƠƯăâđêôơưẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ≤≥≠×÷−"
    )
    for name in (REGULAR, BOLD, ITALIC):
        glyphs = getFont(name).face.charToGlyph
        missing = sorted(ch for ch in letters if ch.strip() and ord(ch) not in glyphs)
        assert missing == [], (name, missing)
