"""Validation of Vietnamese identifiers: tax code, mobile phone, CCCD; and required fields."""

from __future__ import annotations

import re

from kcdesk.domain.errors import Checked, Issue, Severity, ValidationError
from kcdesk.vn.text import clean

_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

# Old 11-digit mobile prefixes → the 10-digit ones of 2018 (Viettel, Mobifone, Vinaphone,
# Vietnamobile, Gmobile), as listed in the domain brief.
OLD_MOBILE_PREFIXES = {
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036", "0167": "037",
    "0168": "038", "0169": "039",
    "0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078",
    "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
    "0186": "056", "0188": "058",
    "0199": "059",
}  # fmt: skip


def _issue(field: str, code: str, vi: str, en: str) -> Issue:
    return Issue(field, code, vi, en)


def tax_check_digit(first9: str) -> int | None:
    """Check digit of a 10-digit tax code, ``None`` when the rule gives 10 (no valid code)."""
    total = sum(int(d) * w for d, w in zip(first9, _TAX_WEIGHTS, strict=True))
    digit = 10 - (total % 11)
    return None if digit == 10 else digit


def check_tax_code(value: str | None, field: str = "tax_code") -> Checked:
    """Accept a 10-digit code with a right check digit, a 13-char branch code ``NNNNNNNNNN-NNN``
    or a 12-digit personal ID (used as tax code since 1/7/2025). Spaces and dots are dropped.
    Raises :class:`ValidationError` with the reason."""
    raw = clean(value)
    text = re.sub(r"[\s.]", "", raw)
    if re.fullmatch(r"\d{10}-?\d{3}", text) and len(text.replace("-", "")) == 13:
        digits = text.replace("-", "")
        head, branch = digits[:10], digits[10:]
        check_tax_code(head, field)
        return Checked(f"{head}-{branch}")
    if re.fullmatch(r"\d{12}", text):
        check_cccd(text, field)
        return Checked(text)
    if re.fullmatch(r"\d{10}", text):
        expected = tax_check_digit(text[:9])
        if expected is None or int(text[9]) != expected:
            want = "không có số kiểm tra hợp lệ" if expected is None else f"phải là {expected}"
            want_en = "has no valid check digit" if expected is None else f"should be {expected}"
            raise ValidationError(
                [
                    _issue(
                        field,
                        "tax_check_digit",
                        f"Mã số thuế {text} sai số kiểm tra: chữ số cuối là {text[9]}, {want}.",
                        f"Tax code {text}: wrong check digit {text[9]}, {want_en}.",
                    )
                ]
            )
        return Checked(text)
    if re.search(r"[^\d\-]", text):
        raise ValidationError(
            [
                _issue(
                    field,
                    "tax_not_digits",
                    f"Mã số thuế “{raw}” có ký tự không phải chữ số (gõ nhầm chữ O thay số 0?).",
                    f"Tax code “{raw}” contains characters that are not digits (letter O for zero?).",
                )
            ]
        )
    raise ValidationError(
        [
            _issue(
                field,
                "tax_length",
                f"Mã số thuế “{raw}” có {len(text.replace('-', ''))} chữ số; phải là 10 số, "
                "10 số kèm “-NNN” (chi nhánh) hoặc 12 số (số định danh cá nhân).",
                f"Tax code “{raw}” has {len(text.replace('-', ''))} digits; it must be 10, "
                "10 + “-NNN” (branch) or 12 (personal ID).",
            )
        ]
    )


def check_phone(value: str | int | None, field: str = "phone") -> Checked:
    """Normalise a phone number to its 10 (mobile) or 11 (landline with area code) digits.

    ``+84`` becomes ``0``; an old 11-digit mobile number is converted with a warning. Raises
    :class:`ValidationError` for anything that is not a Vietnamese number.
    """
    raw = clean(str(value) if value is not None else "")
    digits = re.sub(r"[\s.\-()]", "", raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if digits.isdigit() and len(digits) == 9 and digits[0] != "0":
        digits = "0" + digits  # a number cell in Excel loses its leading zero
    if not digits.isdigit() or not digits.startswith("0"):
        raise ValidationError(
            [
                _issue(
                    field,
                    "phone_format",
                    f"Số điện thoại “{raw}” không hợp lệ: chỉ gồm chữ số, bắt đầu bằng 0 hoặc +84.",
                    f"Phone number “{raw}” is not valid: digits only, starting with 0 or +84.",
                )
            ]
        )
    if len(digits) == 11 and digits[:4] in OLD_MOBILE_PREFIXES:
        new = OLD_MOBILE_PREFIXES[digits[:4]] + digits[4:]
        return Checked(
            new,
            [
                Issue(
                    field,
                    "phone_converted",
                    f"Số di động cũ 11 số {digits} đã được đổi thành {new}.",
                    f"Old 11-digit mobile number {digits} was converted to {new}.",
                    Severity.WARNING,
                )
            ],
        )
    if len(digits) == 10 and digits[1] in "35789":
        return Checked(digits)
    if len(digits) == 11 and digits.startswith("02"):
        return Checked(digits)  # landline: 02x area code + 8 digits
    raise ValidationError(
        [
            _issue(
                field,
                "phone_length",
                f"Số điện thoại “{raw}” không hợp lệ: di động có 10 chữ số (ví dụ 0912 345 678), "
                "máy bàn có 11 chữ số bắt đầu bằng 02.",
                f"Phone number “{raw}” is not valid: a mobile has 10 digits (e.g. 0912 345 678), "
                "a landline 11 digits starting with 02.",
            )
        ]
    )


def check_cccd(value: str | None, field: str = "cccd") -> Checked:
    """12-digit citizen ID: 3-digit province code, century/sex digit, 2-digit year, 6 digits."""
    text = re.sub(r"[\s.]", "", clean(value))
    if not re.fullmatch(r"\d{12}", text):
        raise ValidationError(
            [
                _issue(
                    field,
                    "cccd_format",
                    f"Số định danh “{text}” phải có đúng 12 chữ số.",
                    f"Personal ID “{text}” must have exactly 12 digits.",
                )
            ]
        )
    province = int(text[:3])
    if province == 0 or province > 96:
        raise ValidationError(
            [
                _issue(
                    field,
                    "cccd_province",
                    f"Số định danh {text}: mã tỉnh {text[:3]} không tồn tại.",
                    f"Personal ID {text}: province code {text[:3]} does not exist.",
                )
            ]
        )
    return Checked(text)


def require(value: object, field: str, label_vi: str, label_en: str) -> Issue | None:
    """An error issue when a required value is empty, else ``None``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return _issue(field, "required", f"Chưa nhập {label_vi}.", f"{label_en} is required.")
    return None
