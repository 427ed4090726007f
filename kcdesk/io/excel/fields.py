"""The columns an import understands, with the many ways offices head them.

Aliases are written folded (no diacritics, đ→d, lower case, single spaces), so ``"Số ĐT"``,
``"SO DT"`` and ``"số đt"`` all meet ``"so dt"``. docs/excel.md lists them for users.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FieldType(StrEnum):
    TEXT = "text"
    SERIAL = "serial"  # STT: row number in the list, not stored
    INT = "int"
    YEAR = "year"
    MONEY = "money"  # whole đồng after applying the column's unit
    DECIMAL = "decimal"
    PHONE = "phone"
    TAX_CODE = "tax_code"
    KIND = "kind"
    DATE = "date"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label_vi: str
    label_en: str
    type: FieldType
    aliases: tuple[str, ...]
    required: bool = False
    # A header holding any of these words is not this field ("Lao động nữ" is not the total).
    excludes: tuple[str, ...] = ()

    def label(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label_vi


# Units of money columns, found in the header ("Doanh thu (triệu đồng)"); longest words first.
MONEY_UNITS: tuple[tuple[str, int, str], ...] = (
    ("trieu dong", 1_000_000, "triệu đồng"),
    ("tr dong", 1_000_000, "triệu đồng"),
    ("trd", 1_000_000, "triệu đồng"),
    ("tr d", 1_000_000, "triệu đồng"),
    ("trieu", 1_000_000, "triệu đồng"),
    ("nghin dong", 1_000, "nghìn đồng"),
    ("ngan dong", 1_000, "nghìn đồng"),
    ("1000 dong", 1_000, "nghìn đồng"),
    ("1000d", 1_000, "nghìn đồng"),
    ("nghin", 1_000, "nghìn đồng"),
    ("ty dong", 1_000_000_000, "tỷ đồng"),
    ("ty", 1_000_000_000, "tỷ đồng"),
    ("dong", 1, "đồng"),
    ("vnd", 1, "đồng"),
)
UNIT_LABELS = {1: "đồng", 1_000: "nghìn đồng", 1_000_000: "triệu đồng", 1_000_000_000: "tỷ đồng"}
DEFAULT_MONEY_UNIT = 1_000_000  # district lists report in triệu đồng when they do not say


FACILITY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("stt", "STT", "No.", FieldType.SERIAL,
              ("stt", "tt", "so tt", "so thu tu", "thu tu", "no", "so")),
    FieldSpec("name", "Tên cơ sở", "Facility name", FieldType.TEXT,
              ("ten co so", "ten", "ten co so cnnt", "ten co so san xuat", "ten doanh nghiep",
               "ten don vi", "ten to chuc", "ten htx", "ten co so doanh nghiep", "co so",
               "ten co so nganh nghe", "ten doanh nghiep co so", "don vi", "ten dn",
               "ten co so san xuat kinh doanh", "facility", "name"),
              required=True, excludes=("chu", "nguoi", "giam doc", "lang", "xa", "huyen")),
    FieldSpec("kind", "Loại hình", "Kind", FieldType.KIND,
              ("loai hinh", "loai hinh co so", "loai hinh doanh nghiep", "loai hinh to chuc",
               "hinh thuc", "loai hinh kinh doanh", "loai", "kind", "type")),
    FieldSpec("owner", "Chủ cơ sở / người đại diện", "Owner / representative", FieldType.TEXT,
              ("ho ten chu co so", "chu co so", "ten chu co so", "ho va ten chu co so",
               "nguoi dai dien", "dai dien", "nguoi dai dien theo phap luat", "chu ho",
               "giam doc", "ho ten", "ho va ten", "chu doanh nghiep", "ho ten nguoi dai dien",
               "chu nhiem", "owner")),
    FieldSpec("address", "Địa chỉ (thôn/xóm)", "Address (village)", FieldType.TEXT,
              ("dia chi", "dia chi thon xom", "thon xom", "thon", "xom", "thon to", "so nha",
               "dia chi chi tiet", "dia chi tru so", "tru so", "dia diem", "address"),
              excludes=("email", "thu dien tu")),
    FieldSpec("commune", "Xã / phường", "Commune", FieldType.TEXT,
              ("xa", "xa phuong", "phuong xa", "xa phuong thi tran", "xa thi tran", "phuong",
               "don vi hanh chinh cap xa", "xa phuong dac khu", "commune", "ward")),
    FieldSpec("district", "Huyện (cũ)", "District (old)", FieldType.TEXT,
              ("huyen", "quan huyen", "huyen thi xa", "huyen thanh pho", "thi xa", "quan",
               "huyen thi xa thanh pho", "district")),
    FieldSpec("province", "Tỉnh / thành phố", "Province", FieldType.TEXT,
              ("tinh", "tinh thanh pho", "tinh tp", "tinh thanh", "province")),
    FieldSpec("phone", "Số điện thoại", "Phone", FieldType.PHONE,
              ("so dien thoai", "dien thoai", "sdt", "dt", "so dt", "dtdd", "di dong",
               "dien thoai lien he", "so dien thoai lien he", "dt lien he", "phone", "mobile"),
              excludes=("doanh thu",)),
    FieldSpec("tax_code", "Mã số thuế", "Tax code", FieldType.TAX_CODE,
              ("ma so thue", "mst", "ma so doanh nghiep", "ma so dn", "ma so thue cccd",
               "ma so thue so dinh danh", "ma so", "tax code")),
    FieldSpec("trade", "Ngành nghề", "Trade", FieldType.TEXT,
              ("nganh nghe", "nganh nghe san xuat", "nganh nghe kinh doanh", "linh vuc",
               "nganh nghe chinh", "nganh", "linh vuc san xuat", "san pham chinh",
               "san pham", "mat hang", "trade")),
    FieldSpec("industry_code", "Mã ngành (VSIC)", "Industry code (VSIC)", FieldType.TEXT,
              ("ma nganh", "ma nganh vsic", "vsic", "ma nganh kinh te", "ma nganh nghe")),
    FieldSpec("craft_village", "Làng nghề", "Craft village", FieldType.TEXT,
              ("lang nghe", "thuoc lang nghe", "ten lang nghe", "craft village")),
    FieldSpec("employees", "Số lao động", "Workers", FieldType.INT,
              ("so lao dong", "lao dong", "ld", "so ld", "tong so lao dong", "tong lao dong",
               "tong so ld", "lao dong nguoi", "so nguoi lao dong", "workers"),
              excludes=("nu", "thoi vu", "dao tao", "thu nhap", "luong")),
    FieldSpec("revenue", "Doanh thu", "Revenue", FieldType.MONEY,
              ("doanh thu", "tong doanh thu", "doanh thu nam", "dt nam", "revenue"),
              excludes=("xuat khau", "loi nhuan")),
    FieldSpec("year_founded", "Năm thành lập", "Year founded", FieldType.YEAR,
              ("nam thanh lap", "nam bat dau hoat dong", "nam hoat dong", "thanh lap nam",
               "nam thanh lap hoat dong", "year founded")),
    FieldSpec("latitude", "Vĩ độ", "Latitude", FieldType.DECIMAL, ("vi do", "latitude", "lat")),
    FieldSpec("longitude", "Kinh độ", "Longitude", FieldType.DECIMAL,
              ("kinh do", "longitude", "long", "lng", "lon")),
    FieldSpec("note", "Ghi chú", "Notes", FieldType.TEXT,
              ("ghi chu", "ghi chu khac", "note", "notes", "chu thich")),
)  # fmt: skip

FIELDS_BY_KEY = {f.key: f for f in FACILITY_FIELDS}
