"""GUI tests run headless: the offscreen platform needs no display. Its screen is made the size
of the field laptops' (1366×768) instead of Qt's default 800×800, so that window sizes and
layouts are tested as people will see them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_SCREEN = Path(__file__).resolve().parent / "offscreen-screen.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN.as_posix()}"


@pytest.fixture
def type_text(qtbot):
    """Type text into a widget as a Vietnamese keyboard (IME) does: ASCII by key presses,
    everything else committed through an input-method event (QTest cannot press "ệ")."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    def type_(widget, text: str) -> None:
        widget.setFocus()
        for ch in text:
            if ch.isascii():
                qtbot.keyClicks(widget, ch)
            else:
                event = QInputMethodEvent()
                event.setCommitString(ch)
                QApplication.sendEvent(widget, event)

    return type_


@pytest.fixture
def app_state(qtbot, db, kcdesk_home):
    """An AppState over the test database (a collaborator in Tiên Lãng, Hải Phòng)."""
    from kcdesk.gui.state import AppState

    state = AppState(db)
    yield state
    state.tasks.shutdown(5000)


def wait_idle(qtbot, model, timeout: int = 10000) -> None:
    """Until the facility model has answered the latest query (and counted it)."""
    qtbot.waitUntil(lambda: not model.is_busy() and model.total is not None, timeout=timeout)


@pytest.fixture
def idle(qtbot):
    return lambda model, timeout=10000: wait_idle(qtbot, model, timeout)
