"""A provincial centre on PostgreSQL used from two staff computers ("machines": two per-user data
folders, so two key-encryption keys) and a collaborator's laptop (SQLite).

The second computer never makes a second identity: until the keys are brought over in a
key-transfer file, every sync operation there is refused in words, and nothing is written.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kcdesk.io.sync import keyfile
from kcdesk.services.context import Database, open_database
from kcdesk.services.installation import init_installation
from kcdesk.services.sync import (
    KeyFileError,
    KeysElsewhereError,
    create_setup_file,
    enrol,
    export_keys,
    export_package,
    identity,
    import_keys,
    import_package,
    import_packages,
    inspect_key_file,
)
from kcdesk.storage.models.sync import SyncKey
from tests.services.sync_world import TAN_MINH, at_home, facility, new_database

pytestmark = pytest.mark.postgres

PASS = "Cà phê sữa đá Hải Phòng 2025"
FAST = keyfile.MIN_SCRYPT_N  # the weakest cost the format accepts: quick tests


@dataclass
class Centre:
    """One PostgreSQL database opened from two computers."""

    url: str
    home_a: Path
    home_b: Path
    a: Database
    b: Database
    tmp: Path

    def keys_in_database(self) -> int:
        with self.a.unit_of_work(skip_stamp=True) as uow:
            return int(uow.session.execute(select(func.count(SyncKey.id))).scalar_one())


@pytest.fixture
def centre(postgres_url: str, tmp_path: Path, kcdesk_home: Path) -> Iterator[Centre]:
    from tests.support.postgres import reset_schema

    reset_schema(postgres_url)
    home_a, home_b = tmp_path / "may-a", tmp_path / "may-b"
    with at_home(home_a):
        a = open_database(postgres_url)
        init_installation(a, role="province", person_name="Lê Thị Thu",
                          centre_name="Trung tâm Khuyến công Hải Phòng", province=31)  # fmt: skip
        identity(a)  # the first computer makes the centre's keys
    with at_home(home_b):
        b = open_database(postgres_url)
    yield Centre(postgres_url, home_a, home_b, a, b, tmp_path)
    a.close()
    b.close()


def _transfer(centre: Centre) -> Path:
    out = centre.tmp / "khoa-trung-tam.kckeys"
    with at_home(centre.home_a):
        export_keys(centre.a, out, PASS, scrypt_n=FAST)
    with at_home(centre.home_b):
        import_keys(centre.b, out, PASS)
    return out


@dataclass
class Laptop:
    home: Path
    db: Database


def _collaborator(centre: Centre, template_db: Path) -> Laptop:
    """A laptop enrolled with a set-up file made on computer A; its first package is imported
    there (the collaborator is then a known device of the centre)."""
    setup = centre.tmp / "thiet-lap-an.kcsync"
    with at_home(centre.home_a):
        create_setup_file(centre.a, setup, person_name="Nguyễn Văn An", communes=[TAN_MINH])
    home = centre.tmp / "laptop-an"
    with at_home(home):
        _path, db = new_database(template_db, home, "an")
        enrol(db, setup)
        facility(db, "HTX chiếu cói Lật Dương")
        first = centre.tmp / "an-1.kcsync"
        export_package(db, first)
    with at_home(centre.home_a):
        assert import_package(centre.a, first).status == "imported"
    return Laptop(home, db)


def test_a_second_computer_without_the_keys_is_refused_and_makes_none(
    centre: Centre, template_db: Path
) -> None:
    with at_home(centre.home_a):
        fingerprint = identity(centre.a).fingerprint
    laptop = _collaborator(centre, template_db)
    with at_home(laptop.home):
        facility(laptop.db, "Cơ sở mây tre đan Tân Minh")
        package = centre.tmp / "an-2.kcsync"
        export_package(laptop.db, package)
    before = centre.keys_in_database()
    with at_home(centre.home_b):
        attempts: dict[str, Any] = {
            "identity": lambda: identity(centre.b),
            "export": lambda: export_package(
                centre.b, centre.tmp / "tra-loi.kcsync", to="Nguyễn Văn An"
            ),
            "setup file": lambda: create_setup_file(
                centre.b, centre.tmp / "thiet-lap-binh.kcsync", person_name="Trần Văn Bình"
            ),
            "import": lambda: import_package(centre.b, package),
            "export keys": lambda: export_keys(centre.b, centre.tmp / "k.kckeys", PASS),
        }
        for name, attempt in attempts.items():
            with pytest.raises(KeysElsewhereError) as caught:
                attempt()
            error = caught.value
            assert error.code == "keys_elsewhere", name
            assert fingerprint in error.message_vi and fingerprint in error.message_en, name
            assert "chưa có khoá đồng bộ của Trung tâm" in error.message_vi, name
            assert "Nhận khoá từ máy khác" in error.message_vi, name
            assert "kcdesk sync keys import" in error.message_en, name
        [outcome] = import_packages(centre.b, [package])
        assert not outcome.ok and outcome.code == "keys_elsewhere"
    assert centre.keys_in_database() == before == 1
    assert not (centre.tmp / "tra-loi.kcsync").exists()
    assert not (centre.tmp / "thiet-lap-binh.kcsync").exists()
    assert not (centre.tmp / "k.kckeys").exists()
    with at_home(centre.home_a):  # the first computer is not disturbed
        assert identity(centre.a).fingerprint == fingerprint
        assert import_package(centre.a, package).status == "imported"


def test_after_the_transfer_the_second_computer_is_the_same_centre(
    centre: Centre, template_db: Path
) -> None:
    from kcdesk.services.facilities import list_facilities

    laptop = _collaborator(centre, template_db)
    with at_home(centre.home_a):
        fingerprint = identity(centre.a).fingerprint
    out = centre.tmp / "khoa-trung-tam.kckeys"
    with at_home(centre.home_a):
        made = export_keys(centre.a, out, PASS, scrypt_n=FAST)
    assert made.status == "exported" and made.fingerprint == fingerprint
    assert made.owner == "Trung tâm Khuyến công Hải Phòng"
    with at_home(centre.home_b):
        checked = inspect_key_file(centre.b, out)
        assert checked.fingerprint == fingerprint and centre.keys_in_database() == 1
        taken = import_keys(centre.b, out, PASS)
        assert taken.status == "imported" and taken.fingerprint == fingerprint
        assert identity(centre.b).fingerprint == fingerprint
        # The same file again: these keys are already in use here, nothing more is written.
        assert import_keys(centre.b, out, PASS).status == "already_here"
    assert centre.keys_in_database() == 2  # one sealed for each computer
    with at_home(centre.home_a):
        assert identity(centre.a).fingerprint == fingerprint

    # The collaborator's next package, encrypted to the centre, is read on computer B …
    with at_home(laptop.home):
        facility(laptop.db, "Cơ sở mây tre đan Tân Minh")
        package = centre.tmp / "an-2.kcsync"
        export_package(laptop.db, package)
    with at_home(centre.home_b):
        result = import_package(centre.b, package)
        assert result.status == "imported" and result.sender_admitted == "known"
        reply = centre.tmp / "tra-loi-an.kcsync"
        sent = export_package(centre.b, reply, to="Nguyễn Văn An")
    assert "Cơ sở mây tre đan Tân Minh" in [f.name for f in list_facilities(centre.a)]
    assert sent.receipts >= 1
    # … and the receipt computer B signed is accepted by the laptop.
    with at_home(laptop.home):
        answer = import_package(laptop.db, reply)
        assert answer.status == "imported" and answer.sender_fingerprint == fingerprint
        assert answer.receipts >= 1 and answer.acknowledged >= 1
        from kcdesk.services.sync import sync_status

        assert sync_status(laptop.db).unacknowledged == 0
    laptop.db.close()


def test_a_set_up_file_made_on_one_computer_enrols_on_the_other(
    centre: Centre, template_db: Path
) -> None:
    """Staff make the set-up file on computer A; the collaborator's first package arrives at
    computer B: B recognises the set-up file's proof and enrols the laptop with its area."""
    _transfer(centre)
    setup = centre.tmp / "thiet-lap-an.kcsync"
    with at_home(centre.home_a):
        create_setup_file(centre.a, setup, person_name="Nguyễn Văn An", communes=[TAN_MINH])
    home = centre.tmp / "laptop-an"
    with at_home(home):
        _path, db = new_database(template_db, home, "an")
        enrol(db, setup)
        facility(db, "HTX chiếu cói Lật Dương")
        first = centre.tmp / "an-1.kcsync"
        export_package(db, first)
        db.close()
    with at_home(centre.home_b):
        result = import_package(centre.b, first)
    assert result.status == "imported" and result.sender_admitted == "enrolled"
    from kcdesk.storage.models.sync import SyncPeer

    with centre.b.unit_of_work(skip_stamp=True) as uow:
        peer = uow.session.execute(
            select(SyncPeer).where(SyncPeer.person_name == "Nguyễn Văn An")
        ).scalar_one()
        assert peer.commune_codes == [TAN_MINH] and peer.enrolment_uuid


