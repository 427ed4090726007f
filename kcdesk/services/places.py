"""Finding places by name (diacritics and word order ignored) and mapping legacy → 2025."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from kcdesk.domain.errors import Issue, ValidationError
from kcdesk.services.context import Database
from kcdesk.storage.models import Commune, CommuneMapping, District, Province
from kcdesk.storage.models.places import SCHEME_2025, SCHEME_LEGACY
from kcdesk.storage.search import binary_order
from kcdesk.vn.text import fold

# Words naming the kind of unit, dropped when comparing names ("Xã Tiên Lãng" = "Tiên Lãng").
_KIND_WORDS = re.compile(
    r"^(xa|phuong|thi tran|dac khu|tinh|thanh pho|tp\.?|huyen|quan|thi xa|tx\.?|h\.|x\.|p\.)\s+"
)


@dataclass(frozen=True)
class ProvinceInfo:
    scheme: str
    code: int
    name: str


@dataclass(frozen=True)
class CommuneInfo:
    scheme: str
    code: int
    name: str
    kind: str
    province_code: int
    province_name: str
    district_code: int | None = None
    district_name: str = ""
    partly: bool = False  # in a legacy→2025 mapping: only part of the old commune went there

    @property
    def label(self) -> str:
        """``"Xã Tiên Lãng, Thành phố Hải Phòng"`` (legacy: with the district)."""
        parts = [self.name, self.district_name, self.province_name]
        return ", ".join(p for p in parts if p)


def bare_name(name: str) -> str:
    """Folded name without the kind of unit: ``"Thị trấn Tiên Lãng"`` → ``"tien lang"``."""
    folded = fold(name)
    return _KIND_WORDS.sub("", folded).strip()


def _tokens(query: str) -> list[str]:
    return [t for t in re.split(r"[^0-9a-z]+", fold(query)) if t]


def _commune_infos(session: Session, rows: list[Commune]) -> list[CommuneInfo]:
    provinces = {(p.scheme, p.code): p.name for p in session.execute(select(Province)).scalars()}
    district_codes = {r.district_code for r in rows if r.district_code is not None}
    districts = {}
    if district_codes:
        districts = {
            d.code: d.name
            for d in session.execute(
                select(District).where(District.code.in_(district_codes))
            ).scalars()
        }
    return [
        CommuneInfo(
            scheme=r.scheme,
            code=r.code,
            name=r.name,
            kind=r.kind,
            province_code=r.province_code,
            province_name=provinces.get((r.scheme, r.province_code), ""),
            district_code=r.district_code,
            district_name=districts.get(r.district_code, "") if r.district_code else "",
        )
        for r in rows
    ]


def find_communes(
    db: Database,
    query: str,
    *,
    scheme: str = SCHEME_2025,
    province_code: int | None = None,
    district_code: int | None = None,
    limit: int = 50,
) -> list[CommuneInfo]:
    """Communes whose name holds every word of ``query`` ("tien lang", "Lãng Tiên"); exact
    names first, then names starting with the query, then the rest, in Vietnamese order."""
    tokens = [t for t in _tokens(query) if not _KIND_WORDS.match(t + " ")] or _tokens(query)
    stmt = select(Commune).where(Commune.scheme == scheme)
    if province_code is not None:
        stmt = stmt.where(Commune.province_code == province_code)
    if district_code is not None:
        stmt = stmt.where(Commune.district_code == district_code)
    if tokens:
        stmt = stmt.where(and_(*[Commune.name_folded.contains(t) for t in tokens]))
    stmt = stmt.order_by(binary_order(Commune.name_sort, db.dialect))
    with db.unit_of_work() as uow:
        rows = list(uow.session.execute(stmt).scalars())
        # Whole words only: "an" should not find "Tân"; then rank.
        wanted = " ".join(tokens)

        def words_match(c: Commune) -> bool:
            words = set(_tokens(c.name))
            return all(any(w.startswith(t) for w in words) for t in tokens)

        rows = [r for r in rows if words_match(r)]
        rows.sort(
            key=lambda c: (
                0
                if bare_name(c.name) == wanted
                else 1
                if bare_name(c.name).startswith(wanted)
                else 2
            )
        )
        return _commune_infos(uow.session, rows[:limit])


def get_commune(db: Database, code: int, scheme: str = SCHEME_2025) -> CommuneInfo | None:
    with db.unit_of_work() as uow:
        row = uow.session.execute(
            select(Commune).where(Commune.scheme == scheme, Commune.code == code)
        ).scalar_one_or_none()
        return None if row is None else _commune_infos(uow.session, [row])[0]


def commune_names(db: Database, codes: set[int], scheme: str = SCHEME_2025) -> dict[int, str]:
    """``{code: name}`` for many communes at once (lists show names, not codes)."""
    if not codes:
        return {}
    with db.unit_of_work() as uow:
        rows = uow.session.execute(
            select(Commune.code, Commune.name).where(
                Commune.scheme == scheme, Commune.code.in_(codes)
            )
        ).all()
        return {int(c): str(n) for c, n in rows}


def find_provinces(db: Database, query: str, scheme: str = SCHEME_2025) -> list[ProvinceInfo]:
    tokens = [t for t in _tokens(query) if t not in ("tinh", "thanh", "pho", "tp")]
    with db.unit_of_work() as uow:
        rows = list(
            uow.session.execute(select(Province).where(Province.scheme == scheme)).scalars()
        )
    found = [p for p in rows if all(t in _tokens(p.name) for t in tokens)]
    return [ProvinceInfo(p.scheme, p.code, p.name) for p in found]


def resolve_province(db: Database, value: int | str) -> ProvinceInfo:
    """A 2025 province by code or by name; refuses unknown or ambiguous names."""
    if isinstance(value, int) or str(value).strip().isdigit():
        code = int(value)
        with db.unit_of_work() as uow:
            row = uow.session.execute(
                select(Province).where(Province.scheme == SCHEME_2025, Province.code == code)
            ).scalar_one_or_none()
        if row is not None:
            return ProvinceInfo(row.scheme, row.code, row.name)
        found = []
    else:
        found = find_provinces(db, str(value))
    if len(found) == 1:
        return found[0]
    names = ", ".join(p.name for p in found[:5])
    raise ValidationError(
        [
            Issue(
                "province",
                "province_unknown" if not found else "province_ambiguous",
                f"Không tìm thấy tỉnh/thành “{value}” (theo danh mục 34 tỉnh, thành từ 01/7/2025)."
                if not found
                else f"“{value}” khớp với nhiều tỉnh/thành: {names}. Hãy ghi rõ hơn.",
                f"No province “{value}” in the 34 provinces of 1 July 2025."
                if not found
                else f"“{value}” matches several provinces: {names}. Be more specific.",
            )
        ]
    )


def resolve_commune(
    db: Database, value: int | str, *, province_code: int | None = None
) -> CommuneInfo:
    """A 2025 commune by code or name (exact bare name preferred); refuses unknown/ambiguous."""
    if isinstance(value, int) or str(value).strip().isdigit():
        info = get_commune(db, int(value))
        if info is not None and (province_code is None or info.province_code == province_code):
            return info
        candidates: list[CommuneInfo] = []
    else:
        candidates = find_communes(db, str(value), province_code=province_code)
        exact = [c for c in candidates if bare_name(c.name) == bare_name(str(value))]
        if len(exact) == 1:
            return exact[0]
        if len(candidates) == 1:
            return candidates[0]
        candidates = exact or candidates
    names = "; ".join(c.label for c in candidates[:5])
    raise ValidationError(
        [
            Issue(
                "commune",
                "commune_unknown" if not candidates else "commune_ambiguous",
                f"Không tìm thấy xã/phường “{value}” trong danh mục từ 01/7/2025."
                if not candidates
                else f"“{value}” khớp với nhiều xã/phường: {names}. Hãy chọn tỉnh.",
                f"No commune “{value}” in the units of 1 July 2025."
                if not candidates
                else f"“{value}” matches several communes: {names}. Choose a province.",
            )
        ]
    )


def legacy_to_2025(db: Database, legacy_code: int) -> list[CommuneInfo]:
    """The 2025 commune(s) a legacy commune went into (official table); ``partly`` says the
    old commune was split between several."""
    with db.unit_of_work() as uow:
        rows = uow.session.execute(
            select(Commune, CommuneMapping.partly)
            .join(
                CommuneMapping,
                and_(CommuneMapping.new_code == Commune.code, Commune.scheme == SCHEME_2025),
            )
            .where(CommuneMapping.legacy_code == legacy_code)
            .order_by(binary_order(Commune.name_sort, db.dialect))
        ).all()
        infos = _commune_infos(uow.session, [r[0] for r in rows])
        return [
            CommuneInfo(**{**i.__dict__, "partly": bool(p)})
            for i, (_c, p) in zip(infos, rows, strict=True)
        ]


def find_legacy_commune(
    db: Database, name: str, *, district: str = "", province: str = ""
) -> list[CommuneInfo]:
    """Legacy communes named ``name``, narrowed by the old district and province names."""
    district_code = None
    province_code = None
    with db.unit_of_work() as uow:
        if province:
            want = bare_name(province)
            provs = [
                p
                for p in uow.session.execute(
                    select(Province).where(Province.scheme == SCHEME_LEGACY)
                ).scalars()
                if bare_name(p.name) == want
            ]
            province_code = provs[0].code if len(provs) == 1 else None
        if district:
            want = bare_name(district)
            stmt = select(District)
            if province_code is not None:
                stmt = stmt.where(District.province_code == province_code)
            dists = [d for d in uow.session.execute(stmt).scalars() if bare_name(d.name) == want]
            district_code = dists[0].code if len(dists) == 1 else None
    found = find_communes(
        db, name, scheme=SCHEME_LEGACY, province_code=province_code, district_code=district_code
    )
    exact = [c for c in found if bare_name(c.name) == bare_name(name)]
    return exact
