"""The merge decision: examples a user would recognise, then properties over simulated histories."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from kcdesk.domain.sync import (
    Action,
    Version,
    content_digest,
    decide,
    dominates,
    maximal,
    merge,
    needs_review,
    resolution_vector,
)


def v(vector: dict[str, int], content: str = "", deleted: bool = False) -> Version:
    return Version(vector, deleted, content_digest({"c": content}))


def apply_all(versions: list[Version]) -> tuple[tuple[Version, ...], list[Action]]:
    heads: tuple[Version, ...] = ()
    actions = []
    for version in versions:
        d = decide(heads, version)
        heads = d.heads
        actions.append(d.action)
    return heads, actions


def test_unknown_record_is_inserted_then_the_same_version_skipped() -> None:
    first = v({"A": 1}, "x")
    d = decide((), first)
    assert d.action is Action.INSERT and d.winner == first
    again = decide(d.heads, first)
    assert again.action is Action.SKIP and again.heads == d.heads


def test_newer_version_fast_forwards_and_older_one_is_skipped() -> None:
    old, new = v({"A": 1}, "x"), v({"A": 1, "P": 4}, "y")
    d = decide((old,), new)
    assert d.action is Action.FAST_FORWARD and d.heads == (new,) and d.vector == {"A": 1, "P": 4}
    assert decide((new,), old).action is Action.SKIP


def test_concurrent_edits_are_a_conflict_keeping_both() -> None:
    base = {"A": 1}
    mine, theirs = v({**base, "P": 2}, "province edit"), v({"A": 3}, "collaborator edit")
    d = decide((mine,), theirs)
    assert d.action is Action.CONFLICT and d.conflict
    assert set(d.heads) == {mine, theirs}
    # The record shows the version with the winner rule, and its own vector (not the merge).
    assert d.vector == dict(d.winner.vector)


def test_edit_versus_delete_is_a_conflict_and_shows_the_kept_data() -> None:
    edited, deleted = v({"A": 2}, "edited"), v({"A": 1, "P": 1}, "", deleted=True)
    for order in ((edited, deleted), (deleted, edited)):
        heads, actions = apply_all(list(order))
        assert actions[-1] is Action.CONFLICT
        assert heads[0] == edited and not heads[0].deleted
        assert set(heads) == {edited, deleted}


def test_same_change_on_both_sides_is_not_a_conflict() -> None:
    a, b = v({"A": 1}, "same"), v({"B": 1}, "same")
    d = decide((a,), b)
    assert d.action is Action.FAST_FORWARD and not d.conflict
    # The stored vector covers both, so the next local edit supersedes both heads.
    assert d.vector == {"A": 1, "B": 1}


def test_a_resolution_supersedes_every_head() -> None:
    heads = (v({"A": 2}, "x"), v({"A": 1, "P": 1}, "y"))
    resolved = Version(resolution_vector(heads, "P", 7), False, content_digest({"c": "merged"}))
    d = decide(heads, resolved)
    assert d.action is Action.FAST_FORWARD and d.heads == (resolved,) and not d.conflict


def test_conflict_resolved_elsewhere_arrives_and_ends_it() -> None:
    x, y = v({"A": 2}, "x"), v({"B": 1}, "y")
    heads, _ = apply_all([x, y])
    resolution = v(merge(x.vector, y.vector, {"B": 2}), "merged")
    d = decide(heads, resolution)
    assert d.action is Action.FAST_FORWARD and d.heads == (resolution,)


# --- simulated histories -------------------------------------------------------------------


@dataclass
class Replica:
    """One laptop's copy of one record, evolving only through :func:`decide`."""

    device: str
    counter: int = 0
    heads: tuple[Version, ...] = ()
    made: list[Version] = field(default_factory=list)

    def edit(self, content: str, delete: bool) -> None:
        self.counter += 1
        base = (
            merge(*(h.vector for h in self.heads))
            if not needs_review(self.heads)
            else (dict(self.heads[0].vector) if self.heads else {})
        )
        new = Version({**base, self.device: self.counter}, delete, content_digest({"c": content}))
        self.heads = decide(self.heads, new).heads
        self.made.append(new)

    def receive(self, versions: tuple[Version, ...]) -> None:
        for version in versions:
            self.heads = decide(self.heads, version).heads


ops = st.lists(
    st.tuples(
        st.sampled_from(["edit", "delete", "sync"]),
        st.integers(0, 2),
        st.integers(0, 2),
        st.sampled_from(["a", "b", "c"]),
    ),
    min_size=1,
    max_size=14,
)


def simulate(steps: list[tuple[str, int, int, str]]) -> list[Version]:
    replicas = [Replica(d) for d in ("A", "B", "C")]
    for op, i, j, content in steps:
        if op == "sync":
            replicas[j].receive(replicas[i].heads)
        else:
            replicas[i].edit(content, op == "delete")
    return [version for r in replicas for version in r.made]


@settings(max_examples=150, deadline=None)
@given(ops, st.randoms(use_true_random=False))
def test_any_order_of_arrival_gives_the_same_record(
    steps: list[tuple[str, int, int, str]], rnd: random.Random
) -> None:
    versions = simulate(steps)
    reference, _ = apply_all(versions)
    for _ in range(5):
        shuffled = versions[:]
        rnd.shuffle(shuffled)
        heads, _ = apply_all(shuffled)
        assert heads == reference
        assert [h.content for h in heads] == [h.content for h in reference]
    # Nothing is silently lost: every version is a head or superseded by one.
    for version in versions:
        assert any(dominates(h.vector, version.vector) for h in reference)
    # Heads never supersede each other.
    for a, b in itertools.permutations(reference, 2):
        assert not dominates(a.vector, b.vector)
    assert reference == maximal(versions)


@settings(max_examples=100, deadline=None)
@given(ops)
def test_importing_twice_changes_nothing(steps: list[tuple[str, int, int, str]]) -> None:
    versions = simulate(steps)
    once, _ = apply_all(versions)
    twice, actions = apply_all(versions + versions)
    assert twice == once
    assert all(a is Action.SKIP for a in actions[len(versions) :])


@settings(max_examples=100, deadline=None)
@given(ops)
def test_a_resolution_always_converges(steps: list[tuple[str, int, int, str]]) -> None:
    heads, _ = apply_all(simulate(steps))
    resolved = Version(resolution_vector(heads, "P", 1), False, content_digest({"c": "r"}))
    d = decide(heads, resolved)
    assert d.heads == (resolved,) and not d.conflict
