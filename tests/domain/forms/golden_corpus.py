"""A deterministic corpus of answer sets for the validation golden test.

Two definitions: the default questionnaire (demo answers with seeded mutations) and a small form
that uses every feature the default one does not (section relevance, row relevance and row
calculations, patterns, e-mail and CCCD formats, date bounds and arithmetic, photo and choice
counts, every function). Each case's outcome is digested, so the golden file stays small.
"""

from __future__ import annotations

import copy
import hashlib
import random
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from kcdesk.config import resource_path
from kcdesk.domain.forms import (
    FormDefinition,
    QType,
    Question,
    completeness,
    evaluate_form,
    load_definition_file,
    parse_definition,
    validate_answers,
    with_calculations,
)
from kcdesk.domain.forms.demo import demo_answers

TODAYS = (date(2025, 6, 1), date(2025, 6, 1), date(2019, 1, 1), date(2031, 2, 28))
DEFAULT_CASES = 2000
FEATURE_CASES = 1000


def _label(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


_MSG = _label("không thỏa điều kiện.", "does not hold.")

FEATURE_FORM: dict[str, Any] = {
    "format": "kcdesk-form/1",
    "id": "thu-tinh-nang",
    "version": 3,
    "title": _label("Phiếu thử mọi tính năng", "Every-feature test form"),
    "choice_lists": {
        "mau": [
            {"value": "do", "label": _label("Đỏ", "Red")},
            {"value": "xanh", "label": "Xanh"},
            {"value": "vang", "label": _label("Vàng", "Yellow")},
            {"value": "khong", "label": _label("Không có", "None")},
        ]
    },
    "sections": [
        {
            "name": "chung",
            "label": "1. Chung",
            "questions": [
                {"name": "ten", "type": "text", "label": _label("Tên", "Name"),
                 "required": True, "min_length": 3, "max_length": 20},
                {"name": "ma", "type": "text", "label": "Mã", "pattern": "[A-Z]{2}-\\d{3}",
                 "pattern_message": _label("dạng AB-123.", "like AB-123.")},
                {"name": "ma2", "type": "text", "label": "Mã 2", "pattern": "\\d+",
                 "max_length": 6},
                {"name": "thu", "type": "text", "label": _label("Thư", "Mail"), "format": "email"},
                {"name": "cccd", "type": "text", "label": "CCCD", "format": "cccd"},
                {"name": "mst", "type": "text", "label": "MST", "format": "tax_code",
                 "required": True},
                {"name": "dt", "type": "text", "label": "ĐT", "format": "phone",
                 "constraint": "len(.) >= 10", "constraint_message": "ít nhất 10 ký tự"},
                {"name": "mo_ta", "type": "long_text", "label": "Mô tả", "min_length": 5,
                 "max_length": 40, "constraint": "not (. = 'cấm')", "constraint_message": _MSG},
                {"name": "nam", "type": "integer", "label": "Năm", "format": "year",
                 "min": 1950, "max": 2030, "constraint": ". <= year(today())", "constraint_message": _MSG},
                {"name": "so", "type": "integer", "label": "Số", "min": -5,
                 "constraint": ". != 3", "constraint_message": _MSG},
                {"name": "tien", "type": "money", "label": "Tiền", "max": 1000000,
                 "constraint": "so_sanh = null or . > so_sanh", "constraint_message": _MSG},
                {"name": "ty_le", "type": "decimal", "label": "Tỷ lệ", "min": 0.5, "max": 99.5,
                 "decimals": 3},
                {"name": "x", "type": "decimal", "label": "X"},
                {"name": "bat_dau", "type": "date", "label": "Bắt đầu", "min": "2020-01-01",
                 "max": "2030-12-31"},
                {"name": "ket_thuc", "type": "date", "label": "Kết thúc", "min": "2020-01-01",
                 "constraint": ". - bat_dau >= 0 and . <= today() + 365", "constraint_message": _MSG},
                {"name": "co", "type": "yes_no", "label": "Có?", "required": True},
                {"name": "mau", "type": "choice", "label": "Màu", "choices": "mau",
                 "constraint": ". <> 'khong' or co = false", "constraint_message": _MSG},
                {"name": "mau_phu", "type": "multi_choice", "label": "Màu phụ", "choices": "mau",
                 "min_count": 1, "max_count": 2,
                 "constraint": "not (selected(., 'khong') and count_selected(.) > 1)", "constraint_message": _MSG},
                {"name": "xa", "type": "commune", "label": "Xã", "constraint": "len(.) = 5", "constraint_message": _MSG},
                {"name": "nganh", "type": "industry_code", "label": "Ngành"},
                {"name": "huong_dan", "type": "note", "label": "Ghi chú cho người hỏi"},
            ],
        },
        {
            "name": "bang_so",
            "label": "2. Bảng",
            "relevant": "co = true",
            "questions": [
                {"name": "hang", "type": "repeat", "label": "Hàng", "required": True,
                 "min_rows": 1, "max_rows": 3, "columns": [
                     {"name": "ten", "type": "text", "label": "Tên hàng", "required": True,
                      "max_length": 10},
                     {"name": "sl", "type": "integer", "label": "SL", "min": 1,
                      "required": True, "constraint": "kt != 's' or . < 50",
                      "constraint_message": _MSG},
                     {"name": "gia", "type": "money", "label": "Giá", "relevant": "sl > 0"},
                     {"name": "thanh_tien", "type": "calculate", "label": "Thành tiền",
                      "result": "money", "calculation": "sl * gia"},
                     {"name": "ngay", "type": "date", "label": "Ngày",
                      "relevant": "ten != 'bo'", "constraint": ". >= bat_dau", "constraint_message": _MSG},
                     {"name": "loai", "type": "multi_choice", "label": "Loại", "choices": "mau",
                      "max_count": 2},
                     {"name": "co_ve", "type": "yes_no", "label": "Có vé",
                      "constraint": ". = false or so_sanh > 3", "constraint_message": _MSG},
                     {"name": "ghi", "type": "text", "label": "Ghi",
                      "relevant": "co_ve = true and tien > 0", "constraint": ". != ten", "constraint_message": _MSG},
                     {"name": "kt", "type": "choice", "label": "Kích thước",
                      "choices": [{"value": "s", "label": "S"}, {"value": "m", "label": "M"}]},
                     {"name": "xa_hang", "type": "commune", "label": "Xã hàng"},
                     {"name": "nganh_hang", "type": "industry_code", "label": "Ngành hàng"},
                 ]},
                {"name": "tong_tien", "type": "calculate", "label": "Tổng tiền",
                 "result": "money", "calculation": "sum(hang.thanh_tien)"},
                {"name": "so_hang", "type": "calculate", "label": "Số hàng", "result": "integer",
                 "calculation": "count(hang.ten)"},
                {"name": "phu", "type": "repeat", "label": "Phụ", "min_rows": 2, "columns": [
                    {"name": "a", "type": "decimal", "label": "A", "decimals": 1},
                    {"name": "b", "type": "calculate", "label": "B", "decimals": 4,
                     "calculation": "round(a / 3, 2) + abs(-1)"},
                ]},
            ],
        },
        {
            "name": "tinh_toan",
            "label": "3. Tính",
            "relevant": "not empty(tong_tien) and tong_tien >= 0 or so > 10",
            "questions": [
                {"name": "tb", "type": "calculate", "label": "TB", "decimals": 3,
                 "calculation": "if(so_hang > 0, tong_tien / so_hang, null)"},
                {"name": "ngay_dai", "type": "calculate", "label": "Số ngày", "result": "integer",
                 "calculation": "ket_thuc - bat_dau"},
                {"name": "lon_nhat", "type": "calculate", "label": "Lớn nhất",
                 "calculation": "max(so, x, ty_le, hang.sl)"},
                {"name": "nho_nhat", "type": "calculate", "label": "Nhỏ nhất",
                 "calculation": "min(so, x, phu.a)"},
                {"name": "gop", "type": "calculate", "label": "Gộp",
                 "calculation": "coalesce(x, so, 0) * 2 - -1"},
                {"name": "dem", "type": "calculate", "label": "Đếm", "result": "integer",
                 "calculation": "count_selected(mau_phu) + count(phu.a) + len(ten)"},
                {"name": "tuoi", "type": "calculate", "label": "Tuổi", "result": "integer",
                 "calculation": "year(today()) - year(bat_dau) + year(date('2000-01-01')) - 2000"},
                {"name": "chu", "type": "calculate", "label": "Chữ", "calculation": "ten + ma"},
                {"name": "so_sanh", "type": "integer", "label": "So sánh", "required": True,
                 "min": 0, "max": 10,
                 "relevant": "ten < 'm' or mau = 'do' or mau_phu = mau or x = null or 1 = '1'"},
            ],
        },
        {
            "name": "anh_phan",
            "label": "4. Ảnh",
            "relevant": "selected(mau_phu, 'do') or empty(mau_phu)",
            "questions": [
                {"name": "anh", "type": "photo", "label": "Ảnh", "min_count": 1, "max_count": 2},
                {"name": "anh2", "type": "photo", "label": "Ảnh 2", "required": True},
                {"name": "y_kien", "type": "long_text", "label": "Ý kiến",
                 "relevant": "count(hang.sl) >= 2 and sum(hang.sl) > 5"},
            ],
        },
    ],
}  # fmt: skip


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


_SHA = "ab" * 32
_PHOTO = {"sha256": _SHA, "caption": "", "media_type": "image/jpeg", "filename": "a.jpg"}

# Values of every JSON kind, for answers of the wrong type.
WILD: list[Any] = [None, "", "   ", 0, -1, 1.5, 2.0, True, False, "12", "abc", [], ["x"],
                   {}, {"code": ""}, [1, 2], 10**20, -0.0, float("inf"), [{"a": 1}]]  # fmt: skip

TEXTS: list[Any] = [
    "Nguyễn Văn An", "  có   khoảng trắng  ", "", "   ", "ab", "abc", "x" * 21, "x" * 20,
    "x" * 200, "x" * 201, " " + "y" * 200 + " ", _nfd("Tiếng Việt có dấu"), _nfd("ệ") * 150,
    "\u0958" * 15, "\u0958" * 150, "AB-123", "ab-123", "AB-1234", "123", "1234567", "a@b.vn",
    "a@b", "not an email", "079123456789", "000123456789", "0100233488", "0100233489",
    "0100233488-001", "0912345678", "01633123456", "+84912345678", "cấm", "bo", "\t tab\n",
    "Hàn Quốc", "0 9 1 2 3 4 5 6 7 8", "٠٩١٢٣٤٥٦٧٨", "O100233488", "0212345678",
    "02123456789", "912345678", "84912345678", "Máy se sợi", "HTX", "m", "zz",
]  # fmt: skip
NUMBERS: list[Any] = [
    0, 1, 3, 5, 11, -5, -6, 1998, 2019, 2025, 2031, 1949, 45, 1000000, 1000001, 1.5, 2.0, 0.5,
    99.5, 99.6, "12", "1.234", "1.234,5", " 45 ", "abc", "", True, False, None, 10**18, -0.0,
    1e-7, 12.345678, 100000, 100001, 1900, 8, 24, 24.5, 102, 110.000001, "-3", "+4", "1,5",
]  # fmt: skip
DATES: list[Any] = [
    "2025-02-05", "2019-12-31", "2031-01-01", "05/02/2025", "2025-02-30", "2025-2-5",
    "2025-02-05T10:00", "", "x", 20250205, None, "2024-02-29", "2026-06-01", "1999-12-31",
    "2020-01-01", "2030-12-31", " 2025-02-05 ", "2025-06-02",
]  # fmt: skip
BOOLS: list[Any] = [True, False, True, False, "có", 1, 0, None, "true"]
COMMUNES: list[Any] = [
    {"code": "11755", "scheme": "2025", "name": "Xã Tiên Lãng"}, {"code": "117", "scheme": "legacy"},
    {"code": "12a"}, {"code": "", "name": "x"}, {"name": "x"}, {"code": 11755}, "11755",
    {"code": "11755", "scheme": "1990"}, {}, None, {"code": "   "}, {"code": "11755"},
]  # fmt: skip
INDUSTRIES: list[Any] = [
    {"code": "1410", "version": "VSIC2025", "name": ""}, {"code": "A", "version": "VSIC2018"},
    {"code": "V"}, {"code": "1"}, {"code": "123456"}, {"code": "1410", "version": "VSIC2007"},
    {"code": "1410", "version": "2018"}, "1410", {"code": None}, {}, {"code": "u"},
]  # fmt: skip
PHOTOS: list[Any] = [
    [], [_PHOTO], [_PHOTO, {**_PHOTO, "sha256": "cd" * 32}], [_PHOTO] * 3, [{"sha256": "xyz"}],
    ["a" * 64], "x", None, [{"sha256": "A" * 64}], [_PHOTO] * 13,
]  # fmt: skip


def _choices(q: Question) -> list[Any]:
    values = [c.value for c in q.choices]
    if q.type is QType.CHOICE:
        return [*values, *values, "tim", "", "DO", 1, None, [values[0]]]
    return [
        [], values[:1], values[:2], values[-1:], values[:3], [values[0]] * 2, ["tim"],
        [values[-1], values[0]], values, values[0], [1], [None], None,
    ]  # fmt: skip


def random_value(rng: random.Random, q: Question) -> Any:
    """A plausible or broken answer to ``q``: the type's own pool most of the time."""
    if rng.random() < 0.12:
        return rng.choice(WILD)
    t = q.type
    if t in (QType.TEXT, QType.LONG_TEXT):
        return rng.choice(TEXTS)
    if t in (QType.INTEGER, QType.DECIMAL, QType.MONEY, QType.CALCULATE):
        return rng.choice(NUMBERS)
    if t is QType.DATE:
        return rng.choice(DATES)
    if t is QType.YES_NO:
        return rng.choice(BOOLS)
    if t in (QType.CHOICE, QType.MULTI_CHOICE):
        return rng.choice(_choices(q))
    if t is QType.COMMUNE:
        return copy.deepcopy(rng.choice(COMMUNES))
    if t is QType.INDUSTRY_CODE:
        return copy.deepcopy(rng.choice(INDUSTRIES))
    if t is QType.PHOTO:
        return copy.deepcopy(rng.choice(PHOTOS))
    if t is QType.REPEAT:
        return [random_row(rng, q) for _ in range(rng.choice([0, 1, 1, 2, 3, 4]))]
    return rng.choice(TEXTS)  # note: an answer where none belongs


def random_row(rng: random.Random, q: Question) -> Any:
    if rng.random() < 0.04:
        return rng.choice(["dòng", 3, None, ["x"]])
    row = {c.name: random_value(rng, c) for c in q.columns if rng.random() < 0.8}
    if rng.random() < 0.08:
        row[rng.choice(["cot_la", "zz", "a_b"])] = "?"
    return row


# --- the default questionnaire --------------------------------------------------------------------

_NAMES = ["Công ty TNHH dệt may Việt Tiến", "HTX gốm Bát Tràng", "Hộ kinh doanh mây tre đan"]
_PHONES = ["0912345678", "0398839969", "01633123456", "+84912345678", "0212345678", "abc", ""]
_TAX = ["0100233488", "0100233489", "079123456789", "000123456789", "0100233488-001", "O1002"]


def _facility(rng: random.Random) -> dict[str, Any]:
    return {
        "name": rng.choice(_NAMES),
        "kind": rng.choice(["htx", "doanh_nghiep", "ho_kinh_doanh", "to_hop_tac", "cong_ty"]),
        "owner_name": rng.choice(["Mai Hồng Thảo", "Nguyễn Văn Đạt", ""]),
        "address": rng.choice(["Thôn Tây", "", _nfd("Xóm Đông")]),
        "phone": rng.choice(_PHONES),
        "tax_code": rng.choice(_TAX),
        "year_founded": rng.choice([1987, 2010, None, 1899, 2031]),
        "craft_village": rng.choice(["", "", "Làng gốm Bát Tràng"]),
        "employees": rng.choice([None, 45, 3, 0]),
        "annual_revenue": rng.choice([None, 17_750_000_000, 0]),
        "commune_code": rng.choice(["11755", "", "2675"]),
        "commune_name": "Xã Tiên Lãng",
        "industry_code": rng.choice(["1410", "C", "", "99999"]),
        "industry_version": rng.choice([None, "VSIC2018"]),
    }


_FLIPS: dict[str, list[Any]] = {
    "thuoc_lang_nghe": [True, False],
    "co_khieu_nai": [True, False],
    "co_nghe_nhan": [True, False],
    "co_so_xac_nhan": [True, False],
    "vi_do": [21.0, 8, None, 7.9],
    "san_luong_nam": [1200, None],
    "chat_thai": [["khong_co"], ["khong_co", "bui"], [], ["bui"]],
    "thi_truong_chinh": [["xuat_khau"], []],
    "ty_le_xuat_khau": [0, 25, None],
    "tong_lao_dong": [0, 45, None, "nhiều"],
}


def _mutate(rng: random.Random, d: FormDefinition, a: dict[str, Any]) -> None:
    questions = list(d.questions())
    kind = rng.randrange(8)
    if kind == 0:
        q = rng.choice(questions)
        a[q.name] = random_value(rng, q)
    elif kind == 1 and a:
        del a[rng.choice(sorted(a))]
    elif kind == 2:
        a[rng.choice(["cau_la", "dia_chi_moi", "zz"])] = rng.choice(WILD)
    elif kind == 3:
        name = rng.choice(sorted(_FLIPS))
        a[name] = rng.choice(_FLIPS[name])
    elif kind == 4:
        repeats = [q for q in questions if q.type is QType.REPEAT]
        q = rng.choice(repeats)
        rows = a.get(q.name)
        if isinstance(rows, list) and rows and isinstance(rows[0], dict):
            row = rng.choice(rows)
            col = rng.choice(q.columns)
            if rng.random() < 0.3:
                row.pop(col.name, None)
            else:
                row[col.name] = random_value(rng, col)
        else:
            a[q.name] = random_value(rng, q)
    elif kind == 5:
        texts = [k for k, v in a.items() if isinstance(v, str)]
        if texts:
            k = rng.choice(texts)
            a[k] = rng.choice([_nfd(a[k]), f"  {a[k]}\t", a[k] * 30, a[k].upper()])
    elif kind == 6 and a:
        a[rng.choice(sorted(a))] = rng.choice(["", "  ", [], None, {}])
    else:
        q = rng.choice([q for q in questions if q.type in (QType.INTEGER, QType.MONEY)])
        a[q.name] = rng.choice([45.0, 45.5, True, "45", " 1.250 ", -1, 10**6, "1.234,5"])


def default_cases(d: FormDefinition, n: int = DEFAULT_CASES) -> Iterator[tuple[Any, date]]:
    rng = random.Random(20250601)
    for i in range(n):
        when = date(2025, 1, 1) if i % 5 else date(2030, 1, 1)
        a = demo_answers(rng, _facility(rng), when)
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 5])):
            _mutate(rng, d, a)
        yield a, TODAYS[i % len(TODAYS)]


