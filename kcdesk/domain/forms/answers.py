"""Answers to a form: how they are stored, evaluated (relevance, calculations) and validated.

Answers are a JSON object ``{question name: value}``; the value's JSON shape per type:

========================  ==================================================================
text, long_text, choice   string
integer, money            whole number (money in đồng)
decimal, calculate        number
date                      ``"yyyy-mm-dd"``
yes_no                    ``true`` / ``false``
multi_choice              list of choice values
commune                   ``{"code": "…", "scheme": "2025" | "legacy", "name": "…"}``
industry_code             ``{"code": "…", "version": "VSIC2025" | "VSIC2018", "name": "…"}``
repeat                    list of objects, one per row, ``{column name: value}``
photo                     list of ``{"sha256": "…", "caption": "…", "media_type": "…"}``
========================  ==================================================================

Validation never changes or drops an answer: it returns :class:`Issue` objects, so a survey that
fails is still kept as a draft with its reasons shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from kcdesk.domain.errors import Issue, Severity, ValidationError
from kcdesk.domain.forms.expressions import Scope, Value, truthy
from kcdesk.domain.forms.model import FormDefinition, QType, Question, Section, TextFormat
from kcdesk.domain.validation import check_cccd, check_phone, check_tax_code
from kcdesk.vn.dates import format_date, parse_date
from kcdesk.vn.numbers import format_money, format_number, parse_number
from kcdesk.vn.text import clean, fold

Answers = dict[str, Any]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_INDUSTRY = re.compile(r"^(?:[A-U]|\d{2,5})$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# kcdesk.domain.entities.IndustryVersion values (and the bare years older answers may carry)
INDUSTRY_VERSIONS = frozenset({"VSIC2025", "VSIC2018", "2025", "2018"})
YES_WORDS = frozenset({"có", "co", "c", "x", "yes", "y", "true", "1", "đúng", "dung", "rồi"})
NO_WORDS = frozenset({"không", "khong", "k", "ko", "no", "n", "false", "0", "sai", "chưa", "chua"})


def is_empty(value: Any) -> bool:
    """No answer: ``None``, blank text, an empty list, a commune/code object without a code."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return len(value) == 0
    if isinstance(value, dict):
        if "code" in value:  # a commune or an industry code without its code is no answer
            return is_empty(value["code"])
        return all(is_empty(v) for v in value.values())
    return False


# --- JSON answer → expression value -------------------------------------------------------------


def _number(raw: Any) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    try:
        return parse_number(raw)
    except ValueError:
        return None


def to_value(question: Question, raw: Any) -> Value:
    """The value expressions see for a stored answer (``None`` when empty or malformed)."""
    if is_empty(raw):
        return None
    t = question.value_type
    if t in (QType.INTEGER, QType.DECIMAL, QType.MONEY):
        return _number(raw)
    if t is QType.DATE:
        try:
            return parse_date(raw) if isinstance(raw, str) else None
        except ValueError:
            return None
    if t is QType.YES_NO:
        return raw if isinstance(raw, bool) else None
    if t is QType.MULTI_CHOICE:
        return tuple(str(v) for v in raw) if isinstance(raw, list) else None
    if t in (QType.COMMUNE, QType.INDUSTRY_CODE):
        if isinstance(raw, dict):
            return str(raw.get("code") or "") or None
        return str(raw)
    if t is QType.PHOTO:
        if isinstance(raw, list):
            return tuple(str(p.get("sha256", "")) if isinstance(p, dict) else str(p) for p in raw)
        return None
    if t is QType.REPEAT:
        return tuple(range(len(raw))) if isinstance(raw, list) else None
    if isinstance(raw, str):
        return raw.strip()
    return None


def to_json(question: Question, value: Value) -> Any:
    """The stored form of a calculated value."""
    if value is None or not isinstance(value, Decimal):
        return None
    t = question.value_type
    if t in (QType.INTEGER, QType.MONEY):
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    q = value.quantize(Decimal(1).scaleb(-question.decimals), rounding=ROUND_HALF_UP)
    return int(q) if q == q.to_integral_value() else float(q)


# --- evaluation ---------------------------------------------------------------------------------


@dataclass
class RowState:
    relevant: dict[str, bool]
    values: dict[str, Value]
    calculated: dict[str, Any]


@dataclass
class FormState:
    """Relevance and values of every question for one set of answers."""

    relevant: dict[str, bool] = field(default_factory=dict)  # question and its section relevant
    sections: dict[str, bool] = field(default_factory=dict)
    values: dict[str, Value] = field(default_factory=dict)  # non-relevant → None
    rows: dict[str, list[RowState]] = field(default_factory=dict)
    columns: dict[str, dict[str, Value]] = field(default_factory=dict)
    calculated: dict[str, Any] = field(default_factory=dict)  # stored form of calculations
    today: date = field(default_factory=date.today)

    def scope(self, self_value: Value = None, row: Mapping[str, Value] | None = None) -> Scope:
        return Scope(self.values, self.columns, row, self_value, self.today)


