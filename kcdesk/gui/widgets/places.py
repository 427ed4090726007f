"""The 2025 administrative units, loaded once per database and kept for pickers.

3,321 communes and 34 provinces never change while the app runs; reading them once (off the GUI
thread) lets every picker filter as you type without touching the database.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kcdesk.vn.text import collation_key, fold

if TYPE_CHECKING:
    from kcdesk.services.context import Database
    from kcdesk.services.places import CommuneInfo


@dataclass(frozen=True)
class Place:
    code: int
    name: str  # "Xã Tiên Lãng"
    label: str  # "Xã Tiên Lãng, Thành phố Hải Phòng"
    province_code: int
    folded: str  # label folded for diacritic-insensitive matching
    sort_key: str


@dataclass(frozen=True)
class PlaceBook:
    provinces: list[Place]  # province_code == code
    communes: list[Place]
    by_code: dict[int, Place]  # communes

    def province_name(self, code: int | None) -> str:
        return next((p.name for p in self.provinces if p.code == code), "")

    def communes_of(self, province_code: int | None) -> list[Place]:
        if province_code is None:
            return self.communes
        return [c for c in self.communes if c.province_code == province_code]


def matches(place: Place, query: str) -> bool:
    """Every word of ``query`` starts a word of the place's label, ignoring diacritics:
    "tien lang", "Tiên Lãng", "lang tien", "tl hai" all find "Xã Tiên Lãng, Hải Phòng"."""
    words = fold(query).replace(",", " ").split()
    if not words:
        return True
    label_words = place.folded.replace(",", " ").split()
    return all(any(w.startswith(q) for w in label_words) for q in words)


def filter_places(
    places: list[Place], query: str, limit: int | None = None, prefer_province: int | None = None
) -> list[Place]:
    """Places matching ``query``: exact names first, then names starting with it, the
    person's own province before others, then Vietnamese order."""
    found = [p for p in places if matches(p, query)]
    wanted = " ".join(fold(query).replace(",", " ").split())

    def rank(p: Place) -> tuple[bool, bool, bool, str]:
        name = fold(bare(p.name))
        return (name != wanted, not name.startswith(wanted), p.province_code != prefer_province,
                p.sort_key)  # fmt: skip

    found.sort(key=rank)
    return found if limit is None else found[:limit]


def best_match(places: list[Place], query: str, prefer_province: int | None = None) -> Place | None:
    """The one place a typed text surely means: the only match, or the only exact name (in the
    person's province when the name exists in several)."""
    found = filter_places(places, query, None, prefer_province)
    if len(found) == 1:
        return found[0]
    wanted = " ".join(fold(query).replace(",", " ").split())
    exact = [p for p in found if fold(bare(p.name)) == wanted]
    if len(exact) > 1 and prefer_province is not None:
        exact = [p for p in exact if p.province_code == prefer_province]
    return exact[0] if len(exact) == 1 else None


_UNIT_WORDS = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn ")


def bare(name: str) -> str:
    """The name without the kind of unit, for sorting: "Xã Tiên Lãng" → "Tiên Lãng"."""
    for word in _UNIT_WORDS:
        if name.startswith(word):
            return name[len(word) :]
    return name


_books: dict[str, PlaceBook] = {}
_lock = threading.Lock()


def _place(info: CommuneInfo) -> Place:
    label = f"{info.name}, {info.province_name}" if info.province_name else info.name
    return Place(
        info.code, info.name, label, info.province_code, fold(label), collation_key(bare(info.name))
    )


def place_book(db: Database) -> PlaceBook:
    """All 2025 provinces and communes (cached per database URL; thread-safe)."""
    with _lock:
        book = _books.get(db.url)
    if book is not None:
        return book
    from kcdesk.services.places import find_communes, find_provinces

    provinces = sorted(
        (
            Place(p.code, p.name, p.name, p.code, fold(p.name), collation_key(bare(p.name)))
            for p in find_provinces(db, "")
        ),
        key=lambda p: p.sort_key,
    )
    communes = sorted(
        (_place(c) for c in find_communes(db, "", limit=1_000_000)), key=lambda p: p.sort_key
    )
    book = PlaceBook(provinces, communes, {c.code: c for c in communes})
    with _lock:
        _books[db.url] = book
    return book


def cached_place_book(db: Database) -> PlaceBook | None:
    with _lock:
        return _books.get(db.url)
