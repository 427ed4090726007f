"""Answers and relevance rules as people read them: on screen, on paper, in Excel cells."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from kcdesk.domain.forms.answers import is_empty, to_value
from kcdesk.domain.forms.expressions import (
    Binary,
    Call,
    Expression,
    Literal,
    Node,
    Ref,
    SelfRef,
    Unary,
)
from kcdesk.domain.forms.model import FormDefinition, QType, Question, TextFormat
from kcdesk.vn.dates import format_date
from kcdesk.vn.numbers import format_money, format_number

_YES = {"vi": "Có", "en": "Yes"}
_NO = {"vi": "Không", "en": "No"}


def yes_no_label(value: bool, lang: str = "vi") -> str:
    return (_YES if value else _NO)["en" if lang == "en" else "vi"]


def format_answer(question: Question, raw: Any, lang: str = "vi") -> str:
    """One line of text for an answer (a table gives its row count: print it as a table)."""
    if is_empty(raw):
        return ""
    t = question.value_type
    if t is QType.MONEY:
        v = to_value(question, raw)
        return format_money(int(v)) if isinstance(v, Decimal) else str(raw)
    if t in (QType.INTEGER, QType.DECIMAL):
        v = to_value(question, raw)
        if not isinstance(v, Decimal):
            return str(raw)
        text = str(int(v)) if question.format is TextFormat.YEAR else format_number(v)
        unit = question.unit.get(lang)
        return f"{text} {unit}" if unit else text
    if t is QType.DATE:
        d = to_value(question, raw)
        return (
            format_date(d)
            if d is not None and not isinstance(d, Decimal | str | bool | tuple)
            else str(raw)
        )
    if t is QType.YES_NO:
        return yes_no_label(raw, lang) if isinstance(raw, bool) else str(raw)
    if t is QType.CHOICE:
        return question.choice_label(str(raw), lang)
    if t is QType.MULTI_CHOICE:
        items = raw if isinstance(raw, list) else [raw]
        return "; ".join(question.choice_label(str(v), lang) for v in items)
    if t in (QType.COMMUNE, QType.INDUSTRY_CODE):
        if isinstance(raw, dict):
            code, name = str(raw.get("code") or ""), str(raw.get("name") or "")
            if t is QType.INDUSTRY_CODE:
                return f"{code} – {name}" if name else code
            return name or code
        return str(raw)
    if t is QType.PHOTO:
        n = len(raw) if isinstance(raw, list) else 0
        return f"{n} ảnh" if lang != "en" else f"{n} photo{'s' if n != 1 else ''}"
    if t is QType.REPEAT:
        n = len(raw) if isinstance(raw, list) else 0
        return f"{n} dòng" if lang != "en" else f"{n} row{'s' if n != 1 else ''}"
    return str(raw)


_OPS = {
    "=": "=",
    "!=": "≠",
    "<": "<",
    "<=": "≤",
    ">": ">",
    ">=": "≥",
    "+": "+",
    "-": "−",
    "*": "×",
    "/": "÷",
}


def describe(
    expression: Expression,
    definition: FormDefinition,
    lang: str = "vi",
    row: Question | None = None,
    refer: Mapping[str, str] | None = None,
) -> str:
    """A relevance rule in words, for the blank form: ``“Thuộc làng nghề” là Có``.

    ``refer`` names questions another way (``{"thuoc_lang_nghe": "câu 11"}``) for paper, where a
    question's number is shorter than its label.
    """

    def question_of(name: str, column: str | None) -> Question | None:
        if column is None and row is not None and row.column(name) is not None:
            return row.column(name)
        q = definition.question(name)
        if q is not None and column is not None:
            return q.column(column)
        return q

    def literal_for(node: Node, other: Node) -> str | None:
        if not isinstance(node, Literal):
            return None
        target = question_of(other.name, other.column) if isinstance(other, Ref) else None
        v = node.value
        if isinstance(v, bool):
            return yes_no_label(v, lang)
        if v is None:
            return "(trống)" if lang != "en" else "(empty)"
        if isinstance(v, str) and target is not None and target.choices:
            return f"“{target.choice_label(v, lang)}”"
        if isinstance(v, Decimal):
            return format_number(v)
        return f"“{v}”"

    def choice_of(container: Node, value: str) -> str:
        q = question_of(container.name, container.column) if isinstance(container, Ref) else None
        return q.choice_label(value, lang) if q else value

    def walk(node: Node, top: bool = False) -> str:
        match node:
            case Ref(name, column):
                key = f"{name}.{column}" if column else name
                if refer and key in refer:
                    return refer[key]
                q = question_of(name, column)
                return f"“{q.label.get(lang)}”" if q else name
            case SelfRef():
                return "câu này" if lang != "en" else "this answer"
            case Literal():
                return literal_for(node, node) or str(node.value)
            case Unary("not", Call("empty", (arg,))):
                return f"{walk(arg)} có trả lời" if lang != "en" else f"{walk(arg)} is answered"
            case Unary("not", Call("selected", (container, Literal(value=str() as v)))):
                label = choice_of(container, v)
                if lang == "en":
                    return f"{walk(container)} does not include “{label}”"
                return f"{walk(container)} không chọn “{label}”"
            case Call("empty", (arg,)):
                return f"{walk(arg)} để trống" if lang != "en" else f"{walk(arg)} is empty"
            case Call("count_selected", (arg,)):
                return f"số mục chọn ở {walk(arg)}" if lang != "en" else f"choices in {walk(arg)}"
            case Call("count", (arg,)):
                return f"số dòng của {walk(arg)}" if lang != "en" else f"rows of {walk(arg)}"
            case Unary("not", operand):
                inner = walk(operand)
                return f"không phải {inner}" if lang != "en" else f"not {inner}"
            case Unary(_, operand):
                return f"−{walk(operand)}"
            case Binary("and" | "or" as op, left, right):
                word = {"and": ("và", "and"), "or": ("hoặc", "or")}[op][lang == "en"]
                text = f"{walk(left)} {word} {walk(right)}"
                return text if top else f"({text})"
            case Binary("=", left, right):
                value = literal_for(right, left) or walk(right)
                is_word = "là" if lang != "en" else "is"
                return f"{walk(left)} {is_word} {value}"
            case Binary(op, left, right):
                value = literal_for(right, left) or walk(right)
                return f"{walk(left)} {_OPS.get(op, op)} {value}"
            case Call("selected", (container, Literal(value=str() as v))):
                label = choice_of(container, v)
                if lang == "en":
                    return f"{walk(container)} includes “{label}”"
                return f"{walk(container)} có chọn “{label}”"
            case Call(function, args):
                return f"{function}({', '.join(walk(a) for a in args)})"
        return ""  # pragma: no cover

    return walk(expression.node, top=True)
