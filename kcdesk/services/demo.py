"""Deterministic demo data: realistic facilities, surveys and proposals for tests, benchmarks and
newcomers (``kcdesk demo-data``, ``kcdesk --demo``). The same seed always gives the same records."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from kcdesk.domain.entities import FacilityKind, FundingSource
from kcdesk.domain.validation import tax_check_digit
from kcdesk.services.context import Database
from kcdesk.services.facilities import FacilityInput, bulk_create_facilities
from kcdesk.services.installation import get_installation
from kcdesk.storage.models import (
    AuditEntry,
    Commune,
    Facility,
    Proposal,
    ProposalBudgetLine,
    ProposalFacility,
    ProposalStatusChange,
    Survey,
)
from kcdesk.storage.models.places import SCHEME_2025
from kcdesk.storage.tracking import stamp_values
from kcdesk.vn.text import fold

ProgressFn = Callable[[int, int, str], None]

# (craft as people name it, VSIC 2025 code, craft village it is typical of)
CRAFTS = [
    ("chiếu cói", "1629", "Làng nghề chiếu cói Lật Dương"),
    ("mây tre đan", "1629", "Làng nghề mây tre giang đan Phú Vinh"),
    ("gốm sứ", "2393", "Làng gốm Chu Đậu"),
    ("thêu ren", "1392", "Làng nghề thêu ren Tiên Minh"),
    ("mộc mỹ nghệ", "1629", "Làng nghề mộc Chàng Sơn"),
    ("đóng tàu", "3011", ""),
    ("chế biến nông sản", "1030", ""),
    ("nước mắm", "1020", "Làng nghề nước mắm Cát Hải"),
    ("bánh đa", "1071", "Làng nghề bánh đa Kinh Bắc"),
    ("rèn", "2593", "Làng rèn Đa Sỹ"),
    ("dệt may", "1410", ""),
    ("sơn mài", "3290", "Làng sơn mài Hạ Thái"),
    ("chạm bạc", "3211", "Làng chạm bạc Đồng Xâm"),
    ("cơ khí nhỏ", "2592", ""),
    ("chế biến gỗ", "1610", ""),
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Đoàn",
    "Phan",
    "Trịnh",
    "Mai",
    "Tạ",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Đình"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đông",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phúc",
    "Quân",
    "Sơn",
    "Thắng",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Đạt",
]
GIVEN_F = [
    "Anh",
    "Chi",
    "Duyên",
    "Hà",
    "Hằng",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Trang",
    "Yến",
    "Ánh",
]
# Trading names as Vietnamese companies choose them.
BRANDS = ["Hưng Thịnh", "Phú Cường", "Thành Đạt", "Minh Phát", "An Phú", "Đức Long", "Hoàng Gia",
          "Việt Tiến", "Tân Tiến", "Hồng Phát", "Quang Minh", "Phúc Hưng", "Thịnh Vượng",
          "Bảo Châu", "Trường Sơn", "Kim Long", "Đại Việt", "Sao Mai", "Hải Long", "Nam Phong"]  # fmt: skip
VILLAGES = [
    "Thôn 1",
    "Thôn 2",
    "Thôn 3",
    "Xóm 5",
    "Xóm 7",
    "Thôn Đông",
    "Thôn Tây",
    "Thôn Trung",
    "Thôn Lật Dương",
    "Thôn Chính Nghị",
    "Xóm Chùa",
    "Thôn Bắc",
]
MOBILE = [
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "082",
    "083",
    "084",
    "085",
    "086",
    "088",
    "089",
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
]
# Fallback content categories; the proposals rules table supersedes them when installed.
CATEGORIES = [
    "dao-tao-nghe",
    "mo-hinh-trinh-dien",
    "may-moc-tien-tien",
    "san-xuat-sach-hon",
    "hoi-cho-trien-lam",
    "san-pham-tieu-bieu",
    "chuyen-doi-so",
]
PROPOSAL_TITLES = {
    "dao_tao_nghe": "Đào tạo nghề {craft} cho lao động nông thôn",
    "mo_hinh_trinh_dien": "Xây dựng mô hình trình diễn kỹ thuật sản xuất {craft}",
    "ung_dung_may_moc": "Hỗ trợ ứng dụng máy móc tiên tiến trong sản xuất {craft}",
    "day_chuyen_cong_nghe": "Hỗ trợ dây chuyền công nghệ sản xuất {craft}",
    "san_xuat_sach_hon": "Áp dụng sản xuất sạch hơn tại cơ sở {craft}",
    "phat_trien_san_pham": "Hỗ trợ tham gia hội chợ giới thiệu sản phẩm {craft}",
    "chuyen_doi_so": "Hỗ trợ chuyển đổi số cho cơ sở {craft}",
    "tu_van_thong_tin": "Tư vấn, cung cấp thông tin thị trường cho cơ sở {craft}",
}
# The lifecycle path to each status, with who took each step.
LIFECYCLE_PATHS = {
    "draft": [],
    "submitted": [("draft", "submitted", "collaborator")],
    "appraising": [("draft", "submitted", "collaborator"), ("submitted", "appraising", "province")],
    "returned": [
        ("draft", "submitted", "collaborator"),
        ("submitted", "appraising", "province"),
        ("appraising", "returned", "province"),
    ],
    "rejected": [
        ("draft", "submitted", "collaborator"),
        ("submitted", "appraising", "province"),
        ("appraising", "rejected", "province"),
    ],
    "approved": [
        ("draft", "submitted", "collaborator"),
        ("submitted", "appraising", "province"),
        ("appraising", "approved", "province"),
    ],
}
LIFECYCLE_PATHS["implementing"] = [
    *LIFECYCLE_PATHS["approved"],
    ("approved", "implementing", "province"),
]
LIFECYCLE_PATHS["accepted"] = [
    *LIFECYCLE_PATHS["implementing"],
    ("implementing", "accepted", "province"),
]
LIFECYCLE_PATHS["settled"] = [*LIFECYCLE_PATHS["accepted"], ("accepted", "settled", "province")]
# (item, unit, lowest and highest unit price in 100,000 đồng) per content category.
BUDGET_ITEMS = {
    "dao_tao_nghe": [
        ("Thù lao giảng viên", "buổi", 5, 15),
        ("Tài liệu học tập", "bộ", 1, 3),
        ("Nguyên vật liệu thực hành", "khóa", 50, 200),
        ("Thuê hội trường", "ngày", 10, 30),
    ],
    "ung_dung_may_moc": [
        ("Máy dệt chiếu cói tự động", "chiếc", 300, 900),
        ("Máy sấy nguyên liệu", "chiếc", 400, 1500),
        ("Chi phí lắp đặt, chạy thử", "gói", 50, 200),
    ],
    "*": [
        ("Thiết bị sản xuất", "bộ", 200, 800),
        ("Gian hàng hội chợ", "gian", 80, 150),
        ("Thuê chuyên gia tư vấn", "tháng", 100, 300),
        ("Phần mềm quản lý bán hàng", "bộ", 50, 200),
        ("In ấn tài liệu quảng bá", "bộ", 1, 5),
    ],
}
REASONS = {
    "returned": "Bổ sung báo giá thiết bị và xác nhận vốn đối ứng.",
    "rejected": "Nội dung trùng với đề án đã hỗ trợ năm trước.",
}
STATUSES = [
    "draft",
    "draft",
    "submitted",
    "appraising",
    "approved",
    "returned",
    "implementing",
    "accepted",
    "settled",
    "rejected",
]


@dataclass(frozen=True)
class DemoSummary:
    facilities: int
    surveys: int
    proposals: int
    seed: int


def person(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE) + f"{rng.randrange(10**7):07d}"


def tax_code(rng: random.Random, province_prefix: str = "02") -> str:
    while True:
        first9 = province_prefix + f"{rng.randrange(10**7):07d}"
        digit = tax_check_digit(first9)
        if digit is not None:
            return first9 + str(digit)


def personal_id(rng: random.Random) -> str:
    province = rng.choice(["001", "031", "030", "034", "036", "038"])
    century_sex = rng.choice("0123")
    return province + century_sex + f"{rng.randrange(50, 100):02d}" + f"{rng.randrange(10**6):06d}"


def demo_facility(rng: random.Random, communes: list[tuple[int, str]]) -> FacilityInput:
    craft, industry, village = rng.choice(CRAFTS)
    kind = rng.choices(list(FacilityKind), weights=[3, 2, 1, 6])[0]
    owner = person(rng)
    commune_code, commune_name = rng.choice(communes)
    place = commune_name.split(" ", 1)[-1] if " " in commune_name else commune_name
    if kind is FacilityKind.ENTERPRISE:
        form = "Công ty TNHH" if rng.random() < 0.6 else "Công ty cổ phần"
        name = f"{form} {craft} {rng.choice(BRANDS)}"
        tax = tax_code(rng)
    elif kind is FacilityKind.COOPERATIVE:
        name = f"HTX {craft} {place}"
        tax = tax_code(rng)
    elif kind is FacilityKind.COOPERATIVE_GROUP:
        name = f"Tổ hợp tác {craft} {rng.choice(VILLAGES)}"
        tax = ""
    else:
        name = f"Cơ sở {craft} {owner}"
        tax = personal_id(rng) if rng.random() < 0.6 else ""
    name = name[0].upper() + name[1:]
    return FacilityInput(
        name=name,
        kind=kind.value,
        owner_name=owner,
        address=rng.choice(VILLAGES),
        commune_code=commune_code,
        phone=mobile(rng) if rng.random() < 0.92 else "",
        tax_code=tax,
        year_founded=rng.randint(1985, 2024),
        craft_village=village if village and rng.random() < 0.5 else "",
        industry_code=industry,
        industry_version="VSIC2025",
        employees=rng.randint(2, 250),
        annual_revenue=rng.randint(2, 400) * 50_000_000,
    )


def _communes(db: Database) -> list[tuple[int, str]]:
    info = get_installation(db)
    provinces = [info.province_code] if info and info.province_code else [31, 1]
    with db.unit_of_work() as uow:
        stmt = select(Commune.code, Commune.name).where(
            Commune.scheme == SCHEME_2025, Commune.province_code.in_(provinces)
        )
        if info and info.commune_codes:
            stmt = stmt.where(Commune.code.in_(info.commune_codes))
        rows = [(int(c), str(n)) for c, n in uow.session.execute(stmt.order_by(Commune.code))]
    return rows


def _demo_answers(rng: random.Random, facility: dict[str, Any], when: date) -> dict[str, Any]:
    """Answers for the default questionnaire: taken from the forms package when it offers
    demo answers, else a plausible core."""
    try:
        from kcdesk.domain.forms.demo import demo_answers  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        workers = facility.get("employees") or rng.randint(2, 100)
        return {
            "ten_co_so": facility["name"], "tong_lao_dong": workers,
            "lao_dong_nu": rng.randint(0, workers), "doanh_thu": facility.get("annual_revenue"),
            "san_pham_chinh": facility["name"].split(" ", 2)[-1],
        }  # fmt: skip
    result: dict[str, Any] = demo_answers(rng, facility, when)
    return result


def _categories(db: Database) -> list[str]:
    """Content categories of the province's table that a demo title exists for."""
    from kcdesk.services.proposal_rules import category_codes

    codes = [c for c in category_codes(db) if c in PROPOSAL_TITLES]
    return codes or list(PROPOSAL_TITLES)