@pytest.fixture
def good_file(centre: Centre) -> Path:
    out = centre.tmp / "khoa-trung-tam.kckeys"
    with at_home(centre.home_a):
        export_keys(centre.a, out, PASS, scrypt_n=FAST)
    return out


def _flip(data: bytes) -> bytes:
    damaged = bytearray(data)
    damaged[len(data) // 2] ^= 0x04
    return bytes(damaged)


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("wrong passphrase", "wrong_passphrase"),
        ("flipped byte", "damaged"),
        ("truncated", "truncated"),
        ("empty", "empty"),
        ("newer version", "newer_format"),
        ("another installation", "other_installation"),
    ],
)
def test_a_bad_key_file_is_refused_and_nothing_is_written(
    centre: Centre, good_file: Path, template_db: Path, case: str, code: str
) -> None:
    data = good_file.read_bytes()
    passphrase = PASS
    path = centre.tmp / "nhan.kckeys"
    if case == "wrong passphrase":
        passphrase = PASS.replace("Hải Phòng", "Hà Nội")
        path.write_bytes(data)
    elif case == "flipped byte":
        path.write_bytes(_flip(data))
    elif case == "truncated":
        path.write_bytes(data[: len(data) * 2 // 3])
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "newer version":
        path.write_bytes(data.replace(b"KCDESK-KEYS/001", b"KCDESK-KEYS/002", 1))
    else:  # the keys of another centre, with the right passphrase
        home = centre.tmp / "trung-tam-khac"
        with at_home(home):
            _p, other = new_database(template_db, home, "khac")
            init_installation(other, role="province", person_name="Phạm Văn Cường",
                              centre_name="Trung tâm Khuyến công Thái Bình", province=31)  # fmt: skip
            export_keys(other, path, PASS, scrypt_n=FAST)
            other.close()
    before = centre.keys_in_database()
    with at_home(centre.home_b):
        with pytest.raises(KeyFileError) as caught:
            import_keys(centre.b, path, passphrase)
        assert caught.value.code == code
        assert caught.value.message_vi.startswith("Không dùng được tệp khoá")
        assert caught.value.message_en.startswith("Key file refused")
        if case == "another installation":
            assert "Trung tâm Khuyến công Thái Bình" in caught.value.message_vi
            assert "another centre or installation" in caught.value.message_en
        with pytest.raises(KeysElsewhereError):
            identity(centre.b)
    assert centre.keys_in_database() == before == 1
    assert not list(centre.home_b.glob("keys/*.kek"))  # not even a key-encryption key made


def test_a_short_passphrase_writes_no_file(centre: Centre) -> None:
    out = centre.tmp / "khoa.kckeys"
    with at_home(centre.home_a), pytest.raises(KeyFileError) as caught:
        export_keys(centre.a, out, "ngắn quá")
    assert caught.value.code == "weak_passphrase" and not out.exists()


def test_two_computers_opening_a_new_server_at_once_make_one_key_pair(
    postgres_url: str, tmp_path: Path, kcdesk_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both reach "no keys yet" together; the second waits for the first and is then refused
    instead of making a second identity."""
    from kcdesk.services.sync import keystore
    from kcdesk.services.sync.peers import installation
    from tests.support.postgres import reset_schema

    reset_schema(postgres_url)
    db = open_database(postgres_url)
    init_installation(db, role="province", person_name="Lê Thị Thu", province=31)
    where = threading.local()
    monkeypatch.setattr(keystore, "data_dir", lambda: where.home)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def computer(name: str) -> None:
        where.home = tmp_path / name
        where.home.mkdir()
        try:
            with db.unit_of_work(skip_stamp=True) as uow:
                device_id = installation(uow.session).device_id
                start.wait(timeout=10)
                keys = keystore.ensure_keys(uow.session, device_id)
                time.sleep(0.5)  # still in the transaction: the other one is waiting or racing
            outcomes[name] = keys.fingerprint
        except KeysElsewhereError as exc:
            outcomes[name] = exc.code

    threads = [threading.Thread(target=computer, args=(n,)) for n in ("may-a", "may-b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()).count("keys_elsewhere") == 1, outcomes
    with db.unit_of_work(skip_stamp=True) as uow:
        assert uow.session.execute(select(func.count(SyncKey.id))).scalar_one() == 1
    db.close()
