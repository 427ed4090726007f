"""Translation files: complete, compiled, and in step with the code (see tools/i18n.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "i18n.py"
FIX = "run `python tools/i18n.py` and translate (tools/i18n.py todo/fill, or Qt Linguist)"


@pytest.fixture(scope="module")
def i18n():
    spec = importlib.util.spec_from_file_location("kcdesk_i18n_tool", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_translation_is_finished(i18n):
    files = i18n.all_ts()
    assert any(p.name == "kcdesk_main_en.ts" for p in files)
    todo = {p.name: i18n.unfinished(p) for p in files}
    assert {name: rows for name, rows in todo.items() if rows} == {}, FIX


def test_compiled_files_are_up_to_date(i18n):
    assert i18n.stale_qm() == [], "run `python tools/i18n.py build` and commit the .qm files"


def test_every_text_in_the_code_is_in_a_translation_file(i18n):
    missing = i18n.missing_texts()
    assert missing == {}, FIX


def test_every_area_with_texts_has_its_translation_file(i18n):
    lacking = [
        area
        for area in i18n.areas()
        if i18n._has_strings(i18n.sources(area)) and not i18n.ts_path(area).exists()
    ]
    assert lacking == [], FIX


def test_vietnamese_words_for_qt_own_texts(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

    from kcdesk.gui.i18n import install_language

    install_language("vi")
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Yes
        | QDialogButtonBox.StandardButton.No
        | QDialogButtonBox.StandardButton.Close
    )
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Có", "Không", "Đóng"]
    line = QLineEdit("abc")
    menu = line.createStandardContextMenu()
    texts = [a.text().replace("&", "").split("\t")[0] for a in menu.actions() if a.text()]
    assert "Sao chép" in texts and "Dán" in texts and "Chọn tất cả" in texts
