"""What to do with an incoming version of a record: insert, fast-forward, skip or conflict.

A record's state is the set of its *heads*: the versions it has received that no other received
version supersedes. A record changed on one device at a time has one head. Two devices changing it
independently give two heads: a conflict, kept with both versions until a person resolves it.
The heads are the maximal elements of every version ever received, so they (and the version
shown, picked from them by a fixed rule) do not depend on the order in which packages arrive:
N packages imported in any order leave the same database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from kcdesk.domain.sync.vectors import (
    Order,
    VersionVector,
    advance,
    compare,
    dominates,
    merge,
    normalize,
)


class Action(StrEnum):
    INSERT = "insert"  # the record was unknown here
    FAST_FORWARD = "fast-forward"  # the incoming version supersedes what is here
    SKIP = "skip"  # already seen (the same version, or one this side has since superseded)
    CONFLICT = "conflict"  # changed on both sides: both versions are kept for review


@dataclass(frozen=True)
class Version:
    """One version of one record: its vector, whether it is a deletion, and a digest of content.

    Two versions with the same vector are the same version (a device never reuses a counter), so
    equality and hashing go by the vector alone.
    """

    vector: Mapping[str, int]
    deleted: bool = False
    digest: str = ""
    _key: tuple[tuple[str, int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        vector = normalize(self.vector)
        object.__setattr__(self, "vector", vector)
        object.__setattr__(self, "_key", tuple(sorted(vector.items())))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    @property
    def content(self) -> tuple[bool, str]:
        """What a person would see: deleted or not, and the data digest."""
        return (self.deleted, self.digest)


@dataclass(frozen=True)
class Decision:
    """The outcome for one incoming version.

    ``heads`` is the new set of heads (sorted by :func:`head_order`, winner first), ``winner``
    the version the record shows, ``vector`` the vector to store on the record, and ``conflict``
    whether a person must choose (heads with different content).
    """

    action: Action
    heads: tuple[Version, ...]
    winner: Version
    vector: VersionVector
    conflict: bool


def content_digest(data: Mapping[str, object]) -> str:
    """SHA-256 of a record's data in canonical JSON: equal data, equal digest, on any laptop."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def head_order(version: Version) -> tuple[int, int, tuple[tuple[str, int], ...], str]:
    """Sort key, highest first, for picking which head a record shows while in conflict.

    A kept record beats a deletion (a person should see the data before deciding to drop it);
    then the version that includes more changes; then a fixed tie-break so that every laptop
    picks the same. Counters of different devices are not comparable in time: this is a rule
    for being deterministic, not a claim about which edit is "newer".
    """
    return (0 if version.deleted else 1, sum(version.vector.values()), version._key, version.digest)


def maximal(versions: Iterable[Version]) -> tuple[Version, ...]:
    """The heads of a set of versions: those no other version dominates, winner first."""
    unique = set(versions)
    heads = [
        v for v in unique if not any(o is not v and dominates(o.vector, v.vector) for o in unique)
    ]
    return tuple(sorted(heads, key=head_order, reverse=True))


def needs_review(heads: Sequence[Version]) -> bool:
    """True when the heads differ in content: a person must pick or merge."""
    return len({h.content for h in heads}) > 1


def stored_vector(heads: Sequence[Version]) -> VersionVector:
    """The vector to store on the record for these heads.

    With one head, or several that happen to carry the same content (two people made the same
    change), the record stands for all of them: the merged vector, so that the next local edit
    supersedes every head. In a real conflict, the winner's own vector: an edit of the shown
    version must not silently supersede the other side.
    """
    if not heads:
        raise ValueError("a record has at least one head")
    if needs_review(heads):
        return dict(heads[0].vector)
    return merge(*(h.vector for h in heads))


def decide(heads: Sequence[Version], incoming: Version) -> Decision:
    """Apply ``incoming`` to a record whose current heads are ``heads`` (empty: unknown record)."""
    if not heads:
        return Decision(Action.INSERT, (incoming,), incoming, dict(incoming.vector), False)
    current = tuple(sorted(set(heads), key=head_order, reverse=True))
    if any(dominates(h.vector, incoming.vector) for h in current):
        return Decision(Action.SKIP, current, current[0], stored_vector(current), False)
    new_heads = maximal(
        [*(h for h in current if not dominates(incoming.vector, h.vector)), incoming]
    )
    conflict = needs_review(new_heads)
    if len(new_heads) == 1:
        action = Action.FAST_FORWARD
    elif conflict:
        action = Action.CONFLICT
    else:
        # Concurrent versions with equal content: nothing for a person to decide.
        action = Action.FAST_FORWARD
    return Decision(action, new_heads, new_heads[0], stored_vector(new_heads), conflict)


def resolution_vector(heads: Sequence[Version], device: str, counter: int) -> VersionVector:
    """The vector of a person's resolution made on ``device`` at ``counter``: it supersedes every
    head, so it ends the conflict wherever it travels."""
    merged = merge(*(h.vector for h in heads))
    return advance(merged, device, counter)


def relation(a: Version, b: Version) -> Order:
    """Order of two versions (see :func:`kcdesk.domain.sync.vectors.compare`)."""
    return compare(a.vector, b.vector)
