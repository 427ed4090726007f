"""Foundation workloads: bulk writes and diacritic-insensitive search over 100,000 facilities."""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Result, median_of, scratch, timed

QUERIES = [
    "chieu coi",
    "Gốm",
    "nguyen van",
    "tien lang",
    "htx may tre",
    "thêu ren",
    "đông",
    "cong ty tnhh",
    "moc my nghe",
    "0912",
    "banh da",
    "tan minh",
    "ren",
    "Phạm Thị",
    "nuoc mam",
    "co khi",
    "son mai",
    "det may",
    "duyen",
    "vinh quang",
]


def _open(home: Path) -> Any:
    from kcdesk.services.context import open_database
    from kcdesk.services.installation import init_installation

    db = open_database()
    init_installation(db, role="collaborator", person_name="Bench", province=31)
    return db


def _items(n: int) -> list[Any]:
    from kcdesk.services.demo import _communes, demo_facility

    rng = random.Random(7)
    communes = [
        (11755, "Xã Tiên Lãng"),
        (11779, "Xã Tân Minh"),
        (11761, "Xã Tiên Cường"),
        (11806, "Xã Nam Hưng"),
        (11809, "Xã Hùng Thắng"),
        (11791, "Xã Tiên Minh"),
    ]
    del _communes
    return [demo_facility(rng, communes) for _ in range(n)]


def _stored_rows(db: Any, n: int) -> tuple[list[str], list[str], list[tuple[Any, ...]]]:
    """The facility table's DDL (table and indexes, not the search index) and its rows exactly
    as kcdesk stored them, for the raw limit to insert the same data into the same table."""
    conn = sqlite3.connect(str(db.path))
    ddl = [
        r[0]
        for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'facility' AND type IN ('table', 'index') "
            "AND sql IS NOT NULL ORDER BY type DESC"
        )
    ]
    cur = conn.execute("SELECT * FROM facility LIMIT ?", (n,))
    cols = [d[0] for d in cur.description]
    rows = cur.fetchall()
    conn.close()
    return ddl, cols, rows


def _raw_insert(home: Path, ddl: list[str], cols: list[str], rows: list[tuple[Any, ...]]) -> float:
    """Plain sqlite3: the same rows into the same table (same indexes), one transaction."""
    conn = sqlite3.connect(home / "raw.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    for statement in ddl:
        conn.execute(statement)
    sql = f"INSERT INTO facility VALUES ({', '.join('?' * len(cols))})"

    def raw() -> None:
        conn.execute("BEGIN")
        conn.executemany(sql, rows)
        conn.execute("COMMIT")

    elapsed = timed(raw)
    conn.close()
    return elapsed


def write_facilities(quick: bool) -> list[Result]:
    """Storage layer: stamping (device counter, version vectors), derived search/sort keys, the
    insert, the full-text index and the audit entry, in one transaction — against plain sqlite3
    inserting the very rows kcdesk stored. The service path, which validates every field first,
    is shown beside it for information."""
    n = 10_000 if quick else 100_000
    from kcdesk.services.facilities import bulk_create_facilities, validate_facility
    from kcdesk.storage.facility_store import derive_columns, insert_facilities
    from kcdesk.storage.models import AuditEntry
    from kcdesk.storage.models.base import utcnow
    from kcdesk.storage.tracking import stamp_values

    with scratch("write") as home:
        db = _open(home)
        items = _items(n)
        values = [validate_facility(None, item)[0] for item in items]

        def storage_write() -> None:
            with db.unit_of_work() as uow:
                device, counter, actor = uow.stamp()
                now = utcnow()
                rows = [
                    stamp_values(derive_columns(dict(v)), device, counter, new=True, now=now)
                    for v in values
                ]
                insert_facilities(uow.session.connection(), rows)
                uow.session.add(
                    AuditEntry(
                        actor=actor,
                        device_id=device,
                        counter=counter,
                        record_kind="facility",
                        action="bulk_create",
                        after={"count": len(rows)},
                    )
                )

        kc = timed(storage_write)
        ddl, cols, rows = _stored_rows(db, n)
        db.close()
        limit = _raw_insert(home, ddl, cols, rows)
    with scratch("write-service") as home:
        db = _open(home)
        service = timed(lambda: bulk_create_facilities(db, items))
        db.close()
    return [
        Result(f"write {n:,} facilities through storage", kc, limit, 3.0),
        Result(f"write {n:,} facilities through the service (+validation)", service, limit, None),
    ]


def search_facilities(quick: bool) -> Result:
    n = 10_000 if quick else 100_000
    from kcdesk.services.facilities import FacilityFilter, bulk_create_facilities, list_facilities
    from kcdesk.storage.search import search_tokens

    with scratch("search") as home:
        db = _open(home)
        bulk_create_facilities(db, _items(n))
        list_facilities(db, FacilityFilter(search="warm up"))
        kc_samples = []
        for q in QUERIES * 3:
            start = time.perf_counter()
            list_facilities(db, FacilityFilter(search=q), limit=100)
            kc_samples.append(time.perf_counter() - start)
        # Raw limit: the same FTS5 match, ordered by the same key, 100 rows, plain sqlite3.
        conn = sqlite3.connect(str(db.path))
        sql = (
            "SELECT f.* FROM facility f WHERE f.deleted = 0 AND f.id IN "
            "(SELECT rowid FROM facility_fts WHERE facility_fts MATCH ?) "
            "ORDER BY f.name_sort, f.id LIMIT 100"
        )
        raw_samples = []
        for q in QUERIES * 3:
            match = " AND ".join(f'"{t}"*' for t in search_tokens(q))
            start = time.perf_counter()
            conn.execute(sql, (match,)).fetchall()
            raw_samples.append(time.perf_counter() - start)
        conn.close()
        db.close()
    return Result(
        f"search {n:,} facilities (median per query)",
        median_of(kc_samples),
        median_of(raw_samples),
        1.5,
        absolute_s=0.020,
    )


WORKLOADS = [write_facilities, search_facilities]
