"""Read a form definition from JSON and refuse it, naming the question, when anything is wrong.

Every problem is collected before refusing, so a province editing a questionnaire sees all of its
mistakes at once. The checks: known keys and types, unique names, choices, bounds, expressions
that parse and name existing questions, and no cycle among relevance and calculations.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kcdesk.domain.errors import Issue, ValidationError
from kcdesk.domain.forms.expressions import KEYWORDS, Expression, ExpressionError
from kcdesk.domain.forms.model import (
    EMPTY_TEXT,
    Choice,
    FormDefinition,
    QType,
    Question,
    Rule,
    Section,
    Text,
    TextFormat,
)

FORMAT = "kcdesk-form/1"
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
CHOICE_VALUE_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")

_COMMON_KEYS = {"name", "type", "label", "help", "required", "relevant"}
_KEYS_BY_TYPE: dict[QType, set[str]] = {
    QType.TEXT: {
        "constraint",
        "constraint_message",
        "min_length",
        "max_length",
        "pattern",
        "pattern_message",
        "format",
    },
    QType.LONG_TEXT: {
        "constraint",
        "constraint_message",
        "min_length",
        "max_length",
        "print_lines",
    },
    QType.INTEGER: {"constraint", "constraint_message", "min", "max", "unit", "format"},
    QType.DECIMAL: {"constraint", "constraint_message", "min", "max", "unit", "decimals"},
    QType.MONEY: {"constraint", "constraint_message", "min", "max", "unit"},
    QType.DATE: {"constraint", "constraint_message", "min", "max"},
    QType.YES_NO: {"constraint", "constraint_message"},
    QType.CHOICE: {"constraint", "constraint_message", "choices"},
    QType.MULTI_CHOICE: {"constraint", "constraint_message", "choices", "min_count", "max_count"},
    QType.COMMUNE: {"constraint", "constraint_message"},
    QType.INDUSTRY_CODE: {"constraint", "constraint_message"},
    QType.REPEAT: {"columns", "min_rows", "max_rows", "print_rows"},
    QType.PHOTO: {"min_count", "max_count"},
    QType.CALCULATE: {"calculation", "result", "decimals", "unit"},
    QType.NOTE: set(),
}
_COLUMN_EXTRA = {"width"}
_COLUMN_TYPES = set(QType) - {QType.REPEAT, QType.PHOTO, QType.LONG_TEXT}
_RESULT_TYPES = {QType.INTEGER, QType.DECIMAL, QType.MONEY}


class FormDefinitionError(ValidationError):
    """A definition that cannot be installed; ``issues`` name each question at fault."""


class _Checker:
    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.failed: set[str] = set()  # questions refused: references to them are not re-reported

    def add(self, where: str, code: str, vi: str, en: str) -> None:
        self.issues.append(Issue(where, code, vi, en))


def _nfc_tree(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc_tree(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _nfc_tree(v) for k, v in value.items()}
    return value


def fingerprint(source: Mapping[str, Any]) -> str:
    """Short stable hash of a definition: printed on forms so paper names its exact version."""
    canon = json.dumps(source, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:12]


def _text(ck: _Checker, where: str, raw: Any, what: str, required: bool = True) -> Text:
    if raw is None or raw == "":
        if required:
            ck.add(where, "label_missing", f"{where}: thiếu {what}.", f"{where}: {what} missing.")
        return EMPTY_TEXT
    if isinstance(raw, str):
        return Text(raw.strip())
    if isinstance(raw, dict) and isinstance(raw.get("vi"), str) and raw["vi"].strip():
        extra = set(raw) - {"vi", "en"}
        if extra or not isinstance(raw.get("en", ""), str):
            ck.add(
                where,
                "label_format",
                f"{where}: {what} chỉ có “vi” và “en”.",
                f"{where}: {what} takes only “vi” and “en”.",
            )
        return Text(raw["vi"].strip(), str(raw.get("en", "")).strip())
    ck.add(
        where,
        "label_format",
        f"{where}: {what} phải có tiếng Việt (“vi”).",
        f"{where}: {what} needs Vietnamese text (“vi”).",
    )
    return EMPTY_TEXT


def _int(ck: _Checker, where: str, raw: Any, key: str, low: int = 0) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < low:
        ck.add(
            where,
            "bad_number",
            f"{where}: “{key}” phải là số nguyên ≥ {low}.",
            f"{where}: “{key}” must be a whole number ≥ {low}.",
        )
        return None
    return raw


def _bound(ck: _Checker, where: str, qtype: QType, raw: Any, key: str) -> Decimal | date | None:
    if raw is None:
        return None
    if qtype is QType.DATE:
        try:
            return date.fromisoformat(str(raw))
        except ValueError:
            ck.add(
                where,
                "bad_bound",
                f"{where}: “{key}” phải là ngày dạng yyyy-mm-dd.",
                f"{where}: “{key}” must be a date as yyyy-mm-dd.",
            )
            return None
    try:
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            raise InvalidOperation
        value = Decimal(str(raw))
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        ck.add(
            where,
            "bad_bound",
            f"{where}: “{key}” phải là một số.",
            f"{where}: “{key}” must be a number.",
        )
        return None
    if qtype in (QType.INTEGER, QType.MONEY) and value != value.to_integral_value():
        ck.add(
            where,
            "bad_bound",
            f"{where}: “{key}” phải là số nguyên.",
            f"{where}: “{key}” must be a whole number.",
        )
    return value


def _expr(ck: _Checker, where: str, raw: Any, key: str) -> Expression | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        ck.add(
            where,
            "bad_expression",
            f"{where}: “{key}” phải là một biểu thức (chuỗi).",
            f"{where}: “{key}” must be an expression (a string).",
        )
        return None
    try:
        return Expression(raw)
    except ExpressionError as exc:
        ck.add(
            where,
            "bad_expression",
            f"{where}: “{key}” sai cú pháp: {exc.message_vi}.",
            f"{where}: “{key}” has a syntax error: {exc.message_en}.",
        )
        return None


def _choices(
    ck: _Checker, where: str, raw: Any, lists: Mapping[str, tuple[Choice, ...]]
) -> tuple[Choice, ...]:
    if isinstance(raw, str):
        if raw not in lists:
            ck.add(
                where,
                "unknown_choice_list",
                f"{where}: không có danh sách lựa chọn “{raw}”.",
                f"{where}: no choice list “{raw}”.",
            )
            return ()
        return lists[raw]
    return _choice_list(ck, where, raw)


def _choice_list(ck: _Checker, where: str, raw: Any) -> tuple[Choice, ...]:
    if not isinstance(raw, list) or not raw:
        ck.add(
            where,
            "no_choices",
            f"{where}: cần ít nhất một lựa chọn.",
            f"{where}: needs at least one choice.",
        )
        return ()
    out: list[Choice] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            ck.add(
                where,
                "bad_choice",
                f"{where}: lựa chọn thứ {i} thiếu “value”.",
                f"{where}: choice {i} has no “value”.",
            )
            continue
        value = item["value"]
        if not CHOICE_VALUE_RE.match(value):
            ck.add(
                where,
                "bad_choice",
                f"{where}: giá trị lựa chọn “{value}” không hợp lệ.",
                f"{where}: choice value “{value}” is not valid.",
            )
        if value in seen:
            ck.add(
                where,
                "duplicate_choice",
                f"{where}: lựa chọn “{value}” bị trùng.",
                f"{where}: choice “{value}” appears twice.",
            )
        seen.add(value)
        extra = set(item) - {"value", "label"}
        if extra:
            ck.add(
                where,
                "unknown_key",
                f"{where}: lựa chọn “{value}” có khóa lạ {sorted(extra)}.",
                f"{where}: choice “{value}” has unknown keys {sorted(extra)}.",
            )
        out.append(Choice(value, _text(ck, f"{where}/{value}", item.get("label"), "nhãn")))
    return tuple(out)


def _question(
    ck: _Checker,
    raw: Any,
    lists: Mapping[str, tuple[Choice, ...]],
    parent: str | None,
    index: int,
) -> Question | None:
    if not isinstance(raw, dict):
        where = f"{parent}/{index}" if parent else f"câu {index}"
        ck.add(
            where,
            "bad_question",
            f"{where}: không phải một câu hỏi (đối tượng JSON).",
            f"{where}: not a question (JSON object).",
        )
        return None
    name = raw.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name) or name in KEYWORDS:
        shown = name if isinstance(name, str) else f"#{index}"
        ck.add(
            str(shown),
            "bad_name",
            f"Câu “{shown}”: tên phải gồm chữ thường không dấu, số, “_” và bắt đầu bằng chữ "
            "(không dùng and/or/not/true/false/null).",
            f"Question “{shown}”: a name is lower-case ASCII letters, digits and “_”, starting "
            "with a letter (not and/or/not/true/false/null).",
        )
        if not isinstance(name, str):
            return None
    where = f"{parent}.{name}" if parent else name
    type_raw = raw.get("type")
    try:
        qtype = QType(str(type_raw))
    except ValueError:
        ck.add(
            where,
            "unknown_type",
            f"Câu “{where}”: không có kiểu câu hỏi “{type_raw}”.",
            f"Question “{where}”: unknown question type “{type_raw}”.",
        )
        ck.failed.add(name)
        return None
    if parent is not None and qtype not in _COLUMN_TYPES:
        ck.add(
            where,
            "bad_column_type",
            f"Câu “{where}”: kiểu “{qtype}” không dùng được làm cột của bảng.",
            f"Question “{where}”: type “{qtype}” cannot be a table column.",
        )
    allowed = _COMMON_KEYS | _KEYS_BY_TYPE[qtype] | (_COLUMN_EXTRA if parent else set())
    extra = sorted(set(raw) - allowed)
    if extra:
        ck.add(
            where,
            "unknown_key",
            f"Câu “{where}”: khóa không dùng được với kiểu “{qtype}”: {', '.join(extra)}.",
            f"Question “{where}”: keys not allowed for type “{qtype}”: {', '.join(extra)}.",
        )
    required = raw.get("required", False)
    if not isinstance(required, bool):
        ck.add(
            where,
            "bad_required",
            f"Câu “{where}”: “required” phải là true hoặc false.",
            f"Question “{where}”: “required” must be true or false.",
        )
        required = False
    if required and qtype in (QType.NOTE, QType.CALCULATE):
        ck.add(
            where,
            "bad_required",
            f"Câu “{where}”: kiểu “{qtype}” không thể bắt buộc.",
            f"Question “{where}”: a “{qtype}” cannot be required.",
        )
        required = False

    constraint = None
    expr = _expr(ck, where, raw.get("constraint"), "constraint")
    if expr is not None:
        message = _text(ck, where, raw.get("constraint_message"), "constraint_message")
        constraint = Rule(expr, message)
    elif raw.get("constraint_message") is not None and raw.get("constraint") is None:
        ck.add(
            where,
            "unused_message",
            f"Câu “{where}”: có constraint_message nhưng không có constraint.",
            f"Question “{where}”: constraint_message without a constraint.",
        )

    pattern = raw.get("pattern")
    if pattern is not None:
        try:
            if not isinstance(pattern, str):
                raise re.error("not a string")
            re.compile(pattern)
        except re.error:
            ck.add(
                where,
                "bad_pattern",
                f"Câu “{where}”: mẫu (pattern) không hợp lệ.",
                f"Question “{where}”: the pattern is not a valid regular expression.",
            )
            pattern = None

    fmt = raw.get("format")
    text_format = None
    if fmt is not None:
        try:
            text_format = TextFormat(fmt)
            if (text_format is TextFormat.YEAR) != (qtype is QType.INTEGER):
                raise ValueError
        except ValueError:
            ck.add(
                where,
                "bad_format",
                f"Câu “{where}”: không có định dạng “{fmt}” (phone, tax_code, cccd, email).",
                f"Question “{where}”: unknown format “{fmt}” (phone, tax_code, cccd, email).",
            )

    result = None
    calculation = None
    if qtype is QType.CALCULATE:
        calculation = _expr(ck, where, raw.get("calculation"), "calculation")
        if raw.get("calculation") in (None, ""):
            ck.add(
                where,
                "no_calculation",
                f"Câu “{where}”: thiếu “calculation”.",
                f"Question “{where}”: “calculation” missing.",
            )
        try:
            result = QType(raw.get("result", "decimal"))
            if result not in _RESULT_TYPES:
                raise ValueError
        except ValueError:
            ck.add(
                where,
                "bad_result",
                f"Câu “{where}”: “result” phải là integer, decimal hoặc money.",
                f"Question “{where}”: “result” must be integer, decimal or money.",
            )
            result = QType.DECIMAL

    choices: tuple[Choice, ...] = ()
    if qtype in (QType.CHOICE, QType.MULTI_CHOICE):
        choices = _choices(ck, where, raw.get("choices"), lists)

    columns: tuple[Question, ...] = ()
    if qtype is QType.REPEAT:
        raw_cols = raw.get("columns")
        if not isinstance(raw_cols, list) or not raw_cols:
            ck.add(
                where,
                "no_columns",
                f"Câu “{where}”: bảng cần ít nhất một cột (“columns”).",
                f"Question “{where}”: a table needs at least one column (“columns”).",
            )
        else:
            cols = [_question(ck, c, lists, name, i) for i, c in enumerate(raw_cols, 1)]
            columns = tuple(c for c in cols if c is not None)
            _check_unique(ck, [c.name for c in columns], f"{where}.")

    minimum = _bound(ck, where, qtype, raw.get("min"), "min")
    maximum = _bound(ck, where, qtype, raw.get("max"), "max")
    if minimum is not None and maximum is not None and minimum > maximum:  # type: ignore[operator]
        ck.add(
            where,
            "bad_bound",
            f"Câu “{where}”: “min” lớn hơn “max”.",
            f"Question “{where}”: “min” is greater than “max”.",
        )
    min_count = _int(ck, where, raw.get("min_rows", raw.get("min_count")), "min_count")
    max_count = _int(ck, where, raw.get("max_rows", raw.get("max_count")), "max_count", 1)
    if min_count is not None and max_count is not None and min_count > max_count:
        ck.add(
            where,
            "bad_bound",
            f"Câu “{where}”: số tối thiểu lớn hơn số tối đa.",
            f"Question “{where}”: the least count is greater than the most.",
        )
    min_length = _int(ck, where, raw.get("min_length"), "min_length")
    max_length = _int(ck, where, raw.get("max_length"), "max_length", 1)
    decimals = _int(ck, where, raw.get("decimals"), "decimals")
    print_lines = _int(ck, where, raw.get("print_lines", raw.get("print_rows")), "print_lines")
    width = _bound(ck, where, QType.DECIMAL, raw.get("width"), "width")

    return Question(
        name=name,
        type=qtype,
        label=_text(ck, where, raw.get("label"), "nhãn (label)"),
        help=_text(ck, where, raw.get("help"), "help", required=False),
        required=required,
        relevant=_expr(ck, where, raw.get("relevant"), "relevant"),
        constraint=constraint,
        calculation=calculation,
        minimum=minimum,
        maximum=maximum,
        min_length=min_length,
        max_length=max_length,
        pattern=pattern,
        pattern_message=_text(ck, where, raw.get("pattern_message"), "pattern_message", False),
        format=text_format,
        choices=choices,
        columns=columns,
        min_count=min_count,
        max_count=max_count,
        decimals=2 if decimals is None else min(decimals, 6),
        result=result,
        unit=_text(ck, where, raw.get("unit"), "unit", required=False),
        print_lines=print_lines or 0,
        width=width if isinstance(width, Decimal) else None,
    )


def _check_unique(ck: _Checker, names: Iterable[str], prefix: str = "") -> None:
    seen: set[str] = set()
    for n in names:
        if n in seen:
            ck.add(
                f"{prefix}{n}",
                "duplicate_name",
                f"Tên “{prefix}{n}” bị trùng.",
                f"The name “{prefix}{n}” is used twice.",
            )
        seen.add(n)


def _check_references(
    ck: _Checker, sections: list[Section]
) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """Every reference names an existing question; no cycle.

    Returns the evaluation order of the top-level questions and, per repeat group, of its columns.
    """
    top: dict[str, Question] = {q.name: q for s in sections for q in s.questions}

    def check(where: str, key: str, expr: Expression | None, row: Question | None) -> set[str]:
        """Top-level names ``expr`` depends on (a column of a repeat counts as the repeat)."""
        deps: set[str] = set()
        if expr is None:
            return deps
        if expr.uses_self and key != "constraint":
            ck.add(
                where,
                "bad_self",
                f"Câu “{where}”: dấu “.” chỉ dùng trong “constraint”.",
                f"Question “{where}”: “.” may only be used in “constraint”.",
            )
        for name, column in sorted(expr.refs, key=lambda r: (r[0], r[1] or "")):
            if column is None and row is not None and row.column(name) is not None:
                deps.add(f"{row.name}.{name}")
                continue
            if name in ck.failed:
                continue
            target = top.get(name)
            shown = f"{name}.{column}" if column else name
            if target is None:
                ck.add(
                    where,
                    "unknown_reference",
                    f"Câu “{where}”: “{key}” nhắc đến câu “{shown}” không có trong mẫu.",
                    f"Question “{where}”: “{key}” names “{shown}”, which is not in the form.",
                )
                continue
            if target.type is QType.NOTE:
                ck.add(
                    where,
                    "unknown_reference",
                    f"Câu “{where}”: “{key}” nhắc đến “{name}” là ghi chú, không có giá trị.",
                    f"Question “{where}”: “{key}” names the note “{name}”, which has no value.",
                )
            if column is not None and (
                target.type is not QType.REPEAT or target.column(column) is None
            ):
                ck.add(
                    where,
                    "unknown_reference",
                    f"Câu “{where}”: “{key}” nhắc đến cột “{shown}” không có trong mẫu.",
                    f"Question “{where}”: “{key}” names the column “{shown}”, which is not "
                    "in the form.",
                )
                continue
            deps.add(name)
        return deps

    graph: dict[str, set[str]] = {}
    column_orders: dict[str, tuple[str, ...]] = {}
    for s in sections:
        section_deps = check(s.name, "relevant", s.relevant, None)
        for q in s.questions:
            deps = set(section_deps)
            deps |= check(q.name, "relevant", q.relevant, None)
            deps |= check(q.name, "calculation", q.calculation, None)
            if q.constraint:
                check(q.name, "constraint", q.constraint.expression, None)
            if q.type is QType.REPEAT:
                inner: dict[str, set[str]] = {}
                for c in q.columns:
                    where = f"{q.name}.{c.name}"
                    cdeps = check(where, "relevant", c.relevant, q)
                    cdeps |= check(where, "calculation", c.calculation, q)
                    if c.constraint:
                        check(where, "constraint", c.constraint.expression, q)
                    inner[where] = {d for d in cdeps if d.startswith(f"{q.name}.")}
                    deps |= {d for d in cdeps if "." not in d}
                prefix = len(q.name) + 1
                column_orders[q.name] = tuple(n[prefix:] for n in _order(ck, inner))
            graph[q.name] = deps
    return _order(ck, graph), column_orders


def _order(ck: _Checker, graph: dict[str, set[str]]) -> tuple[str, ...]:
    """Document order, moved only as far as dependencies need; a cycle is reported."""
    done: list[str] = []
    placed: set[str] = set()
    pending = list(graph)
    while pending:
        progress = False
        for name in list(pending):
            if all(d in placed or d not in graph for d in graph[name] - {name}) and (
                name not in graph[name]
            ):
                done.append(name)
                placed.add(name)
                pending.remove(name)
                progress = True
                break  # restart from the first pending to keep document order
        if not progress:
            names = ", ".join(f"“{n}”" for n in pending if _in_cycle(n, graph))
            first = next((n for n in pending if _in_cycle(n, graph)), pending[0])
            ck.add(
                first,
                "cycle",
                f"Vòng lặp giữa các câu {names}: mỗi câu phụ thuộc vào câu kia "
                "(relevant/calculation).",
                f"Cycle between the questions {names}: each depends on the other "
                "(relevant/calculation).",
            )
            break
    return tuple(done)


def _in_cycle(start: str, graph: dict[str, set[str]]) -> bool:
    stack, seen = list(graph.get(start, ())), set()
    while stack:
        n = stack.pop()
        if n == start:
            return True
        if n in seen or n not in graph:
            continue
        seen.add(n)
        stack.extend(graph[n])
    return False


def parse_definition(data: Mapping[str, Any] | str | bytes) -> FormDefinition:
    """Build a :class:`FormDefinition` from its JSON (text or already decoded).

    Raises :class:`FormDefinitionError` listing every problem, each naming its question.
    """
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise FormDefinitionError(
                [
                    Issue(
                        "",
                        "bad_json",
                        f"Tệp mẫu phiếu không phải JSON hợp lệ: {exc}.",
                        f"The form file is not valid JSON: {exc}.",
                    )
                ]
            ) from exc
    if not isinstance(data, Mapping):
        raise FormDefinitionError(
            [
                Issue(
                    "",
                    "bad_json",
                    "Mẫu phiếu phải là một đối tượng JSON.",
                    "A form definition must be a JSON object.",
                )
            ]
        )
    source: dict[str, Any] = _nfc_tree(dict(data))
    ck = _Checker()
    fmt = source.get("format", FORMAT)
    if fmt != FORMAT:
        ck.add(
            "format",
            "bad_format",
            f"Định dạng mẫu phiếu “{fmt}” không được hỗ trợ (cần {FORMAT}).",
            f"Form format “{fmt}” is not supported (expected {FORMAT}).",
        )
    extra = sorted(
        set(source)
        - {"format", "id", "version", "title", "description", "choice_lists", "sections"}
    )
    if extra:
        ck.add(
            "",
            "unknown_key",
            f"Mẫu phiếu có khóa lạ: {', '.join(extra)}.",
            f"The definition has unknown keys: {', '.join(extra)}.",
        )
    form_id = source.get("id")
    if not isinstance(form_id, str) or not ID_RE.match(form_id):
        ck.add(
            "id",
            "bad_id",
            "Mã mẫu phiếu (“id”) gồm chữ thường không dấu, số và “-”.",
            "The form “id” is lower-case ASCII letters, digits and “-”.",
        )
        form_id = str(form_id)
    version = source.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        ck.add(
            "version",
            "bad_version",
            "Phiên bản (“version”) phải là số nguyên ≥ 1.",
            "“version” must be a whole number ≥ 1.",
        )
        version = 0
    title = _text(ck, "title", source.get("title"), "tiêu đề (title)")

    lists: dict[str, tuple[Choice, ...]] = {}
    raw_lists = source.get("choice_lists", {})
    if not isinstance(raw_lists, dict):
        ck.add(
            "choice_lists",
            "bad_choice",
            "“choice_lists” phải là đối tượng tên → danh sách.",
            "“choice_lists” must map names to lists.",
        )
    else:
        for list_name, items in raw_lists.items():
            lists[list_name] = _choice_list(ck, f"choice_lists.{list_name}", items)

    sections: list[Section] = []
    raw_sections = source.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        ck.add(
            "sections",
            "no_sections",
            "Mẫu phiếu cần ít nhất một phần (“sections”).",
            "A form needs at least one section (“sections”).",
        )
        raw_sections = []
    for si, raw_s in enumerate(raw_sections, 1):
        if not isinstance(raw_s, dict):
            ck.add(
                f"phần {si}",
                "bad_section",
                f"Phần {si} không phải đối tượng JSON.",
                f"Section {si} is not a JSON object.",
            )
            continue
        s_name = raw_s.get("name")
        if not isinstance(s_name, str) or not NAME_RE.match(s_name):
            ck.add(
                f"phần {si}",
                "bad_name",
                f"Phần {si}: tên (“name”) không hợp lệ.",
                f"Section {si}: “name” is not valid.",
            )
            s_name = f"section_{si}"
        extra = sorted(set(raw_s) - {"name", "label", "help", "relevant", "questions"})
        if extra:
            ck.add(
                s_name,
                "unknown_key",
                f"Phần “{s_name}” có khóa lạ: {', '.join(extra)}.",
                f"Section “{s_name}” has unknown keys: {', '.join(extra)}.",
            )
        raw_qs = raw_s.get("questions")
        if not isinstance(raw_qs, list) or not raw_qs:
            ck.add(
                s_name,
                "no_questions",
                f"Phần “{s_name}” không có câu hỏi nào.",
                f"Section “{s_name}” has no questions.",
            )
            raw_qs = []
        qs = [_question(ck, q, lists, None, qi) for qi, q in enumerate(raw_qs, 1)]
        sections.append(
            Section(
                name=s_name,
                label=_text(ck, s_name, raw_s.get("label"), "nhãn (label)"),
                questions=tuple(q for q in qs if q is not None),
                help=_text(ck, s_name, raw_s.get("help"), "help", required=False),
                relevant=_expr(ck, s_name, raw_s.get("relevant"), "relevant"),
            )
        )

    _check_unique(ck, [s.name for s in sections] + [q.name for s in sections for q in s.questions])
    order, column_orders = _check_references(ck, sections)
    if ck.issues:
        raise FormDefinitionError(ck.issues)
    return FormDefinition(
        id=form_id,
        version=version,
        title=title,
        sections=tuple(sections),
        description=_text(ck, "description", source.get("description"), "", required=False),
        fingerprint=fingerprint(source),
        source=source,
        order=order,
        column_orders=column_orders,
    )


def load_definition_file(path: Path) -> FormDefinition:
    """Read a definition from a UTF-8 JSON file (``resources/forms/*.json``)."""
    return parse_definition(Path(path).read_bytes())
