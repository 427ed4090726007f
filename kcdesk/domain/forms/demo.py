"""Plausible answers to the default questionnaire, for demo data and benchmarks."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

_MACHINES = [
    "Máy dệt chiếu cói bán tự động",
    "Máy se sợi",
    "Lò nung gốm bằng ga",
    "Máy thêu vi tính 12 đầu",
    "Máy cưa vòng",
    "Máy chà nhám",
    "Máy ép thủy lực",
    "Máy sấy nông sản",
    "Máy đóng gói",
    "Máy tiện CNC",
]
_ORIGINS = ["viet_nam", "trung_quoc", "nhat_ban", "han_quoc", "dai_loan"]
_NEEDS = [
    "may_moc_thiet_bi",
    "dao_tao_nghe",
    "xuc_tien_thuong_mai",
    "chuyen_doi_so",
    "san_xuat_sach_hon",
    "mo_hinh_trinh_dien",
]


def demo_answers(rng: random.Random, facility: dict[str, Any], when: date) -> dict[str, Any]:
    """Answers under khao-sat-co-so v1 for a facility given as ``FacilityInput`` fields; valid
    in most cases, with a few gaps a real draft would have."""
    workers = facility.get("employees") or rng.randint(2, 120)
    village = facility.get("craft_village") or ""
    machines = [
        {
            "ten_may": rng.choice(_MACHINES),
            "so_luong": rng.randint(1, 10),
            "nam_su_dung": rng.randint(2000, when.year),
            "xuat_xu": rng.choice(_ORIGINS),
            "tinh_trang": rng.choice(["tot", "trung_binh", "kem"]),
        }
        for _ in range(rng.randint(0, 5))
    ]
    needs = [
        {
            "noi_dung": rng.choice(_NEEDS),
            "mo_ta": "Hỗ trợ " + rng.choice(_MACHINES).lower(),
            "kinh_phi_du_kien": rng.randint(1, 60) * 10_000_000,
        }
        for _ in range(rng.randint(0, 3))
    ]
    total_need = sum(int(str(n["kinh_phi_du_kien"])) for n in needs)
    answers: dict[str, Any] = {
        "ten_co_so": facility.get("name", ""),
        "loai_hinh": facility.get("kind") or "ho_kinh_doanh",
        "nguoi_dai_dien": facility.get("owner_name", ""),
        "dia_chi": facility.get("address", ""),
        "dien_thoai": facility.get("phone", ""),
        "ma_so_thue": facility.get("tax_code", ""),
        "nam_thanh_lap": facility.get("year_founded"),
        "thuoc_lang_nghe": bool(village),
        "tong_lao_dong": workers,
        "lao_dong_nu": rng.randint(0, workers),
        "lao_dong_qua_dao_tao": rng.randint(0, workers),
        "thu_nhap_binh_quan": rng.randint(30, 120) * 100_000,
        "san_pham_chinh": facility.get("name", "").split(" ", 2)[-1],
        "doanh_thu_nam_truoc": facility.get("annual_revenue"),
        "ty_le_xuat_khau": rng.choice([0, 0, 0, 10, 25, 60]),
        "thi_truong_chinh": rng.sample(
            ["trong_tinh", "trong_nuoc", "xuat_khau"], rng.randint(1, 2)
        ),
        "may_moc": machines,
        "chat_thai": rng.choice([["khong_co"], ["chat_thai_ran"], ["bui", "tieng_on"]]),
        "co_khieu_nai": False,
        "quan_tam_sxsh": rng.random() < 0.4,
        "nhu_cau": needs,
        "von_doi_ung": total_need * rng.choice([0, 30, 50]) // 100 if total_need else None,
        "nguoi_khao_sat": "Cộng tác viên",
        "ngay_khao_sat": when.isoformat(),
        "co_so_xac_nhan": True,
        "nguoi_xac_nhan": facility.get("owner_name", ""),
    }
    if village:
        answers["ten_lang_nghe"] = village
    if facility.get("commune_code"):
        answers["xa_phuong"] = {
            "code": str(facility["commune_code"]),
            "scheme": "2025",
            "name": facility.get("commune_name", ""),
        }
    if facility.get("industry_code"):
        answers["nganh_nghe"] = {
            "code": facility["industry_code"],
            "version": facility.get("industry_version") or "VSIC2025",
            "name": "",
        }
    if "xuat_khau" in answers["thi_truong_chinh"] or answers["ty_le_xuat_khau"]:
        answers["nuoc_xuat_khau"] = rng.choice(["Nhật Bản", "Hàn Quốc", "Hoa Kỳ", "EU"])
    if answers["chat_thai"] != ["khong_co"]:
        answers["xu_ly_chat_thai"] = "Thu gom, phân loại; lắp quạt hút bụi."
    return {k: v for k, v in answers.items() if v not in (None, "")}