def _section_relevant(state: FormState, section: Section) -> bool:
    known = state.sections.get(section.name)
    if known is None:
        known = section.relevant is None or truthy(section.relevant(state.scope()))
        state.sections[section.name] = known
    return known


def evaluate_form(
    definition: FormDefinition, answers: Mapping[str, Any], today: date | None = None
) -> FormState:
    """Relevance and calculated values, in dependency order (the loader refused cycles)."""
    state = FormState(today=today or date.today())
    for name in definition.order:
        q = definition.question(name)
        section = definition.section_of(name)
        if q is None or section is None:  # pragma: no cover - order is built from the questions
            continue
        relevant = _section_relevant(state, section) and (
            q.relevant is None or truthy(q.relevant(state.scope()))
        )
        state.relevant[name] = relevant
        if q.type is QType.CALCULATE and q.calculation is not None:
            value = q.calculation(state.scope()) if relevant else None
            stored = to_json(q, value)
            state.calculated[name] = stored
            state.values[name] = to_value(q, stored)
        elif q.type is QType.REPEAT:
            _evaluate_rows(definition, q, answers.get(name) if relevant else None, state)
            state.values[name] = to_value(q, answers.get(name)) if relevant else None
        elif q.type is QType.NOTE:
            state.values[name] = None
        else:
            state.values[name] = to_value(q, answers.get(name)) if relevant else None
    return state


def _evaluate_rows(
    definition: FormDefinition, q: Question, raw_rows: Any, state: FormState
) -> None:
    rows: list[RowState] = []
    columns: dict[str, list[Value]] = {c.name: [] for c in q.columns}
    order = definition.column_orders.get(q.name) or tuple(c.name for c in q.columns)
    for raw in raw_rows if isinstance(raw_rows, list) else []:
        raw = raw if isinstance(raw, dict) else {}
        row = RowState({}, {}, {})
        for col_name in order:
            col = q.column(col_name)
            if col is None:  # pragma: no cover
                continue
            scope = state.scope(row=row.values)
            relevant = col.relevant is None or truthy(col.relevant(scope))
            row.relevant[col_name] = relevant
            if col.type is QType.CALCULATE and col.calculation is not None:
                stored = to_json(col, col.calculation(scope) if relevant else None)
                row.calculated[col_name] = stored
                row.values[col_name] = to_value(col, stored)
            else:
                row.values[col_name] = to_value(col, raw.get(col_name)) if relevant else None
        for c in q.columns:
            columns[c.name].append(row.values.get(c.name))
        rows.append(row)
    state.rows[q.name] = rows
    state.columns[q.name] = {k: tuple(v) for k, v in columns.items()}  # type: ignore[misc]


def with_calculations(
    definition: FormDefinition, answers: Mapping[str, Any], today: date | None = None
) -> Answers:
    """A copy of ``answers`` with every calculated value (and table cell) filled in."""
    state = evaluate_form(definition, answers, today)
    out: Answers = dict(answers)
    out.update({k: v for k, v in state.calculated.items()})
    for name, rows in state.rows.items():
        raw_rows = answers.get(name)
        if not isinstance(raw_rows, list) or not any(r.calculated for r in rows):
            continue
        out[name] = [
            {**(raw if isinstance(raw, dict) else {}), **row.calculated}
            for raw, row in zip(raw_rows, rows, strict=False)
        ]
    return out


# --- validation ---------------------------------------------------------------------------------


def _label(q: Question) -> tuple[str, str]:
    return q.label.get("vi"), q.label.get("en")


def _fmt_bound(q: Question, bound: Decimal | date) -> str:
    if isinstance(bound, date):
        return format_date(bound)
    if q.value_type is QType.MONEY:
        return format_money(int(bound))
    return format_number(bound)


class _Validator:
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
            num = _number(raw)
            ok = num is not None and num == num.to_integral_value()
            vi, en = "phải là số nguyên.", "must be a whole number."
        elif t is QType.DECIMAL:
            ok = _number(raw) is not None
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
                isinstance(p, dict) and _SHA256.match(str(p.get("sha256", ""))) for p in raw
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
            if not _INDUSTRY.match(code) or version not in INDUSTRY_VERSIONS:
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
            if not _EMAIL.match(text):
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


