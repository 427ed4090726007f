"""Loads the administrative units shipped in resources/places/ into a new database."""

from __future__ import annotations

import gzip
import json
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from kcdesk.config import resource_path
from kcdesk.storage.models.places import (
    SCHEME_2025,
    SCHEME_LEGACY,
    Commune,
    CommuneMapping,
    District,
    Province,
)
from kcdesk.vn.text import collation_key, fold


def load_places_data() -> dict[str, Any]:
    with gzip.open(resource_path("places", "places.json.gz"), "rb") as fh:
        data: dict[str, Any] = json.loads(fh.read().decode("utf-8"))
    return data


def ensure_places(conn: Connection) -> bool:
    """Fill the place tables when they are empty; returns whether anything was loaded."""
    if conn.execute(select(func.count()).select_from(Province)).scalar_one():
        return False
    data = load_places_data()
    legacy_district_province = {d[0]: d[3] for d in data["districts_legacy"]}
    conn.execute(insert(Province), [
        {"scheme": scheme, "code": code, "name": name, "kind": kind, "name_folded": fold(name)}
        for scheme, key in ((SCHEME_2025, "provinces_2025"), (SCHEME_LEGACY, "provinces_legacy"))
        for code, name, kind in data[key]
    ])  # fmt: skip
    conn.execute(insert(District), [
        {"code": code, "name": name, "kind": kind, "province_code": prov, "name_folded": fold(name)}
        for code, name, kind, prov in data["districts_legacy"]
    ])  # fmt: skip
    communes = [
        {"scheme": SCHEME_2025, "code": code, "name": name, "kind": kind, "province_code": prov,
         "district_code": None, "name_folded": fold(name), "name_sort": collation_key(name)}
        for code, name, kind, prov in data["communes_2025"]
    ] + [
        {"scheme": SCHEME_LEGACY, "code": code, "name": name, "kind": kind,
         "province_code": legacy_district_province.get(district, 0), "district_code": district,
         "name_folded": fold(name), "name_sort": collation_key(name)}
        for code, name, kind, district in data["communes_legacy"]
    ]  # fmt: skip
    conn.execute(insert(Commune), communes)
    conn.execute(insert(CommuneMapping), [
        {"legacy_code": old, "new_code": new, "partly": bool(partly)}
        for old, news, partly in data["old_to_new"]
        for new in dict.fromkeys(news)
    ])  # fmt: skip
    return True
