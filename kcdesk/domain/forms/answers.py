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

Evaluation and checks run in code written once per definition (compiled.py: the sync import
checks thousands of surveys); the issues are worded by report.py; values.py has the state.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import InvalidOperation
from typing import Any

from kcdesk.domain.errors import Issue, Severity
from kcdesk.domain.forms.compiled import plan_for, plans
from kcdesk.domain.forms.model import FormDefinition, QType, Question
from kcdesk.domain.forms.report import INDUSTRY_VERSIONS
from kcdesk.domain.forms.values import FormState, RowState, is_empty, to_json, to_value
from kcdesk.vn.dates import parse_date
from kcdesk.vn.numbers import parse_number
from kcdesk.vn.text import clean, fold

__all__ = [
    "INDUSTRY_VERSIONS",
    "NO_WORDS",
    "YES_WORDS",
    "Answers",
    "Completeness",
    "FormState",
    "InputError",
    "RowState",
    "completeness",
    "errors_only",
    "evaluate_form",
    "is_empty",
    "parse_input",
    "to_json",
    "to_value",
    "validate_answers",
    "with_calculations",
]

Answers = dict[str, Any]

YES_WORDS = frozenset({"có", "co", "c", "x", "yes", "y", "true", "1", "đúng", "dung", "rồi"})
NO_WORDS = frozenset({"không", "khong", "k", "ko", "no", "n", "false", "0", "sai", "chưa", "chua"})


# --- evaluation ---------------------------------------------------------------------------------


def evaluate_form(
    definition: FormDefinition, answers: Mapping[str, Any], today: date | None = None
) -> FormState:
    """Relevance and calculated values, in dependency order (the loader refused cycles)."""
    return plan_for(definition).evaluate(answers, today or date.today())


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
    if type(answers) is not dict and not isinstance(answers, Mapping):
        return [
            Issue(
                "",
                "bad_answers",
                "Câu trả lời phải là một đối tượng JSON.",
                "Answers must be a JSON object.",
            )
        ]
    plan = plans.get(id(definition)) or plan_for(definition)
    if state is None:  # evaluated and checked in one pass
        return plan.check(definition, answers, today or date.today())
    return plan.validate(definition, answers, state)


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
