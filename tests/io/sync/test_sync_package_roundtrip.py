"""A package written by one laptop reads back identically on the other, plain or encrypted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kcdesk.io.sync import DeviceKeys, PackageError, PackageReader

from .sync_packages import RECEIVER_ID, SENDER, members_of, read_all, sample_records, write_package


@pytest.fixture(scope="module")
def keys() -> tuple[DeviceKeys, DeviceKeys]:
    return DeviceKeys.generate(), DeviceKeys.generate()


def test_plain_round_trip(tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]) -> None:
    sender, _ = keys
    photo = os.urandom(5000)
    path = tmp_path / "gói Tiên Lãng.kcsync"
    manifest = write_package(path, sender, blobs=[photo, photo])
    records, blobs = read_all(path)
    assert records == sample_records()
    assert blobs == [photo]  # the same attachment goes in once
    with PackageReader(path) as reader:
        m = reader.manifest
        assert m == manifest
        assert m.sender.person == "Nguyễn Thị Hoà" and m.sender.device_id == SENDER.device_id
        assert m.counts == {"facility": 1, "survey": 2}
        assert m.counters == {SENDER.device_id: (1, 3)}
        assert reader.sender_keys == sender.public
        assert not m.encrypted


def test_encrypted_round_trip_hides_personal_data(
    tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]
) -> None:
    sender, receiver = keys
    photo = os.urandom(200_000)
    path = tmp_path / "p.kcsync"
    records = sample_records(50)
    write_package(path, sender, receiver, records=records, blobs=[photo])
    got, blobs = read_all(path, receiver)
    assert got == records and blobs == [photo]
    raw = path.read_bytes()
    assert "Lật Dương".encode() not in raw and b"revenue" not in raw
    assert set(members_of(path)) == {
        "records.jsonl.enc", "blobs.bin.enc", "manifest.json", "manifest.sig"
    }  # fmt: skip
    with PackageReader(path) as reader:
        assert reader.manifest.encrypted
        assert reader.manifest.receiver is not None
        assert reader.manifest.receiver.device_id == RECEIVER_ID
        # Without the receiver's keys the counts and signature can still be inspected.
        reader.verify(None)
        assert reader.manifest.counts == {"facility": 17, "survey": 33}


def test_records_stream_in_order_across_chunks(
    tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]
) -> None:
    sender, receiver = keys
    records = [{"kind": "survey", "n": i, "note": "ư" * (i % 700)} for i in range(3000)]
    path = tmp_path / "big.kcsync"
    write_package(path, sender, receiver, records=records)
    got, _ = read_all(path, receiver)
    assert got == records


def test_empty_package_is_valid(tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]) -> None:
    sender, receiver = keys
    path = tmp_path / "empty.kcsync"
    write_package(path, sender, receiver, records=[])
    assert read_all(path, receiver) == ([], [])


def test_failed_export_leaves_no_file(tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]) -> None:
    sender, _ = keys
    path = tmp_path / "x.kcsync"
    with pytest.raises(ValueError):
        write_package(path, sender, records=[{"kind": "survey", "gps": float("nan")}])
    assert list(tmp_path.iterdir()) == []


def test_packages_are_signed_with_the_sender_key(
    tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]
) -> None:
    sender, receiver = keys
    path = tmp_path / "p.kcsync"
    write_package(path, sender)
    with PackageReader(path) as reader:
        assert reader.sender_keys.fingerprint == sender.fingerprint
        assert reader.sender_keys.fingerprint != receiver.fingerprint


def test_reading_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(PackageError) as info:
        PackageReader(tmp_path / "không có.kcsync")
    assert info.value.code == "missing"
