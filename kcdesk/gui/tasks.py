"""Run work off the GUI thread, with progress and Cancel, and get the outcome back on it.

The window must never freeze: anything that may take more than a blink (a query over many rows,
an import, an export, printing, Excel) goes through :class:`TaskRunner`.

The work is a plain callable, so services stay free of Qt::

    def work(progress: Progress, cancelled: IsCancelled) -> int:
        rows = read_rows()
        for i, row in enumerate(rows):
            if cancelled():
                raise Cancelled()          # or return what was done so far
            save(row)
            progress(i + 1, len(rows), row.name)
        return len(rows)

    state.tasks.run(
        work,
        success=lambda n: self.show_done(n),      # called on the GUI thread
        failure=lambda exc: ...,                  # optional; default: an error dialog
        title=self.tr("Đang nhập dữ liệu…"),      # shows a progress dialog with Cancel
        parent=self,
    )

For a function that takes neither ``progress`` nor ``cancelled`` use :meth:`TaskRunner.call`::

    state.tasks.call(services.facilities.count_facilities, state.db, success=self.set_count)

Rules the helper keeps so callers need not think about them:

* ``success``/``failure``/``progress``/``cancelled``/``finished`` always run on the GUI thread.
* Progress reports are coalesced (at most one every ~40 ms reaches the GUI thread) so a loop
  that reports every row cannot flood the event loop.
* Cancel is cooperative: the work sees ``cancelled()`` turn true and stops at a safe point (a
  service finishing its unit of work or rolling it back). Raising :class:`Cancelled` reports
  the task as cancelled rather than failed. Work that finishes anyway is a success.
* Each task keeps itself alive until its outcome has been delivered; callers may drop the handle.
* Sessions never cross threads: the work opens its own unit of work and returns plain data.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

log = logging.getLogger(__name__)

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

Progress = Callable[[int, int, str], None]
"""``progress(done, total, text)``: ``total <= 0`` means "unknown" (a busy indicator)."""
IsCancelled = Callable[[], bool]


class Work(Protocol[T_co]):
    def __call__(self, progress: Progress, cancelled: IsCancelled) -> T_co: ...


class Cancelled(Exception):
    """Raised by work that noticed ``cancelled()`` and stopped early."""


class CancelToken:
    """A thread-safe flag: the GUI sets it, the work polls it by calling the token."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()

    @property
    def is_cancelled(self) -> bool:
        return self._event.is_set()


# Progress reports closer together than this are merged; the last one always gets through.
_PROGRESS_INTERVAL_S = 0.04


