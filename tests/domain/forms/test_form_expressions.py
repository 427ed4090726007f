"""The expression language: values, missing answers, functions, tables; never Python."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kcdesk.domain.forms.expressions import Expression, ExpressionError, Scope


def run(source: str, values: dict[str, object] | None = None, **kw: object) -> object:
    return Expression(source)(Scope(values or {}, **kw))  # type: ignore[arg-type]


def test_arithmetic_and_precedence() -> None:
    assert run("1 + 2 * 3") == Decimal(7)
    assert run("(1 + 2) * 3") == Decimal(9)
    assert run("10 / 4") == Decimal("2.5")
    assert run("-a + 1", {"a": Decimal(3)}) == Decimal(-2)


def test_missing_answers_spread_and_conditions_are_false() -> None:
    assert run("a + 1") is None
    assert run("a > 0") is False
    assert run("not (a > 0)") is True
    assert run("a = null") is True
    assert run("1 / 0") is None  # a person's data never crashes the form


def test_comparisons_do_not_coerce_types() -> None:
    assert run("a = 1", {"a": "1"}) is False
    assert run("a = 'htx'", {"a": "htx"}) is True
    assert run("a != 'htx'", {"a": "dn"}) is True
    assert run("a <> 'htx'", {"a": "htx"}) is False


def test_functions() -> None:
    values = {"m": ("bui", "nuoc_thai"), "d": date(2025, 2, 5), "t": "Lật Dương"}
    assert run("selected(m, 'bui')", values) is True
    assert run("count_selected(m)", values) == Decimal(2)
    assert run("year(d)", values) == Decimal(2025)
    assert run("d <= today()", values, today=date(2025, 3, 1)) is True
    assert run("len(t)", values) == Decimal(9)
    assert run("round(2 / 3, 2)") == Decimal("0.67")
    assert run("if(empty(x), 'trống', 'có')") == "trống"
    assert run("coalesce(x, 5)") == Decimal(5)
    assert run("max(1, 7, 3)") == Decimal(7)


def test_table_columns_sum_and_count() -> None:
    cols = {"may": {"so_luong": (Decimal(6), None, Decimal(2))}}
    assert run("sum(may.so_luong)", columns=cols) == Decimal(8)
    assert run("count(may.so_luong)", columns=cols) == Decimal(2)
    assert run("sum(may.khac)", columns=cols) == Decimal(0)


def test_self_value_in_constraints() -> None:
    assert run(". <= tong", {"tong": Decimal(10)}, self_value=Decimal(12)) is False


@pytest.mark.parametrize(
    "source",
    ["", "1 +", "a = = 1", "f(1)", "sum()", "if(1, 2)", "'open", "a; b", "a[0]", "x.y.z"],
)
def test_syntax_errors_say_where(source: str) -> None:
    with pytest.raises(ExpressionError) as info:
        Expression(source)
    assert info.value.message_vi and info.value.message_en


def test_unknown_function_names_it() -> None:
    with pytest.raises(ExpressionError, match="eval"):
        Expression("eval('1')")