def validate_answers(
    definition: FormDefinition,
    answers: Mapping[str, Any],
    today: date | None = None,
    state: FormState | None = None,
) -> list[Issue]:
    """Every problem with ``answers`` under ``definition`` (errors and warnings), in form order.

    Questions that are not relevant are not checked. Answers to names the definition does not
    have (another version) give a warning and are never dropped. Used by the editor, the CLI and
    the sync import alike. ``state`` is :func:`evaluate_form` of the same answers, when the
    caller has it already.
    """
    if not isinstance(answers, Mapping):
        return [
            Issue(
                "",
                "bad_answers",
                "Câu trả lời phải là một đối tượng JSON.",
                "Answers must be a JSON object.",
            )
        ]
    state = state or evaluate_form(definition, answers, today)
    v = _Validator(definition, state)
    for q in definition.questions():
        if state.relevant.get(q.name, False):
            v.question(q, answers.get(q.name), q.name)
    for name in answers:
        if definition.question(name) is None:
            v.unknown(name)
    return v.issues


def errors_only(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity is Severity.ERROR]


# --- completeness -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Completeness:
    """What the editor's indicator shows: answered relevant questions and what blocks completion."""

    answered: int
    total: int
    required_missing: int
    errors: int

    @property
    def ratio(self) -> float:
        return self.answered / self.total if self.total else 1.0

    @property
    def can_complete(self) -> bool:
        return self.errors == 0


def completeness(
    definition: FormDefinition,
    answers: Mapping[str, Any],
    issues: list[Issue] | None = None,
    today: date | None = None,
    state: FormState | None = None,
) -> Completeness:
    state = state or evaluate_form(definition, answers, today)
    if issues is None:
        issues = validate_answers(definition, answers, today, state)
    answered = total = 0
    for q in definition.questions():
        if not q.answerable or not state.relevant.get(q.name, False):
            continue
        total += 1
        if not is_empty(answers.get(q.name)):
            answered += 1
    errors = errors_only(issues)
    missing = sum(1 for i in errors if i.code == "required")
    return Completeness(answered, total, missing, len(errors))


# --- input from people --------------------------------------------------------------------------


class InputError(ValueError):
    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi, self.message_en = message_vi, message_en


def parse_input(question: Question, text: str) -> Any:
    """Turn what a person typed (editor, Excel cell, CLI) into the stored JSON value.

    Empty text gives ``None``. Raises :class:`InputError` with a Vietnamese message.
    """
    raw = clean(text)
    if not raw:
        return [] if question.type is QType.MULTI_CHOICE else None
    t = question.value_type
    try:
        if t is QType.INTEGER or t is QType.MONEY:
            num = parse_number(raw)
            if num is None:
                return None
            if num != num.to_integral_value():
                raise InputError(f"“{raw}” phải là số nguyên.", f"“{raw}” must be a whole number.")
            return int(num)
        if t is QType.DECIMAL:
            num = parse_number(raw)
            if num is None:
                return None
            return int(num) if num == num.to_integral_value() else float(num)
        if t is QType.DATE:
            d = parse_date(raw)
            return d.isoformat() if d else None
    except (ValueError, InvalidOperation) as exc:
        if isinstance(exc, InputError):
            raise
        kind_vi = "ngày (dd/mm/yyyy)" if t is QType.DATE else "số (ví dụ 1.234,5)"
        kind_en = "date (dd/mm/yyyy)" if t is QType.DATE else "number (e.g. 1.234,5)"
        raise InputError(f"“{raw}” không phải {kind_vi}.", f"“{raw}” is not a {kind_en}.") from exc
    if t is QType.YES_NO:
        low = raw.casefold()
        if low in YES_WORDS:
            return True
        if low in NO_WORDS:
            return False
        raise InputError(f"“{raw}”: hãy trả lời Có hoặc Không.", f"“{raw}”: answer Yes or No.")
    if t is QType.CHOICE:
        return _match_choice(question, raw)
    if t is QType.MULTI_CHOICE:
        return [_match_choice(question, part) for part in re.split(r"[;\n]", raw) if part.strip()]
    if t is QType.INDUSTRY_CODE:
        code, _, name = raw.partition(" ")
        return {
            "code": code.upper() if code.isalpha() else code,
            "version": "VSIC2025",
            "name": name.strip(" -–:"),
        }
    if t is QType.COMMUNE:
        code, _, name = raw.partition(" ")
        if not code.isdigit():
            raise InputError(
                f"“{raw}”: hãy chọn xã/phường trong danh sách.",
                f"“{raw}”: pick the commune from the list.",
            )
        return {"code": code, "scheme": "2025", "name": name.strip(" -–:")}
    return raw


def _match_choice(question: Question, raw: str) -> str:
    wanted = fold(raw)
    for c in question.choices:
        if raw.strip() == c.value or wanted in (fold(c.label.vi), fold(c.label.en), fold(c.value)):
            return c.value
    for i, c in enumerate(question.choices, 1):  # paper forms number the choices
        if wanted == str(i):
            return c.value
    labels = ", ".join(c.label.vi for c in question.choices)
    raise InputError(
        f"“{raw}” không phải một lựa chọn ({labels}).",
        f"“{raw}” is not one of the choices ({labels}).",
    )
