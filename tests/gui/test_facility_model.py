"""The paged facility model over 100,000 facilities: counts, pages, Vietnamese sort in SQL."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kcdesk.gui.facilities.model import COLUMN_KEYS, FIRST_PAGE, PAGE_SIZE, FacilityTableModel
from kcdesk.vn.text import collation_key

N = 100_000
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def big_state(tmp_path_factory, qapp):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.bench_gui import make_facility_db
    from kcdesk.config import sqlite_url
    from kcdesk.gui.state import AppState
    from kcdesk.services.context import open_database

    home = tmp_path_factory.mktemp("big")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KCDESK_HOME", str(home))  # settings and logs stay in the test's folder
        path = make_facility_db(home, N)
        db = open_database(sqlite_url(path), check_identity=False)
        state = AppState(db)
        yield state
        state.tasks.shutdown(5000)
        db.close()


def _model(qtbot, big_state, idle):
    model = FacilityTableModel(big_state)
    model.reload()
    idle(model, 30000)
    return model


def test_counts_all_and_loads_only_the_first_page(qtbot, big_state, idle):
    model = _model(qtbot, big_state, idle)
    assert model.total == N
    assert model.rowCount() == FIRST_PAGE
    assert model.canFetchMore()


def test_fetch_more_appends_pages_in_order(qtbot, big_state, idle):
    model = _model(qtbot, big_state, idle)
    for _ in range(3):
        before = model.rowCount()
        model.fetchMore()
        qtbot.waitUntil(
            lambda b=before: model.rowCount() > b and not model.is_busy(), timeout=10000
        )
        assert model.rowCount() == before + PAGE_SIZE
    keys = [collation_key(model.row_at(i).name) for i in range(model.rowCount())]
    assert keys == sorted(keys)  # pages join without a gap or an overlap in the order
    uuids = [model.row_at(i).uuid for i in range(model.rowCount())]
    assert len(set(uuids)) == len(uuids)


def test_sort_is_vietnamese_and_runs_in_sql(qtbot, big_state, idle):
    model = _model(qtbot, big_state, idle)
    name = COLUMN_KEYS.index("name")
    model.sort(name, Qt.SortOrder.DescendingOrder)
    idle(model, 30000)
    names = [model.row_at(i).name for i in range(model.rowCount())]
    assert [collation_key(n) for n in names] == sorted(map(collation_key, names), reverse=True)
    # Descending Vietnamese order puts "Tổ hợp tác…" after "Hợp tác xã…" and đ after d:
    # the first rows are the very last names of the whole register, not just of a page.
    assert names[0].startswith("Tổ hợp tác")
    commune = COLUMN_KEYS.index("commune")
    model.sort(commune, Qt.SortOrder.AscendingOrder)
    idle(model, 30000)
    communes = [model.row_at(i).commune_name for i in range(model.rowCount())]
    assert [collation_key(c) for c in communes] == sorted(map(collation_key, communes))
    assert model.total == N


def test_filter_counts_the_matches(qtbot, big_state, idle):
    from kcdesk.services.facilities import FacilityFilter

    model = _model(qtbot, big_state, idle)
    model.set_filter(FacilityFilter(search="theu ren"))
    idle(model, 30000)
    assert 0 < model.total < N
    assert all("thêu ren" in model.row_at(i).name for i in range(model.rowCount()))
    model.set_filter(FacilityFilter(kind="htx"))
    idle(model, 30000)
    assert 0 < model.total < N
    assert {model.row_at(i).kind for i in range(model.rowCount())} == {"htx"}
