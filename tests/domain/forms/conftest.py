"""The default questionnaire and a complete, valid set of answers to it."""

from __future__ import annotations

from typing import Any

import pytest

from kcdesk.config import resource_path
from kcdesk.domain.forms import FormDefinition, load_definition_file


@pytest.fixture(scope="session")
def definition() -> FormDefinition:
    return load_definition_file(resource_path("forms", "khao-sat-co-so-v1.json"))


@pytest.fixture
def answers() -> dict[str, Any]:
    return {
        "ten_co_so": "HTX làng nghề chiếu cói Lật Dương",
        "loai_hinh": "htx",
        "nguoi_dai_dien": "Nguyễn Văn Đạt",
        "xa_phuong": {"code": "11755", "scheme": "2025", "name": "Xã Tiên Lãng, Hải Phòng"},
        "dien_thoai": "0912345678",
        "ma_so_thue": "0100233488",
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
            {"ten_may": "Máy se sợi", "so_luong": 2},
        ],
        "chat_thai": ["bui"],
        "co_khieu_nai": False,
        "nhu_cau": [
            {"noi_dung": "may_moc_thiet_bi", "kinh_phi_du_kien": 600_000_000},
            {"noi_dung": "xuc_tien_thuong_mai", "kinh_phi_du_kien": 50_000_000},
        ],
        "von_doi_ung": 300_000_000,
        "nguoi_khao_sat": "Trần Thị Hồng",
        "ngay_khao_sat": "2025-02-05",
    }
