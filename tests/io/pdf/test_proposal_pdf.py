"""The proposal document read back from the PDF: what an appraiser would look for on paper."""

from __future__ import annotations

import io
import unicodedata
from datetime import date
from pathlib import Path

import pypdf

from kcdesk.domain.proposals import budget_totals, make_line
from kcdesk.io.pdf.proposal import Beneficiary, ProposalDocument, Results, render_proposal


def document(**kw: object) -> ProposalDocument:
    lines = (
        make_line("Máy dệt chiếu cói tự động", "chiếc", 2, 250_000_000, 50),
        make_line("Lắp đặt, chạy thử", "gói", 1, 15_500_000, 0),
        make_line("Thuê chuyên gia kỹ thuật", "tháng", "2,5", 12_000_000, 40, 40),
    )
    base: dict[str, object] = {
        "title": "Hỗ trợ ứng dụng máy dệt chiếu cói tự động",
        "category": "Ứng dụng máy móc, thiết bị tiên tiến, chuyển giao công nghệ",
        "funding": "Khuyến công địa phương",
        "implementing_unit": "Trung tâm Khuyến công Hải Phòng",
        "beneficiaries": (
            Beneficiary(
                "HTX chiếu cói Lật Dương",
                "Phạm Văn Dương",
                "Thôn Lật Dương, Xã Tiên Lãng",
                "0201234567",
                "0912345678",
            ),
        ),
        "place": "Thôn Lật Dương, Xã Tiên Lãng",
        "period_start": date(2025, 3, 1),
        "period_end": date(2025, 11, 30),
        "background": "Nghề chiếu cói Lật Dương có từ lâu đời.\nMáy dệt thủ công năng suất thấp.",
        "objectives": "Nâng năng suất dệt chiếu lên gấp đôi.",
        "activities": "Mua 2 máy dệt; lắp đặt; đào tạo vận hành.",
        "results": Results(jobs=25, trainees=10, revenue=1_200_000_000),
        "lines": lines,
        "totals": budget_totals(lines),
        "status_label": "Nháp",
        "draft": True,
        "agency_lines": ("Sở Công Thương Hải Phòng", "Trung tâm Khuyến công Hải Phòng"),
        "place_name": "Hải Phòng",
        "issued": date(2025, 2, 5),
        "cap_text": "Mức hỗ trợ tối đa theo quy định: 257.750.000 đồng.",
        "code": "Đề án 1234abcd · Nháp",
    }
    base.update(kw)
    return ProposalDocument(**base)  # type: ignore[arg-type]


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", raw).split())  # lines wrap where they may


def render(doc: ProposalDocument) -> bytes:
    buffer = io.BytesIO()
    render_proposal(doc, buffer)
    return buffer.getvalue()


def test_official_layout_and_sections() -> None:
    text = text_of(render(document()))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ CÔNG THƯƠNG HẢI PHÒNG",
        "TRUNG TÂM KHUYẾN CÔNG HẢI PHÒNG",
        "Hải Phòng, ngày 05 tháng 02 năm 2025",
        "ĐỀ ÁN KHUYẾN CÔNG",
        "HỖ TRỢ ỨNG DỤNG MÁY DỆT CHIẾU CÓI TỰ ĐỘNG",
        "I. THÔNG TIN CHUNG",
        "HTX chiếu cói Lật Dương",
        "Mã số thuế: 0201234567",
        "từ ngày 01/03/2025 đến ngày 30/11/2025",
        "II. SỰ CẦN THIẾT CỦA ĐỀ ÁN",
        "Máy dệt thủ công năng suất thấp.",
        "V. DỰ TOÁN KINH PHÍ",
        "VI. KẾT QUẢ DỰ KIẾN",
        "Số lao động có việc làm: 25 người",
        "Doanh thu tăng thêm: 1.200.000.000 đồng/năm",
        "ĐƠN VỊ THỤ HƯỞNG",
        "ĐƠN VỊ THỰC HIỆN ĐỀ ÁN",
        "Trang 1/",
    ):
        assert expected in text, expected


def test_budget_table_in_vietnamese_numbers_with_the_total_in_words() -> None:
    text = text_of(render(document()))
    # 2 × 250.000.000; 2,5 × 12.000.000 = 30.000.000; total 545.500.000.
    assert "500.000.000" in text and "2,5" in text and "30.000.000" in text
    assert "545.500.000" in text
    # Support: 250.000.000 + 0 + 12.000.000 = 262.000.000; counterpart 250 + 15,5 + 12 triệu.
    assert "262.000.000" in text and "277.500.000" in text
    assert "Nguồn khác" in text and "6.000.000" in text  # 20 % of the expert line
    flat = text
    assert "Năm trăm bốn mươi lăm triệu năm trăm nghìn đồng chẵn" in flat
    assert "Hai trăm sáu mươi hai triệu đồng chẵn" in flat
    assert "Mức hỗ trợ tối đa theo quy định: 257.750.000 đồng." in flat


def test_no_other_sources_column_when_unused() -> None:
    lines = (make_line("Máy", "chiếc", 1, 100_000_000, 30),)
    text = text_of(render(document(lines=lines, totals=budget_totals(lines))))
    assert "Nguồn khác" not in text
    assert "Một trăm triệu đồng chẵn" in " ".join(text.split())


def test_draft_watermark_only_on_drafts() -> None:
    assert "BẢN NHÁP" in text_of(render(document()))
    assert "BẢN NHÁP" not in text_of(render(document(draft=False)))


def test_empty_fields_leave_room_to_write_by_hand() -> None:
    lines: tuple[()] = ()
    doc = document(
        beneficiaries=(), place="", period_start=None, period_end=None, background="",
        results=Results(), lines=lines, totals=budget_totals(lines),
    )  # fmt: skip
    text = text_of(render(doc))
    assert "……" in text and "Tổng cộng" in text


def test_a_long_budget_runs_over_pages_with_the_header_repeated() -> None:
    lines = tuple(make_line(f"Vật tư số {i}", "bộ", i, 1_000_000, 50) for i in range(1, 80))
    data = render(document(lines=lines, totals=budget_totals(lines)))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    pages = [unicodedata.normalize("NFC", p.extract_text()) for p in reader.pages]
    total = len(reader.pages)
    assert all(f"Trang {i}/{total}" in page for i, page in enumerate(pages, start=1))
    assert sum("Thành tiền" in page for page in pages) >= 2  # the table head repeats


def test_written_whole_to_a_vietnamese_file_name(tmp_path: Path) -> None:
    out = tmp_path / "Đề án chiếu cói.pdf"
    render_proposal(document(), out)
    assert out.read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "Đề án chiếu cói.pdf.part").exists()


def test_amounts_of_many_billions_stay_inside_their_cells() -> None:
    lines = (make_line("Dây chuyền công nghệ", "dây chuyền", 3, 98_765_432_100, 30),)
    data = render(document(lines=lines, totals=budget_totals(lines)))
    text = text_of(data)
    assert "296.296.296.300" in text  # 3 × 98.765.432.100, not cut off
    reader = pypdf.PdfReader(io.BytesIO(data))
    sizes: list[float] = []

    def visit(txt: str, _cm: object, _tm: object, _font: object, size: float) -> None:
        if "296.296.296.300" in txt:
            sizes.append(size)

    reader.pages[0].extract_text(visitor_text=visit)
    reader.pages[-1].extract_text(visitor_text=visit)
    assert sizes and min(sizes) < 9.5  # the table cell shrank to fit (the body text is 13 pt)
