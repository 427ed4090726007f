"""The background-work helper: outcomes arrive on the GUI thread, Cancel stops work."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from kcdesk.gui.tasks import Cancelled, TaskRunner


@pytest.fixture
def runner(qtbot):
    r = TaskRunner()
    yield r
    r.shutdown(2000)


def test_success_is_delivered_on_gui_thread(qtbot, runner):
    got = []
    gui_thread = threading.get_ident()
    worker_threads = []

    def work(progress, cancelled):
        worker_threads.append(threading.get_ident())
        return 6 * 7

    runner.run(work, success=lambda r: got.append((r, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(got), timeout=3000)
    assert got == [(42, gui_thread)]
    assert worker_threads and worker_threads[0] != gui_thread
    qtbot.waitUntil(lambda: runner.active_count == 0, timeout=1000)


def test_failure_goes_to_callback_or_reporter(qtbot, runner):
    errors = []
    runner.call(int, "not a number", failure=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], ValueError)

    reported = []
    runner.set_error_reporter(lambda exc, parent: reported.append(exc))
    runner.call(int, "x")
    qtbot.waitUntil(lambda: bool(reported), timeout=3000)
    assert isinstance(reported[0], ValueError)


def test_progress_is_coalesced_and_last_report_arrives(qtbot, runner):
    seen = []
    done = []

    def work(progress, cancelled):
        for i in range(1, 20001):
            progress(i, 20000, f"row {i}")
        return "ok"

    runner.run(work, progress=lambda d, t, s: seen.append((d, t, s)), success=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert seen[-1] == (20000, 20000, "row 20000")
    assert len(seen) < 2000  # a flood of 20,000 reports would freeze the window


def test_cancel_stops_cooperative_work(qtbot, runner):
    started = threading.Event()
    outcome = []

    def work(progress, cancelled):
        started.set()
        while not cancelled():
            time.sleep(0.005)
        raise Cancelled()

    task = runner.run(
        work,
        success=lambda r: outcome.append("success"),
        failure=lambda e: outcome.append("failure"),
        cancelled=lambda: outcome.append("cancelled"),
    )
    assert started.wait(3)
    assert task.is_running
    task.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=3000)
    assert outcome == ["cancelled"]


def test_dialog_cancel_button_stops_work_and_window_stays_responsive(qtbot, runner):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    outcome = []
    started = threading.Event()
    saw_cancel = threading.Event()
    release = threading.Event()

    def work(progress, cancelled):
        started.set()
        i = 0
        while not cancelled():
            i += 1
            progress(i, 0, "Đang làm")
            time.sleep(0.005)
        saw_cancel.set()
        release.wait(3)  # e.g. rolling back a transaction
        raise Cancelled()

    runner.run(
        work,
        title="Đang nhập dữ liệu…",
        parent=parent,
        dialog_delay_ms=0,
        cancelled=lambda: outcome.append("cancelled"),
    )
    assert started.wait(3)

    def dialog():
        from PySide6.QtWidgets import QProgressDialog

        found = parent.findChildren(QProgressDialog)
        return found[0] if found and found[0].isVisible() else None

    qtbot.waitUntil(lambda: dialog() is not None, timeout=3000)
    dlg = dialog()
    # Cancel keeps the dialog up, saying it is stopping, until the work has really stopped.
    dlg.canceled.emit()
    assert saw_cancel.wait(3)
    QApplication.processEvents()
    assert dlg.isVisible()
    assert "Đang dừng" in dlg.labelText()
    release.set()
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=3000)
    assert dialog() is None


def test_quick_work_does_not_flash_a_dialog(qtbot, runner):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    done = []
    shown = []
    runner.run(lambda p, c: 1, title="Nhanh", parent=parent, success=done.append)

    from PySide6.QtWidgets import QProgressDialog

    def check():
        shown.extend(d for d in parent.findChildren(QProgressDialog) if d.isVisible())
        return bool(done)

    qtbot.waitUntil(check, timeout=3000)
    assert not shown