def feature_cases(d: FormDefinition, n: int = FEATURE_CASES) -> Iterator[tuple[Any, date]]:
    rng = random.Random(31)
    questions = list(d.questions())
    for i in range(n):
        a = {q.name: random_value(rng, q) for q in questions if rng.random() < 0.85}
        if rng.random() < 0.1:
            a["khong_co"] = 1
        yield a, TODAYS[i % len(TODAYS)]


def definitions() -> tuple[FormDefinition, FormDefinition]:
    default = load_definition_file(resource_path("forms", "khao-sat-co-so-v1.json"))
    return default, parse_definition(FEATURE_FORM)


# Answers with no issue, to which one change at most is made: the compiled code's "no issue"
# must be right on each side of every check.
_GOOD_FACILITY = {
    "name": "HTX gốm Bát Tràng", "kind": "htx", "owner_name": "Nguyễn Văn Đạt",
    "address": "Thôn Tây", "phone": "0912345678", "tax_code": "0100233488",
    "year_founded": 1998, "craft_village": "Làng gốm Bát Tràng", "employees": 45,
    "annual_revenue": 3_250_000_000, "commune_code": "11755", "commune_name": "Xã Tiên Lãng",
    "industry_code": "2393",
}  # fmt: skip
GOOD_FEATURE: dict[str, Any] = {
    "ten": "Nguyễn An", "ma": "AB-123", "ma2": "123", "thu": "an@vd.vn", "cccd": "079123456789",
    "mst": "0100233488", "dt": "0912345678", "mo_ta": "Mô tả đủ dài", "nam": 2010, "so": 12,
    "tien": 500000, "ty_le": 12.5, "x": 3, "bat_dau": "2021-03-01", "ket_thuc": "2021-05-01",
    "co": True, "mau": "do", "mau_phu": ["do"], "xa": {"code": "11755", "scheme": "2025"},
    "nganh": {"code": "1410", "version": "VSIC2025"},
    "hang": [
        {"ten": "Bàn", "sl": 2, "gia": 1000, "ngay": "2022-01-01", "loai": ["do"], "co_ve": False,
         "kt": "m", "xa_hang": {"code": "117"}, "nganh_hang": {"code": "C"}},
        {"ten": "Ghế", "sl": 4, "gia": 500, "ngay": "2022-02-01", "co_ve": True, "ghi": "vé"},
    ],
    "phu": [{"a": 1.5}, {"a": 3}], "so_sanh": 5, "anh": [_PHOTO], "anh2": [_PHOTO],
    "y_kien": "Tốt",
}  # fmt: skip


