"""The checks that write issues: each question's messages, in Vietnamese and English.

This is the one place an :class:`Issue` about an answer is worded. The fast plan of compiled.py
only decides that a question certainly has no issue; every other question comes here, so the
messages and their order are the same whichever way a survey is checked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from kcdesk.domain.errors import Issue, Severity, ValidationError
from kcdesk.domain.forms.expressions import Value, truthy
from kcdesk.domain.forms.model import FormDefinition, QType, Question, TextFormat
from kcdesk.domain.forms.values import FormState, as_number, is_empty, to_value
from kcdesk.domain.validation import check_cccd, check_phone, check_tax_code
from kcdesk.vn.dates import format_date
from kcdesk.vn.numbers import format_money, format_number
from kcdesk.vn.text import clean

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
INDUSTRY = re.compile(r"^(?:[A-U]|\d{2,5})$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
# kcdesk.domain.entities.IndustryVersion values (and the bare years older answers may carry)
INDUSTRY_VERSIONS = frozenset({"VSIC2025", "VSIC2018", "2025", "2018"})


def _label(q: Question) -> tuple[str, str]:
    return q.label.get("vi"), q.label.get("en")


def _fmt_bound(q: Question, bound: Decimal | date) -> str:
    if isinstance(bound, date):
        return format_date(bound)
    if q.value_type is QType.MONEY:
        return format_money(int(bound))
    return format_number(bound)


class Reporter:
    def __init__(self, definition: FormDefinition, state: FormState) -> None:
        self.definition = definition
        self.state = state
        self.issues: list[Issue] = []

    def add(
        self,
        field_: str,
        code: str,
        q: Question,
        vi: str,
        en: str,
        where: tuple[str, str] = ("", ""),
    ) -> None:
        lv, le = _label(q)
        self.issues.append(
            Issue(field_, code, f"“{lv}”{where[0]}: {vi}", f"“{le}”{where[1]}: {en}")
        )

    def question(
        self,
        q: Question,
        raw: Any,
        field_: str,
        row: Mapping[str, Value] | None = None,
        where: tuple[str, str] = ("", ""),
    ) -> None:
        if q.type in (QType.NOTE, QType.CALCULATE):
            return
        if is_empty(raw):
            if q.required:
                self.add(field_, "required", q, "chưa trả lời (bắt buộc).", "required.", where)
            elif q.type is QType.REPEAT and q.min_count:
                self.add(
                    field_,
                    "too_few",
                    q,
                    f"cần ít nhất {q.min_count} dòng.",
                    f"needs at least {q.min_count} rows.",
                    where,
                )
            return
        if not self.shape(q, raw, field_, where):
            return
        value = to_value(q, raw)
        self.bounds(q, raw, value, field_, where)
        if q.type is QType.REPEAT:
            self.rows(q, raw, field_)
        if q.constraint is not None:
            scope = self.state.scope(self_value=value, row=row)
            refs = q.constraint.expression.refs
            if any(col is None and scope.values.get(name) is None for name, col in refs):
                return  # compared with an answer not given (yet): nothing to hold against it
            result = q.constraint.expression(scope)
            if result is not None and not truthy(result):
                msg = q.constraint.message
                self.add(field_, "constraint", q, msg.get("vi"), msg.get("en"), where)

    def shape(self, q: Question, raw: Any, field_: str, where: tuple[str, str]) -> bool:
        """Is the stored JSON of the right kind for the type? Reports and says no when not."""
        t = q.type
        ok = True
        vi = en = ""
        if t in (QType.TEXT, QType.LONG_TEXT, QType.CHOICE):
            ok = isinstance(raw, str)
            vi, en = "phải là chữ.", "must be text."
        elif t in (QType.INTEGER, QType.MONEY):
            num = as_number(raw)
            ok = num is not None and num == num.to_integral_value()
            vi, en = "phải là số nguyên.", "must be a whole number."
        elif t is QType.DECIMAL:
            ok = as_number(raw) is not None
            vi, en = "phải là một số.", "must be a number."
        elif t is QType.DATE:
            ok = isinstance(raw, str) and to_value(q, raw) is not None
            vi, en = "phải là ngày hợp lệ (dd/mm/yyyy).", "must be a valid date (dd/mm/yyyy)."
        elif t is QType.YES_NO:
            ok = isinstance(raw, bool)
            vi, en = "phải là Có hoặc Không.", "must be Yes or No."
        elif t is QType.MULTI_CHOICE:
            ok = isinstance(raw, list) and all(isinstance(v, str) for v in raw)
            vi, en = "phải là danh sách lựa chọn.", "must be a list of choices."
        elif t in (QType.COMMUNE, QType.INDUSTRY_CODE):
            ok = isinstance(raw, dict) and isinstance(raw.get("code"), str)
            vi, en = "thiếu mã.", "code missing."
        elif t is QType.REPEAT:
            ok = isinstance(raw, list) and all(isinstance(r, dict) for r in raw)
            vi, en = "phải là bảng (danh sách dòng).", "must be a table (a list of rows)."
        elif t is QType.PHOTO:
            ok = isinstance(raw, list) and all(
                isinstance(p, dict) and SHA256.match(str(p.get("sha256", ""))) for p in raw
            )
            vi, en = "danh sách ảnh không hợp lệ.", "the list of photos is not valid."
        if not ok:
            self.add(field_, "bad_value", q, vi, en, where)
        return ok

    def bounds(
        self, q: Question, raw: Any, value: Value, field_: str, where: tuple[str, str]
    ) -> None:
        t = q.type
        if isinstance(value, Decimal | date) and (q.minimum is not None or q.maximum is not None):
            low, high = q.minimum, q.maximum
            too_low = low is not None and type(low) is type(value) and value < low  # type: ignore[operator]
            too_high = high is not None and type(high) is type(value) and value > high  # type: ignore[operator]
            if too_low or too_high:
                if low is not None and high is not None:
                    a, b = _fmt_bound(q, low), _fmt_bound(q, high)
                    vi, en = f"phải từ {a} đến {b}.", f"must be between {a} and {b}."
                elif low is not None:
                    a = _fmt_bound(q, low)
                    vi, en = f"không được nhỏ hơn {a}.", f"must not be less than {a}."
                else:
                    b = _fmt_bound(q, high)  # type: ignore[arg-type]
                    vi, en = f"không được lớn hơn {b}.", f"must not be greater than {b}."
                self.add(field_, "out_of_range", q, vi, en, where)
        if isinstance(raw, str) and t in (QType.TEXT, QType.LONG_TEXT):
            self.text(q, raw, field_, where)
        if t is QType.CHOICE and isinstance(raw, str) and raw not in {c.value for c in q.choices}:
            self.add(
                field_,
                "bad_choice",
                q,
                f"“{raw}” không phải một lựa chọn của câu này.",
                f"“{raw}” is not one of this question's choices.",
                where,
            )
        if t is QType.MULTI_CHOICE and isinstance(raw, list):
            allowed = {c.value for c in q.choices}
            for v in raw:
                if v not in allowed:
                    self.add(
                        field_,
                        "bad_choice",
                        q,
                        f"“{v}” không phải một lựa chọn của câu này.",
                        f"“{v}” is not one of this question's choices.",
                        where,
                    )
            if len(set(raw)) != len(raw):
                self.add(
                    field_,
                    "bad_choice",
                    q,
                    "có lựa chọn bị chọn hai lần.",
                    "a choice is selected twice.",
                    where,
                )
        if t is QType.COMMUNE and isinstance(raw, dict):
            code, scheme = str(raw.get("code", "")), raw.get("scheme", "2025")
            if not code.isdigit() or scheme not in ("2025", "legacy"):
                self.add(
                    field_,
                    "bad_commune",
                    q,
                    f"mã xã “{code}” (hệ {scheme}) không hợp lệ.",
                    f"commune code “{code}” (scheme {scheme}) is not valid.",
                    where,
                )
        if t is QType.INDUSTRY_CODE and isinstance(raw, dict):
            code, version = str(raw.get("code", "")), raw.get("version", "VSIC2025")
            if not INDUSTRY.match(code) or version not in INDUSTRY_VERSIONS:
                self.add(
                    field_,
                    "bad_industry_code",
                    q,
                    f"mã ngành “{code}” không hợp lệ ({version}: chữ cái A–U hoặc 2–5 số).",
                    f"industry code “{code}” is not valid ({version}: a letter A–U or 2–5 digits).",
                    where,
                )
        if t in (QType.MULTI_CHOICE, QType.PHOTO, QType.REPEAT) and isinstance(raw, list):
            n = len(raw)
            unit_vi, unit_en = {
                QType.MULTI_CHOICE: ("lựa chọn", "choices"),
                QType.PHOTO: ("ảnh", "photos"),
                QType.REPEAT: ("dòng", "rows"),
            }[t]
            if q.min_count is not None and n < q.min_count:
                self.add(
                    field_,
                    "too_few",
                    q,
                    f"cần ít nhất {q.min_count} {unit_vi}.",
                    f"needs at least {q.min_count} {unit_en}.",
                    where,
                )
            if q.max_count is not None and n > q.max_count:
                self.add(
                    field_,
                    "too_many",
                    q,
                    f"nhiều nhất {q.max_count} {unit_vi}, đang có {n}.",
                    f"at most {q.max_count} {unit_en}, has {n}.",
                    where,
                )

    def text(self, q: Question, raw: str, field_: str, where: tuple[str, str]) -> None:
        text = clean(raw)
        if q.min_length is not None and len(text) < q.min_length:
            self.add(
                field_,
                "too_short",
                q,
                f"cần ít nhất {q.min_length} ký tự.",
                f"needs at least {q.min_length} characters.",
                where,
            )
        if q.max_length is not None and len(text) > q.max_length:
            self.add(
                field_,
                "too_long",
                q,
                f"dài {len(text)} ký tự, nhiều nhất {q.max_length}.",
                f"has {len(text)} characters, at most {q.max_length}.",
                where,
            )
        if q.pattern and not re.fullmatch(q.pattern, text):
            msg = q.pattern_message
            vi = msg.get("vi") if msg else "không đúng mẫu quy định."
            en = msg.get("en") if msg else "does not match the required pattern."
            self.add(field_, "pattern", q, vi, en, where)
        if q.format is not None and q.format is not TextFormat.YEAR:
            self.identifier(q, text, field_, where)

    def identifier(self, q: Question, text: str, field_: str, where: tuple[str, str]) -> None:
        checks = {
            TextFormat.PHONE: check_phone,
            TextFormat.TAX_CODE: check_tax_code,
            TextFormat.CCCD: check_cccd,
        }
        if q.format is TextFormat.EMAIL:
            if not EMAIL.match(text):
                self.add(
                    field_,
                    "email",
                    q,
                    f"“{text}” không phải địa chỉ thư điện tử.",
                    f"“{text}” is not an e-mail address.",
                    where,
                )
            return
        check = checks[q.format]  # type: ignore[index]
        try:
            checked = check(text, field_)
        except ValidationError as exc:
            for issue in exc.issues:
                self.add(field_, issue.code, q, issue.message_vi, issue.message_en, where)
            return
        for w in checked.warnings:
            lv, le = _label(q)
            self.issues.append(
                Issue(
                    field_,
                    w.code,
                    f"“{lv}”: {w.message_vi}",
                    f"“{le}”: {w.message_en}",
                    Severity.WARNING,
                )
            )

    def rows(self, q: Question, raw_rows: list[dict[str, Any]], field_: str) -> None:
        states = self.state.rows.get(q.name, [])
        for i, (raw, st) in enumerate(zip(raw_rows, states, strict=False)):
            where = (f", dòng {i + 1}", f", row {i + 1}")
            for col in q.columns:
                if not st.relevant.get(col.name, True):
                    continue
                self.question(
                    col,
                    raw.get(col.name),
                    f"{field_}[{i}].{col.name}",
                    st.values,
                    (f"{where[0]}", f"{where[1]}"),
                )
            known = {c.name for c in q.columns}
            for extra in sorted(set(raw) - known):
                self.unknown(f"{field_}[{i}].{extra}")

    def unknown(self, field_: str) -> None:
        self.issues.append(
            Issue(
                field_,
                "not_in_form",
                f"Câu “{field_}” không có trong mẫu {self.definition.key}: "
                "câu trả lời được giữ nguyên.",
                f"“{field_}” is not in form {self.definition.key}: the answer is kept as it is.",
                Severity.WARNING,
            )
        )