class _Bridge(QObject):
    """Lives on the GUI thread; signals emitted from the worker are queued to it."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, task: Task[Any]) -> None:
        super().__init__()
        self._task = task
        # Python owns this object (the task holds it): Qt must not delete it under us.
        self.setAutoDelete(False)

    def run(self) -> None:
        self._task._run_in_worker()


class Task(QObject, Generic[T]):
    """One piece of work in flight. Returned by :meth:`TaskRunner.run`; keep it to cancel it."""

    finished = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        work: Work[T],
        *,
        success: Callable[[T], None] | None,
        failure: Callable[[BaseException], None] | None,
        progress: Callable[[int, int, str], None] | None,
        cancelled: Callable[[], None] | None,
        finished: Callable[[], None] | None,
        dialog: _ProgressDialog | None,
        error_parent: QWidget | None,
    ) -> None:
        super().__init__(runner)
        self._runner = runner
        self._work = work
        self._on_success = success
        self._on_failure = failure
        self._on_progress = progress
        self._on_cancelled = cancelled
        self._on_finished = finished
        self._dialog = dialog
        self._error_parent = error_parent
        self._token = CancelToken()
        self._done = False
        self._last_emit = 0.0
        self._pending: tuple[int, int, str] | None = None
        self._lock = threading.Lock()
        self._bridge = _Bridge()
        # Connect to methods of QObjects that live on the GUI thread, so Qt queues the calls.
        self._bridge.progressed.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)
        self._bridge.succeeded.connect(self._deliver_success, Qt.ConnectionType.QueuedConnection)
        self._bridge.failed.connect(self._deliver_failure, Qt.ConnectionType.QueuedConnection)
        self._runnable = _Runnable(self)

    # -- GUI-thread API ----------------------------------------------------------------------

    def cancel(self) -> None:
        """Ask the work to stop at its next check. The outcome still arrives later."""
        self._token.cancel()

    @property
    def is_cancel_requested(self) -> bool:
        return self._token.is_cancelled

    @property
    def is_running(self) -> bool:
        return not self._done

    # -- worker thread -----------------------------------------------------------------------

    def _report(self, done: int, total: int, text: str = "") -> None:
        now = time.monotonic()
        with self._lock:
            last = total > 0 and done >= total
            if not last and now - self._last_emit < _PROGRESS_INTERVAL_S:
                self._pending = (done, total, text)
                return
            self._last_emit = now
            self._pending = None
        self._emit(self._bridge.progressed, int(done), int(total), str(text))

    def _run_in_worker(self) -> None:
        try:
            result = self._work(self._report, self._token)
        except BaseException as exc:  # every outcome must reach the GUI thread
            self._emit(self._bridge.failed, exc)
            return
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is not None:
            self._emit(self._bridge.progressed, *pending)
        self._emit(self._bridge.succeeded, result)

    @staticmethod
    def _emit(signal: Any, *args: object) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:
            # The application is closing and the receiver is gone: nobody is left to tell.
            log.debug("task outcome dropped: the receiver was deleted")

    # -- back on the GUI thread --------------------------------------------------------------

    @Slot(int, int, str)
    def _deliver_progress(self, done: int, total: int, text: str) -> None:
        if self._done:
            return
        if self._dialog is not None:
            _update_dialog(self._dialog, done, total, text)
        if self._on_progress is not None:
            self._guard(self._on_progress, done, total, text)

    @Slot(object)
    def _deliver_success(self, result: object) -> None:
        self._close()
        if self._on_success is not None:
            self._guard(self._on_success, result)
        self._finish()

    @Slot(object)
    def _deliver_failure(self, exc: BaseException) -> None:
        self._close()
        if isinstance(exc, Cancelled):
            if self._on_cancelled is not None:
                self._guard(self._on_cancelled)
        elif self._on_failure is not None:
            self._guard(self._on_failure, exc)
        else:
            self._runner.report_error(exc, self._error_parent)
        self._finish()

    def _guard(self, fn: Callable[..., object], *args: object) -> None:
        # A bug in a callback must not leave the task half-finished (dialog open, not forgotten).
        try:
            fn(*args)
        except Exception as exc:
            log.exception("task callback failed")
            self._runner.report_error(exc, self._error_parent)

    def _close(self) -> None:
        self._done = True
        if self._dialog is not None:
            self._dialog.finish()
            self._dialog = None

    def _finish(self) -> None:
        if self._on_finished is not None:
            self._guard(self._on_finished)
        self.finished.emit()
        self._runner._forget(self)


def _update_dialog(dlg: _ProgressDialog, done: int, total: int, text: str) -> None:
    if dlg.stopping:
        return  # keep saying "stopping" until the work has stopped
    if total > 0:
        dlg.setRange(0, total)
        dlg.setValue(max(0, min(done, total)))
    else:
        dlg.setRange(0, 0)  # unknown length: a busy bar
    if text:
        dlg.setLabelText(text)


class _ProgressDialog(QProgressDialog):
    """A window-modal progress dialog whose Cancel asks the work to stop instead of hiding.

    QProgressDialog hides itself on Cancel; here the dialog stays, says it is stopping, and
    closes only when the work has really stopped, so nobody starts a second import over a
    first one that is still writing.
    """

    def __init__(self, title: str, parent: QWidget | None, on_cancel: Callable[[], None]) -> None:
        super().__init__(parent)
        self._on_cancel = on_cancel
        self._stopping = False
        self.setWindowTitle(title)
        self.setLabelText(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        self.setRange(0, 0)
        self._cancel_button = QPushButton(self.tr("Hủy"), self)
        self.setCancelButton(self._cancel_button)
        # Take Cancel over: the built-in slot would hide the dialog while the work still runs.
        self.canceled.disconnect(self.cancel)
        self.canceled.connect(self._request_cancel)
        # QProgressDialog would pop itself up on its own schedule; we decide when to show.
        self.setMinimumDuration(2**31 - 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.show)

    def start(self, delay_ms: int) -> None:
        self._timer.start(max(0, delay_ms))

    def finish(self) -> None:
        self._timer.stop()
        self.hide()
        self.deleteLater()

    @property
    def stopping(self) -> bool:
        return self._stopping

    def _request_cancel(self) -> None:
        if self._stopping:
            return
        self._stopping = True
        self.setLabelText(self.tr("Đang dừng… Vui lòng chờ công việc kết thúc an toàn."))
        self.setRange(0, 0)
        self._cancel_button.setText(self.tr("Đang dừng…"))
        self._cancel_button.setEnabled(False)
        self._on_cancel()

    def reject(self) -> None:  # Esc
        self._request_cancel()

    def closeEvent(self, event: QCloseEvent) -> None:  # the title bar's close button
        event.ignore()
        self._request_cancel()


class TaskRunner(QObject):
    """Owns a thread pool and the tasks in flight. One per application (``AppState.tasks``)."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        max_threads: int | None = None,
        error_reporter: Callable[[BaseException, QWidget | None], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads or max(2, min(4, QThreadPool().maxThreadCount())))
        self._tasks: set[Task[Any]] = set()
        self._error_reporter = error_reporter

    def set_error_reporter(self, reporter: Callable[[BaseException, QWidget | None], None]) -> None:
        """Who tells the user about a failure when the caller gave no ``failure`` callback."""
        self._error_reporter = reporter

    def run(
        self,
        work: Work[T],
        *,
        success: Callable[[T], None] | None = None,
        failure: Callable[[BaseException], None] | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], None] | None = None,
        finished: Callable[[], None] | None = None,
        title: str | None = None,
        parent: QWidget | None = None,
        dialog_delay_ms: int = 400,
    ) -> Task[T]:
        """Start ``work(progress, cancelled)`` on a worker thread.

        With ``title`` a window-modal progress dialog with Cancel appears over ``parent`` if the
        work lasts more than ``dialog_delay_ms``. Without it the work runs silently (for the
        quick queries behind a table or a search box).
        """
        task: Task[T]
        dlg: _ProgressDialog | None = None
        if title is not None:
            dlg = _ProgressDialog(title, parent, lambda: task.cancel())
        task = Task(
            self,
            work,
            success=success,
            failure=failure,
            progress=progress,
            cancelled=cancelled,
            finished=finished,
            dialog=dlg,
            error_parent=parent,
        )
        self._tasks.add(task)
        if dlg is not None:
            dlg.start(dialog_delay_ms)
        self._pool.start(task._runnable)
        return task

    def call(
        self,
        fn: Callable[..., T],
        *args: Any,
        success: Callable[[T], None] | None = None,
        failure: Callable[[BaseException], None] | None = None,
        finished: Callable[[], None] | None = None,
        title: str | None = None,
        parent: QWidget | None = None,
        **kwargs: Any,
    ) -> Task[T]:
        """Run ``fn(*args, **kwargs)`` (which takes no progress/cancel) on a worker thread."""
        return self.run(
            lambda _progress, _cancelled: fn(*args, **kwargs),
            success=success,
            failure=failure,
            finished=finished,
            title=title,
            parent=parent,
        )

    @property
    def active_count(self) -> int:
        """Tasks whose outcome has not been delivered yet."""
        return len(self._tasks)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """At exit: ask every task to stop and wait for the threads. True if all stopped.
        From then on failures are only logged: no dialog pops up after the window is gone."""
        self._error_reporter = None
        self.cancel_all()
        return bool(self._pool.waitForDone(timeout_ms))

    def report_error(self, exc: BaseException, parent: QWidget | None) -> None:
        if self._error_reporter is not None:
            self._error_reporter(exc, parent)
        else:
            log.error("background task failed", exc_info=exc)

    def _forget(self, task: Task[Any]) -> None:
        self._tasks.discard(task)
        task.deleteLater()
