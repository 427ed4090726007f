"""First-run set-up: the wizard creates the identity, checks fields inline, and re-runs safely."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard

from kcdesk.domain.entities import Role
from kcdesk.gui.state import AppState
from kcdesk.gui.wizard import SetupWizard
from kcdesk.services.installation import get_installation


@pytest.fixture
def state(qtbot, empty_db, kcdesk_home):
    s = AppState(empty_db)
    yield s
    s.tasks.shutdown(2000)


def _wait_places(qtbot, wizard):
    qtbot.waitUntil(lambda: wizard.area._book is not None, timeout=10000)


def _type_choose(type_text, picker, text):
    picker.line.clear()
    type_text(picker.line, text)
    picker.line.editingFinished.emit()


def test_wizard_creates_a_collaborator_identity(qtbot, state, type_text):
    wizard = SetupWizard(state)
    qtbot.addWidget(wizard)
    wizard.show()
    _wait_places(qtbot, wizard)
    assert wizard.currentPage() is wizard.language
    wizard.next()
    person = wizard.person
    assert not person.isComplete()  # a name is required
    type_text(person.name, "Trần Thị Bích")
    qtbot.keyClicks(person.phone, "0912 34")
    person.phone.editingFinished.emit()
    assert not person.isComplete()
    assert "Số điện thoại" in person.phone_box.text()  # the reason, next to the field
    person.phone.setText("0912 345 678")
    assert person.isComplete()
    assert person.phone_box.text() == ""
    wizard.next()
    area = wizard.area
    assert not area.isComplete()
    _type_choose(type_text, area.province, "hai phong")  # no diacritics needed
    assert area.province_code() == 31
    assert not area.isComplete()  # a collaborator serves at least one commune
    area.communes.search.setText("tien lang")
    assert area.communes.list.count() >= 1
    item = area.communes.list.item(0)
    assert "Tiên Lãng" in item.text()
    from PySide6.QtCore import Qt

    item.setCheckState(Qt.CheckState.Checked)
    assert area.isComplete()
    wizard.next()
    assert "Trần Thị Bích" in wizard.summary.summary.text()
    wizard.accept()  # Finish → validatePage → save
    assert wizard.saved is not None
    info = get_installation(state.db)
    assert info is not None
    assert info.role is Role.COLLABORATOR
    assert info.person_name == "Trần Thị Bích"
    assert info.phone == "0912345678"
    assert info.province_code == 31
    assert len(info.commune_codes) == 1


def test_wizard_rerun_keeps_device_and_prefills(qtbot, db, kcdesk_home):
    state = AppState(db)
    before = get_installation(db)
    wizard = SetupWizard(state)
    qtbot.addWidget(wizard)
    _wait_places(qtbot, wizard)
    assert wizard.person.name.text() == before.person_name
    assert wizard.area.province_code() == before.province_code
    assert wizard.area.communes.chosen() == before.commune_codes or set(
        wizard.area.communes.chosen()
    ) == set(before.commune_codes)
    wizard.person.province.setChecked(True)  # become the provincial centre
    assert not wizard.person.isComplete()  # …which needs the centre's name
    wizard.person.centre.setText("Trung tâm Khuyến công Hải Phòng")
    assert wizard.person.isComplete()
    assert wizard.save()
    after = get_installation(db)
    assert after.device_id == before.device_id
    assert after.role is Role.PROVINCE
    assert after.centre_name == "Trung tâm Khuyến công Hải Phòng"
    state.tasks.shutdown(2000)


def test_wizard_language_switch_is_live(qtbot, state):
    wizard = SetupWizard(state)
    qtbot.addWidget(wizard)
    wizard.language.buttons["en"].setChecked(True)
    try:
        assert wizard.lang == "en"
        assert wizard.person.title() == "User"
        assert wizard.buttonText(QWizard.WizardButton.NextButton) == "&Next >"
    finally:
        wizard.language.buttons["vi"].setChecked(True)
    assert wizard.person.title() == "Người dùng"