def near_good_cases(
    default: FormDefinition, feature: FormDefinition, n: int = 300
) -> Iterator[tuple[FormDefinition, Any, date]]:
    rng = random.Random(7)
    for i in range(n):
        a = demo_answers(rng, dict(_GOOD_FACILITY), date(2025, 1, 1))
        if i % 3:
            _mutate(rng, default, a)
        yield default, a, date(2025, 6, 1)
    questions = list(feature.questions())
    for i in range(n):
        a = copy.deepcopy(GOOD_FEATURE)
        if i % 3:
            q = rng.choice(questions)
            if q.type is QType.REPEAT and rng.random() < 0.7:
                row = rng.choice(a[q.name])
                col = rng.choice(q.columns)
                row[col.name] = random_value(rng, col)
            else:
                a[q.name] = random_value(rng, q)
        yield feature, a, date(2025, 6, 1)


def cases() -> Iterator[tuple[FormDefinition, Any, Any]]:
    default, feature = definitions()
    for a, today in default_cases(default):
        yield default, a, today
    for a, today in feature_cases(feature):
        yield feature, a, today
    yield from near_good_cases(default, feature)
    for odd in ([], "x", None, {}, {"ten_co_so": None}):
        yield default, odd, TODAYS[0]
    # a "today" that is a datetime, or text, as a caller might pass
    for i, (a, _today) in enumerate(default_cases(default, 100)):
        yield default, a, datetime(2025, 6, 1, 12, 30) if i % 2 else "2019-02-02"


def outcome(d: FormDefinition, answers: Any, today: Any) -> str:
    """Everything the editor, printing and sync read from one answer set, as text."""
    parts: list[str] = []

    def run(name: str, fn: Callable[[], Any]) -> Any:
        try:
            got = fn()
        except Exception as exc:  # a crash is an outcome too: it must stay the same
            parts.append(f"{name}: raised {type(exc).__name__}: {exc}")
            return None
        parts.append(f"{name}: {got!r}")
        return got

    issues = run("issues", lambda: validate_answers(d, answers, today))
    state = run("state", lambda: evaluate_form(d, answers, today))
    if state is not None:
        parts.append(f"given state: {validate_answers(d, answers, today, state) == issues}")
        run("completeness", lambda: completeness(d, answers, None, today, state))
    run("with_calculations", lambda: with_calculations(d, answers, today))
    return "\n".join(parts)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