def fill_demo(
    db: Database,
    *,
    facilities: int = 200,
    surveys: int = 100,
    proposals: int = 20,
    seed: int = 1,
    progress: ProgressFn | None = None,
) -> DemoSummary:
    """Add demo records (facilities in one transaction, surveys and proposals in another)."""
    rng = random.Random(seed)
    communes = _communes(db)
    if not communes:
        communes = [(11755, "Xã Tiên Lãng")]
    items = [demo_facility(rng, communes) for _ in range(facilities)]
    uuids = bulk_create_facilities(
        db, items, source=f"demo seed {seed}", progress=progress, total=facilities
    )
    if not uuids and (surveys or proposals):
        with db.unit_of_work() as uow:
            uuids = list(
                uow.session.execute(
                    select(Facility.uuid).where(Facility.deleted.is_(False)).limit(10_000)
                ).scalars()
            )
    if not uuids:
        return DemoSummary(facilities, 0, 0, seed)
    by_uuid = dict(zip(uuids, (i.__dict__ for i in items), strict=False))
    info = get_installation(db)
    categories = _categories(db)  # before the write transaction: it may seed the defaults
    surveyor = info.person_name if info else "Cộng tác viên"
    with db.unit_of_work() as uow:
        device, counter, actor = uow.stamp()
        conn = uow.session.connection()
        start = date(2024, 1, 1)
        rows = []
        for _ in range(surveys):
            fac_uuid = rng.choice(uuids)
            when = start + timedelta(days=rng.randrange(0, 700))
            facility = by_uuid.get(fac_uuid) or {"name": "", "employees": None}
            rows.append(stamp_values({
                "facility_uuid": fac_uuid, "form_id": "khao-sat-co-so", "form_version": 1,
                "answers": _demo_answers(rng, facility, when),
                "status": "complete" if rng.random() < 0.8 else "draft",
                "surveyor": surveyor, "survey_date": when, "deleted": False,
            }, device, counter, new=True))  # fmt: skip
            if len(rows) >= 5000:
                conn.execute(insert(Survey), rows)
                rows = []
        if rows:
            conn.execute(insert(Survey), rows)
        for _ in range(proposals):
            category = rng.choice(categories)
            craft = rng.choice(CRAFTS)[0]
            template = PROPOSAL_TITLES.get(category, "Đề án khuyến công hỗ trợ nghề {craft}")
            title = template.format(craft=craft)
            year = rng.choice([2024, 2025, 2026])
            status = rng.choice(STATUSES)
            lines = []
            for pos, (item, unit, low, high) in enumerate(
                rng.sample(BUDGET_ITEMS.get(category, BUDGET_ITEMS["*"]), 2)
            ):
                qty = Decimal(rng.randint(1, 12))
                price = rng.randint(low, high) * 100_000
                total = int(qty * price)
                support = total * rng.choice([30, 40, 50]) // 100
                lines.append(
                    ProposalBudgetLine(
                        position=pos, item=item, unit=unit, quantity=qty, unit_price=price,
                        amount=total, support_amount=support, counterpart_amount=total - support,
                    )
                )  # fmt: skip
            beneficiary = rng.choice(uuids)
            history = [
                ProposalStatusChange(
                    from_status=a, to_status=b, role=role,
                    actor=surveyor if role == "collaborator" else "Trung tâm Khuyến công",
                    device_id=device, reason=REASONS.get(b, ""),
                    at=datetime(year - 1, 10, 1, tzinfo=UTC) + timedelta(days=12 * step),
                )
                for step, (a, b, role) in enumerate(LIFECYCLE_PATHS.get(status, []))
            ]  # fmt: skip
            support = sum(x.support_amount for x in lines)
            proposal = Proposal(
                title=title, title_folded=fold(title), category_code=category,
                funding_source=rng.choice(list(FundingSource)).value,
                implementing_unit=info.centre_name if info and info.centre_name
                else "Trung tâm Khuyến công Hải Phòng",
                year=year, period_start=date(year, 3, 1), period_end=date(year, 11, 30),
                status=status, province_code=info.province_code if info else None,
                commune_scheme=SCHEME_2025 if communes else None,
                commune_code=rng.choice(communes)[0] if communes else None,
                objectives=f"Nâng cao năng lực sản xuất {craft}, tạo việc làm cho lao động địa phương.",
                expected_jobs=rng.randint(5, 60), expected_trainees=rng.randint(0, 40),
                support_amount=support,
                counterpart_amount=sum(x.counterpart_amount for x in lines),
                total_amount=sum(int(x.quantity * x.unit_price) for x in lines),
                approved_amount=support if status in ("approved", "implementing", "accepted",
                                                      "settled") else None,
                created_by=surveyor, lines=lines,
                beneficiaries=[ProposalFacility(facility_uuid=beneficiary)], history=history,
            )  # fmt: skip
            uow.session.add(proposal)
        uow.session.add(
            AuditEntry(
                actor=actor,
                device_id=device,
                counter=counter,
                record_kind="demo",
                action="bulk_create",
                after={"surveys": surveys, "proposals": proposals, "seed": seed},
            )
        )
    return DemoSummary(len(uuids), surveys, proposals, seed)
