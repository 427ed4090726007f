"""Compiled expressions give exactly what the tree walker gives, on any tree and any values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kcdesk.domain.forms.expressions import (
    FUNCTIONS,
    Binary,
    Call,
    Expression,
    Literal,
    Node,
    Ref,
    Scope,
    SelfRef,
    Unary,
    Value,
    compile_node,
    evaluate,
)

NAMES = ("a", "b", "c")
COLUMNS = ("x", "y")
OPS = ("or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 2030).map(Decimal),
    st.sampled_from([Decimal("0.5"), Decimal("-0"), Decimal("1E+30"), Decimal("2.50")]),
    st.sampled_from(["", "htx", "2025-02-05", "a"]),
    st.dates(date(1999, 1, 1), date(2031, 1, 1)),
)
values = st.one_of(scalars, st.lists(scalars, max_size=3).map(tuple))


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
    return Scope(form, columns, row, draw(values), draw(st.dates()))


def _outcome(run: Any) -> tuple[str, str]:
    try:
        got: Value = run()
    except Exception as exc:  # the same crash, if any, is the same behaviour
        return type(exc).__name__, str(exc)
    return type(got).__name__, repr(got)


@settings(max_examples=500, deadline=None)
@given(trees, scopes())
def test_compiled_trees_agree_with_the_tree_walker(node: Node, scope: Scope) -> None:
    compiled = compile_node(node)
    assert _outcome(lambda: compiled(scope)) == _outcome(lambda: evaluate(node, scope))


def test_expressions_run_compiled() -> None:
    e = Expression("if(a > 0, a * 2, coalesce(b, 'none'))")
    assert e(Scope({"a": Decimal(3)})) == Decimal(6)
    assert e(Scope({"a": Decimal(0)})) == "none"
