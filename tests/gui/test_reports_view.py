"""The Báo cáo page: reports load in the background, charts are drawn, Excel is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QSize

from kcdesk.gui.reports.chart import MAX_BARS, BarChart, Series, fold_rest
from kcdesk.gui.reports.view import ReportsView, cell_text


@pytest.fixture
def filled_state(app_state: Any) -> Any:
    from kcdesk.services.demo import fill_demo

    fill_demo(app_state.db, facilities=30, surveys=20, proposals=10, seed=4)
    return app_state


def _loaded(qtbot: Any, view: ReportsView) -> None:
    qtbot.waitUntil(lambda: not view.loading and bool(view.tables), timeout=30000)


def test_reports_load_and_show_with_chart(qtbot: Any, filled_state: Any) -> None:
    view = ReportsView(filled_state)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    _loaded(qtbot, view)
    assert view.report_list.count() == 8
    table = view.select("facilities_by_kind")
    assert view.title.text() == table.title
    assert "Bộ lọc:" in view.caption.text() and "Lập lúc" in view.caption.text()
    assert view.table.rowCount() == len(table.rows) + 1  # the total row
    assert view.table.item(view.table.rowCount() - 1, 1).text() == "Tổng cộng"
    assert view.table.item(view.table.rowCount() - 1, 2).text() == "30"
    assert [s.name for s in view.chart.series] == ["Số cơ sở"]
    assert len(view.chart.labels) == len(table.rows)
    # Bars are drawn in proportion: the largest count has the longest bar.
    view.chart.resize(800, view.chart.sizeHint().height())
    rects = view.chart.bar_rects()[0]
    values = view.chart.series[0].values
    longest = max(range(len(values)), key=lambda i: values[i])
    assert rects[longest].width() == max(r.width() for r in rects)
    image = view.chart.grab()
    assert not image.isNull() and image.width() > 0


def test_proposals_chart_compares_requested_and_approved(qtbot: Any, filled_state: Any) -> None:
    view = ReportsView(filled_state)
    qtbot.addWidget(view)
    _loaded(qtbot, view)
    view.select("proposals_by_status")
    names = [s.name for s in view.chart.series]
    assert len(names) == 2 and "đề nghị" in names[0] and "duyệt" in names[1]


def test_filters_change_the_figures(qtbot: Any, filled_state: Any) -> None:
    view = ReportsView(filled_state)
    qtbot.addWidget(view)
    _loaded(qtbot, view)
    everything = view.select("facilities_by_kind").total
    view.kind_combo.setCurrentIndex(view.kind_combo.findData("htx"))
    view.refresh()
    _loaded(qtbot, view)
    htx = view.select("facilities_by_kind")
    assert "Hợp tác xã" in htx.filters
    assert everything is not None and (htx.total is None or htx.total[2] <= everything[2])
    assert all(r[1] == "Hợp tác xã" for r in htx.rows)


def test_export_to_excel_writes_what_is_on_screen(
    qtbot: Any, filled_state: Any, tmp_path: Path
) -> None:
    view = ReportsView(filled_state)
    qtbot.addWidget(view)
    _loaded(qtbot, view)
    out = tmp_path / "báo cáo.xlsx"
    view.export_to(out)
    qtbot.waitUntil(lambda: view.export_button.isEnabled() and out.exists(), timeout=30000)
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == 8
    stamp = view.tables[0].made_at.strftime("%d/%m/%Y %H:%M")
    first = wb[wb.sheetnames[0]]
    assert any(f"Lập lúc: {stamp}" == first.cell(r, 1).value for r in range(1, 6))
    assert "Đã lưu báo cáo" in view.status.text()


def test_new_data_refreshes_the_page(qtbot: Any, filled_state: Any) -> None:
    from kcdesk.gui.state import FACILITY
    from kcdesk.services.facilities import FacilityInput, create_facility

    view = ReportsView(filled_state)
    qtbot.addWidget(view)
    view.show()
    _loaded(qtbot, view)
    create_facility(filled_state.db, FacilityInput(name="HTX mới", kind="htx"))
    filled_state.notify(FACILITY)
    qtbot.waitUntil(
        lambda: not view.loading and view.tables[0].total is not None
        and view.tables[0].total[6] == 31,
        timeout=30000,
    )  # fmt: skip


def test_chart_folds_long_lists_and_empty_state(qtbot: Any) -> None:
    labels = [f"Xã {i}" for i in range(40)]
    series = [Series("Số cơ sở", [float(i) for i in range(40)])]
    kept, folded = fold_rest(labels, series)
    assert len(kept) == MAX_BARS and kept[-1].startswith("Khác (26)")
    assert sum(folded[0].values) == sum(series[0].values)
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(QSize(600, 300))
    assert not chart.grab().isNull()  # "Không có số liệu"
    chart.set_data(labels, series, "cơ sở")
    assert len(chart.labels) == MAX_BARS and chart.sizeHint().height() > 300


def test_cell_text_is_vietnamese() -> None:
    from decimal import Decimal

    assert cell_text(1234567, "int") == "1.234.567"
    assert cell_text(Decimal("225520.5"), "million") == "225.520,5"
    assert cell_text(Decimal("0.125"), "percent") == "12,5%"
    assert cell_text(2025, "year") == "2025"
    assert cell_text(None, "int") == ""
