"""Expressions translated to Python give exactly what the tree walker gives, on any tree, any
values, and either way generated code reads the scope."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcdesk.domain.forms.expressions import (
    FUNCTIONS,
    Binary,
    Call,
    Chain,
    Expression,
    Literal,
    Node,
    PySource,
    Ref,
    Scope,
    SelfRef,
    Unary,
    Value,
    build,
    compile_node,
    evaluate,
)

# Generated code must compile cleanly (no "is" with a literal, and so on).
pytestmark = pytest.mark.filterwarnings("error::SyntaxWarning")

NAMES = ("a", "b", "c")
COLUMNS = ("x", "y")
OPS = ("or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 2030).map(Decimal),
    st.sampled_from([2018, 2019, 2020, 2024, 2025, 2026]).map(Decimal),  # years near "today"
    st.sampled_from([Decimal("0.5"), Decimal("-0"), Decimal("1E+30"), Decimal("2.50")]),
    st.sampled_from(["", "htx", "2025-02-05", "a"]),
    st.dates(date(1999, 1, 1), date(2031, 1, 1)),
)
values = st.one_of(scalars, st.lists(scalars, max_size=3).map(tuple))
TODAYS = st.sampled_from([date(2019, 1, 1), date(2025, 6, 1)]) | st.dates()


def _call(function: str, draw_args: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    low, high = FUNCTIONS[function]
    sizes = st.integers(low, low + 2 if high is None else high)
    return sizes.flatmap(
        lambda n: st.lists(draw_args, min_size=n, max_size=n).map(
            lambda args: Call(function, tuple(args))
        )
    )


leaves: st.SearchStrategy[Node] = st.one_of(
    scalars.map(Literal),
    st.sampled_from(NAMES).map(Ref),
    st.tuples(st.sampled_from(NAMES), st.sampled_from(COLUMNS)).map(lambda t: Ref(*t)),
    st.just(SelfRef()),
    st.just(Call("year", (Call("today", ()),))),
)


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.one_of(
        st.tuples(st.sampled_from(["not", "-"]), children).map(lambda t: Unary(*t)),
        st.tuples(st.sampled_from(OPS), children, children).map(lambda t: Binary(*t)),
        st.sampled_from(sorted(FUNCTIONS)).flatmap(lambda f: _call(f, children)),
    )


trees = st.recursive(leaves, _extend, max_leaves=8)


@st.composite
def scopes(draw: st.DrawFn) -> Scope:
    form = draw(st.dictionaries(st.sampled_from(NAMES), values))
    columns = draw(
        st.dictionaries(
            st.sampled_from(NAMES),
            st.dictionaries(st.sampled_from(COLUMNS), st.lists(scalars, max_size=3).map(tuple)),
        )
    )
    row = draw(st.none() | st.dictionaries(st.sampled_from(NAMES), values))
    return Scope(form, columns, row, draw(values), draw(TODAYS))


def _outcome(run: Any) -> tuple[str, str]:
    try:
        got: Value = run()
    except Exception as exc:  # the same crash, if any, is the same behaviour
        return type(exc).__name__, str(exc)
    return type(got).__name__, repr(got)


@settings(max_examples=400, deadline=None)
@given(trees, scopes())
def test_compiled_trees_agree_with_the_tree_walker(node: Node, scope: Scope) -> None:
    compiled = compile_node(node)
    assert _outcome(lambda: compiled(scope)) == _outcome(lambda: evaluate(node, scope))


@settings(max_examples=300, deadline=None)
@given(trees, scopes())
def test_row_code_of_the_form_plan_agrees(node: Node, scope: Scope) -> None:
    # compiled.py reads a row first, then the form, from plain dicts: the same as Scope's Chain
    row = scope.values.first if isinstance(scope.values, Chain) else {}
    form = scope.values.second if isinstance(scope.values, Chain) else scope.values
    consts: list[object] = []

    def const(value: object) -> str:
        consts.append(value)
        return f"K[{len(consts) - 1}]"

    gen = PySource(
        lambda n: f"(row[{n}] if {n} in row else values.get({n}))",
        "columns",
        "self_value",
        "today",
        const,
        itertools.count(1),
        this_year="this_year",  # as in the form plan, where today is always a date
    )
    source = (
        "def run(row, values, columns, self_value, today):\n"
        "    this_year = _f1_year(today)\n"
        f"    return {gen.expr(node)}\n"
    )
    run = build(source, consts)["run"]
    in_row = Scope(form, scope.columns, row, scope.self_value, scope.today)
    got = _outcome(lambda: run(row, form, scope.columns, scope.self_value, scope.today))
    assert got == _outcome(lambda: evaluate(node, in_row))


def _form_code(node: Node, self_kind: str = "") -> Any:
    """``node`` as the form plan writes it, in a row, with today a date."""
    consts: list[object] = []

    def const(value: object) -> str:
        consts.append(value)
        return f"K[{len(consts) - 1}]"

    gen = PySource(
        lambda n: f"(row[{n}] if {n} in row else values.get({n}))",
        "columns",
        "self_value",
        "today",
        const,
        itertools.count(1),
        this_year="this_year",
        self_kind=self_kind,
    )
    source = (
        "def run(row, values, columns, self_value, today):\n"
        "    this_year = _f1_year(today)\n"
        f"    return {gen.expr(node)}\n"
    )
    return build(source, consts)["run"]


ANSWERS = [
    None, True, "", "m", "z", (), (Decimal(1),), Decimal(2024), Decimal(2025),
    Decimal(2026), Decimal("2025.0"), date(2025, 5, 31), date(2025, 6, 1), date(2025, 6, 2),
]  # fmt: skip


@pytest.mark.parametrize("source", [". <= a", ". > a", ". = a", ". != a", "a >= .", ". < 2025"])
@pytest.mark.parametrize(
    ("kind", "checked"),
    [("_Decimal", [Decimal(2024), Decimal(2025), Decimal("2025.00")]), ("str", ["", "m", "n"])],
)
def test_checked_answer_shortcuts_agree(source: str, kind: str, checked: list[object]) -> None:
    """The plan knows the type of a number or text it checks (``.``)."""
    node = Expression(source).node
    run = _form_code(node, kind)
    today = date(2025, 6, 1)
    for me in checked:
        for a in ANSWERS:
            scope = Scope({"a": a}, {}, {}, me, today)  # type: ignore[arg-type]
            got = _outcome(lambda: run({}, {"a": a}, {}, me, today))  # noqa: B023
            assert got == _outcome(lambda: evaluate(node, scope)), (me, a)  # noqa: B023


@pytest.mark.parametrize("op", ["<", "<=", ">", ">=", "=", "!="])
@pytest.mark.parametrize("right", ["year(today())", "today()", "2025", "'m'", "true", "null"])
def test_form_plan_shortcuts_agree(op: str, right: str) -> None:
    today = date(2025, 6, 1)
    node = Expression(f"a {op} {right}").node
    run = _form_code(node)
    for a in ANSWERS:
        scope = Scope({"a": a}, {}, {}, None, today)
        got = _outcome(lambda: run({}, {"a": a}, {}, None, today))  # noqa: B023
        assert got == _outcome(lambda: evaluate(node, scope)), a  # noqa: B023


def test_expressions_run_compiled() -> None:
    e = Expression("if(a > 0, a * 2, coalesce(b, 'none'))")
    assert e(Scope({"a": Decimal(3)})) == Decimal(6)
    assert e(Scope({"a": Decimal(0)})) == "none"


def test_a_plan_goes_with_its_definition() -> None:
    import gc
    import linecache

    from kcdesk.domain.forms import compiled, evaluate_form, parse_definition, validate_answers

    from .golden_corpus import FEATURE_FORM

    definition = parse_definition(FEATURE_FORM)
    assert validate_answers(definition, {"ten": "An"}, date(2025, 6, 1))
    assert evaluate_form(definition, {"ten": "An"}, date(2025, 6, 1))
    filenames = list(compiled.plan_for(definition).filenames)
    assert id(definition) in compiled.plans and len(filenames) > 2
    assert all(f in linecache.cache for f in filenames)
    key = id(definition)
    del definition
    gc.collect()
    assert key not in compiled.plans and not any(f in linecache.cache for f in filenames)
