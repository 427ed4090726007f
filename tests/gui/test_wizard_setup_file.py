"""A collaborator enrolled by the centre starts the first run from the set-up file."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QMessageBox

from kcdesk.config import sqlite_url
from kcdesk.gui.state import AppState
from kcdesk.gui.wizard import SetupWizard
from kcdesk.services.context import open_database
from kcdesk.services.installation import get_installation, init_installation
from kcdesk.services.sync import create_setup_file, identity


@pytest.fixture
def setup_file(template_db, kcdesk_home, tmp_path):
    path = tmp_path / "tinh.sqlite3"
    shutil.copyfile(template_db, path)
    centre = open_database(sqlite_url(path))
    init_installation(centre, role="province", person_name="Lê Thị Thu",
                      centre_name="Trung tâm Khuyến công Hải Phòng", province=31)  # fmt: skip
    out = tmp_path / "thiết lập An.kcsync"
    create_setup_file(centre, out, person_name="Nguyễn Văn An", phone="0912345678",
                      communes=[11755])  # fmt: skip
    centre.close()
    return out


@pytest.fixture
def state(qtbot, empty_db):
    s = AppState(empty_db)
    yield s
    s.tasks.shutdown(2000)


def test_first_run_from_the_centres_set_up_file(qtbot, state, setup_file):
    wizard = SetupWizard(state)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.language.from_file.isVisible()
    assert wizard.enrol_from_file(setup_file)
    info = get_installation(state.db)
    assert info is not None and info.person_name == "Nguyễn Văn An"
    assert info.commune_codes == [11755]
    assert wizard.saved is not None and wizard.result() == wizard.DialogCode.Accepted
    assert identity(state.db).device_id == info.device_id


def test_a_wrong_file_is_explained_and_nothing_is_set_up(qtbot, state, tmp_path, monkeypatch):
    bogus = tmp_path / "khong-phai.kcsync"
    bogus.write_bytes(b"not a package")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    wizard = SetupWizard(state)
    qtbot.addWidget(wizard)
    assert not wizard.enrol_from_file(bogus)
    assert shown and "Traceback" not in shown[0]
    assert get_installation(state.db) is None
