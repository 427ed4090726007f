"""The form-definition model: sections of typed questions, as the loader builds them from JSON."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from kcdesk.domain.forms.expressions import Expression


class QType(StrEnum):
    """Question types. The string is what a definition file writes in ``"type"``."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    MONEY = "money"  # whole đồng
    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    COMMUNE = "commune"
    INDUSTRY_CODE = "industry_code"
    REPEAT = "repeat"
    PHOTO = "photo"
    CALCULATE = "calculate"
    NOTE = "note"  # an instruction printed and shown, no answer


NUMERIC_TYPES = frozenset({QType.INTEGER, QType.DECIMAL, QType.MONEY})
# Types that hold no answer typed by a person.
NO_INPUT_TYPES = frozenset({QType.CALCULATE, QType.NOTE})


class TextFormat(StrEnum):
    """Identifier checks a text question can ask for (kcdesk/domain/validation.py); ``year`` is
    for integers."""

    PHONE = "phone"
    TAX_CODE = "tax_code"
    CCCD = "cccd"
    EMAIL = "email"
    YEAR = "year"  # an integer written without thousands separators: 1998, not 1.998


@dataclass(frozen=True, slots=True)
class Text:
    """A label in Vietnamese, with its English twin (the Vietnamese one when none was given)."""

    vi: str
    en: str = ""

    def get(self, lang: str = "vi") -> str:
        return (self.en or self.vi) if lang == "en" else self.vi

    def __bool__(self) -> bool:
        return bool(self.vi)


EMPTY_TEXT = Text("")


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: Text


@dataclass(frozen=True, slots=True)
class Rule:
    """A constraint expression with the message shown when it is false."""

    expression: Expression
    message: Text


@dataclass(frozen=True)
class Question:
    name: str
    type: QType
    label: Text
    help: Text = EMPTY_TEXT
    required: bool = False
    relevant: Expression | None = None
    constraint: Rule | None = None
    calculation: Expression | None = None
    # inclusive bounds: Decimal for numbers, date for dates
    minimum: Decimal | date | None = None
    maximum: Decimal | date | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_message: Text = EMPTY_TEXT
    format: TextFormat | None = None
    choices: tuple[Choice, ...] = ()
    columns: tuple[Question, ...] = ()  # repeat groups
    min_count: int | None = None  # repeat rows, photos, multiple choices: least count
    max_count: int | None = None
    decimals: int = 2  # decimal and calculate results
    result: QType | None = None  # calculate: integer | decimal | money
    unit: Text = EMPTY_TEXT
    print_lines: int = 0  # long text: ruled lines on the blank form; repeat: empty rows
    width: Decimal | None = None  # repeat column: share of the table width on paper

    @property
    def answerable(self) -> bool:
        return self.type not in NO_INPUT_TYPES

    @property
    def value_type(self) -> QType:
        """What the stored value is: a calculation stores its result type."""
        if self.type is QType.CALCULATE:
            return self.result or QType.DECIMAL
        return self.type

    def choice_label(self, value: str, lang: str = "vi") -> str:
        for c in self.choices:
            if c.value == value:
                return c.label.get(lang)
        return value  # an answer recorded under another version keeps its raw value

    def column(self, name: str) -> Question | None:
        for c in self.columns:
            if c.name == name:
                return c
        return None


@dataclass(frozen=True)
class Section:
    name: str
    label: Text
    questions: tuple[Question, ...]
    help: Text = EMPTY_TEXT
    relevant: Expression | None = None


@dataclass(frozen=True)
class FormDefinition:
    """One version of one questionnaire. ``source`` is the JSON it was read from, as stored."""

    id: str
    version: int
    title: Text
    sections: tuple[Section, ...]
    description: Text = EMPTY_TEXT
    fingerprint: str = ""  # first 12 hex digits of the SHA-256 of the canonical JSON
    source: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    _by_name: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)
    _section_of: dict[str, Section] = field(default_factory=dict, compare=False, repr=False)
    order: tuple[str, ...] = field(default=(), compare=False, repr=False)  # evaluation order
    column_orders: dict[str, tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        for s in self.sections:
            for q in s.questions:
                self._by_name[q.name] = q
                self._section_of[q.name] = s

    @property
    def key(self) -> str:
        """``khao-sat-co-so@1``: how logs and codes name a definition version."""
        return f"{self.id}@{self.version}"

    def questions(self) -> Iterator[Question]:
        """Top-level questions in document order."""
        for s in self.sections:
            yield from s.questions

    def question(self, name: str) -> Question | None:
        return self._by_name.get(name)

    def section_of(self, name: str) -> Section | None:
        return self._section_of.get(name)
