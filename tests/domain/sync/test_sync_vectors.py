"""Properties of version vectors (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcdesk.domain.sync import Order, advance, compare, concurrent, dominates, merge, parse_vector

DEVICES = ["A", "B", "C", "D"]
vectors = st.dictionaries(st.sampled_from(DEVICES), st.integers(min_value=0, max_value=6))

MIRROR = {
    Order.EQUAL: Order.EQUAL,
    Order.BEFORE: Order.AFTER,
    Order.AFTER: Order.BEFORE,
    Order.CONCURRENT: Order.CONCURRENT,
}


@given(vectors, vectors)
def test_compare_is_antisymmetric(a: dict[str, int], b: dict[str, int]) -> None:
    assert compare(b, a) is MIRROR[compare(a, b)]


@given(vectors, vectors)
def test_dominates_matches_compare(a: dict[str, int], b: dict[str, int]) -> None:
    assert dominates(a, b) == (compare(a, b) in (Order.EQUAL, Order.AFTER))
    assert concurrent(a, b) == (not dominates(a, b) and not dominates(b, a))


@given(vectors, vectors, vectors)
def test_dominates_is_a_partial_order(
    a: dict[str, int], b: dict[str, int], c: dict[str, int]
) -> None:
    assert dominates(a, a)
    if dominates(a, b) and dominates(b, c):
        assert dominates(a, c)
    if dominates(a, b) and dominates(b, a):
        assert compare(a, b) is Order.EQUAL


@given(vectors, vectors, vectors)
def test_merge_is_the_least_upper_bound(
    a: dict[str, int], b: dict[str, int], c: dict[str, int]
) -> None:
    m = merge(a, b)
    assert m == merge(b, a)
    assert merge(m, c) == merge(a, merge(b, c))
    assert merge(a, a) == {k: v for k, v in a.items() if v > 0}
    assert dominates(m, a) and dominates(m, b)
    if dominates(c, a) and dominates(c, b):
        assert dominates(c, m)


def test_zero_entries_do_not_matter() -> None:
    assert compare({"A": 1, "B": 0}, {"A": 1}) is Order.EQUAL


def test_advance_only_moves_forward() -> None:
    assert advance({"A": 2}, "B", 1) == {"A": 2, "B": 1}
    assert compare(advance({"A": 2}, "A", 3), {"A": 2}) is Order.AFTER
    with pytest.raises(ValueError):
        advance({"A": 2}, "A", 2)


@pytest.mark.parametrize(
    "bad",
    [
        [],
        "A:1",
        {"A": -1},
        {"A": True},
        {"A": 1.0},
        {"A": "1"},
        {1: 1},
        {"": 1},
        {"x" * 65: 1},
        {"A\n": 1},
        {f"d{i}": 1 for i in range(300)},
    ],
)
def test_parse_vector_refuses_hostile_input(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_vector(bad)


def test_parse_vector_normalises() -> None:
    assert parse_vector({"A": 3, "B": 0}) == {"A": 3}
