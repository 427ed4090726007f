"""Damaged and hostile packages: every one refused with a clear message, before any use.

Each test reads the way an import does (open, verify, read every record and attachment) and
expects a :class:`PackageError` — never another exception, never a partial result.
"""

from __future__ import annotations

import io
import os
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from kcdesk.io.sync import DeviceKeys, Limits, NewerFormatError, PackageError, PackageReader
from kcdesk.io.sync.canonical import canonical_bytes
from kcdesk.io.sync.safezip import trailer_text

from .sync_packages import (
    craft_zip,
    forge,
    manifest_of,
    members_of,
    read_all,
    resign_file,
    write_package,
)


@pytest.fixture(scope="module")
def keys() -> tuple[DeviceKeys, DeviceKeys]:
    return DeviceKeys.generate(), DeviceKeys.generate()


def refused(
    path: Path, keys: DeviceKeys | None = None, limits: Limits | None = None
) -> PackageError:
    with pytest.raises(PackageError) as info:
        if limits is None:
            read_all(path, keys)
        else:
            with PackageReader(path, limits) as reader:
                reader.verify(keys)
                list(reader.records(keys))
                list(reader.blobs(keys))
    error = info.value
    assert str(error).startswith(("Không dùng được gói đồng bộ", "Gói này được tạo bằng"))
    assert error.message_en and error.message_en != error.message_vi
    return error


# --- damage -------------------------------------------------------------------------------


@pytest.mark.parametrize("encrypted", [False, True])
def test_a_flipped_byte_anywhere_is_refused(
    tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys], encrypted: bool
) -> None:
    sender, receiver = keys
    good = tmp_path / "good.kcsync"
    write_package(good, sender, receiver if encrypted else None, blobs=[b"anh chup"])
    original = good.read_bytes()
    bad = tmp_path / "bad.kcsync"
    codes = set()
    for position in range(len(original)):
        data = bytearray(original)
        data[position] ^= 0xFF
        bad.write_bytes(bytes(data))
        codes.add(refused(bad, receiver).code)
    assert codes <= {
        "not_package", "truncated", "damaged", "tampered", "bad_manifest", "bad_signature",
        "unsafe_name", "unknown_member", "too_many_entries", "too_big", "duplicate_name", "ratio",
    }  # fmt: skip


def test_every_truncation_is_refused(tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]) -> None:
    sender, receiver = keys
    good = tmp_path / "good.kcsync"
    write_package(good, sender, receiver)
    original = good.read_bytes()
    cut = tmp_path / "cut.kcsync"
    for length in range(1, len(original)):
        cut.write_bytes(original[:length])
        refused(cut, receiver)
    cut.write_bytes(original[: len(original) // 2])
    error = refused(cut, receiver)
    assert error.code == "truncated" and "cắt cụt" in str(error)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "rỗng.kcsync"
    path.write_bytes(b"")
    error = refused(path)
    assert error.code == "empty" and "tệp trống" in str(error)


@pytest.mark.parametrize(
    "content",
    [b"Xin ch\xc3\xa0o", b"\x89PNG\r\n\x1a\n" + bytes(100), b"%PDF-1.7\n" + bytes(2000)],
)
def test_not_a_zip(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.kcsync"
    path.write_bytes(content)
    error = refused(path)
    assert error.code == "not_package" and "không phải gói đồng bộ" in str(error)


def test_an_ordinary_zip_is_not_a_package(tmp_path: Path) -> None:
    path = tmp_path / "tai-lieu.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("bao-cao.txt", "báo cáo")
    assert refused(path).code == "not_package"


def test_a_swapped_payload_is_refused(tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]) -> None:
    sender, receiver = keys
    a, b = tmp_path / "a.kcsync", tmp_path / "b.kcsync"
    write_package(a, sender, receiver)
    write_package(b, sender, receiver, records=[{"kind": "survey", "n": 1}] * 3)
    parts_a, parts_b = members_of(a), members_of(b)
    swapped = {**parts_a, "records.jsonl.enc": parts_b["records.jsonl.enc"]}
    mixed = tmp_path / "mixed.kcsync"
    craft_zip(mixed, [(n, swapped[n]) for n in parts_a])
    assert refused(mixed, receiver).code == "tampered"
    # Even re-signing the whole file by the sender cannot pass off b's payload as a's.
    resign_file(mixed, sender)
    assert refused(mixed, receiver).code == "tampered"


def test_a_manifest_signed_by_another_key_is_refused(
    tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]
) -> None:
    sender, receiver = keys
    path = tmp_path / "p.kcsync"
    write_package(path, sender)
    parts = members_of(path)
    parts["manifest.sig"] = receiver.sign(b"kcsync-manifest-v1\x00" + parts["manifest.json"])
    craft_zip(path, list(parts.items()))
    resign_file(path, receiver)
    assert refused(path).code == "bad_signature"


def test_the_wrong_receiver_key_cannot_open_it(
    tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]
) -> None:
    sender, receiver = keys
    path = tmp_path / "p.kcsync"
    write_package(path, sender, receiver)
    stranger = DeviceKeys.generate()
    error = refused(path, stranger)
    assert error.code == "wrong_receiver" and "máy khác" in str(error)
    assert receiver.fingerprint in str(error)


def test_a_manifest_naming_another_receiver_key_cannot_decrypt(
    tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]
) -> None:
    """A sender that claims a receiver key it did not encrypt to: decryption fails cleanly."""
    sender, receiver = keys
    stranger = DeviceKeys.generate()
    path = tmp_path / "p.kcsync"
    write_package(path, sender, stranger)
    manifest = manifest_of(path)
    manifest["receiver"].update(receiver.public.to_json())
    parts = members_of(path)
    forge(path, sender, manifest, {"records.jsonl.enc": parts["records.jsonl.enc"]})
    assert refused(path, receiver).code == "decrypt_failed"


# --- hostile zip structure ----------------------------------------------------------------

UNSAFE_NAMES = [
    "../records.jsonl",
    "a/../../records.jsonl",
    "..\\..\\Windows\\records.jsonl",
    "/etc/records.jsonl",
    "\\records.jsonl",
    "C:records.jsonl",
    "C:\\Users\\records.jsonl",
    "\\\\máy-chủ\\chia-sẻ\\records.jsonl",
    "//server/share/records.jsonl",
    "records\x00jsonl.txt",
    "thư mục\\records.jsonl",
]


@pytest.mark.parametrize("name", UNSAFE_NAMES)
def test_unsafe_member_names_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / "p.kcsync"
    craft_zip(path, [("records.jsonl", b"{}\n"), (name.replace("\x00", "~"), b"x")])
    # zipfile cuts names at NUL when writing: put the NUL in the bytes afterwards.
    path.write_bytes(path.read_bytes().replace(b"records~jsonl", b"records\x00jsonl"))
    error = refused(path)
    assert error.code == "unsafe_name" and "không an toàn" in str(error)


def test_names_equal_after_unicode_normalisation_are_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "p.kcsync"
    craft_zip(path, [("ảnh Hoà.jpg", b"1"), ("a\u0309nh Hoa\u0300.jpg", b"2")])
    assert refused(path).code == "duplicate_name"


def test_exact_duplicate_names_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.kcsync"
    with pytest.warns(UserWarning):
        craft_zip(path, [("records.jsonl", b"{}\n"), ("records.jsonl", b"{}\n")])
    assert refused(path).code == "duplicate_name"


def test_case_insensitive_duplicates_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.kcsync"
    craft_zip(path, [("records.jsonl", b"{}\n"), ("Records.JSONL", b"{}\n")])
    assert refused(path).code == "duplicate_name"


def test_an_unexpected_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.kcsync"
    craft_zip(path, [("records.jsonl", b"{}\n"), ("autorun.inf", b"x")])
    error = refused(path)
    assert error.code == "unknown_member" and "autorun.inf" in str(error)


def test_too_many_entries_are_refused_without_reading_them(tmp_path: Path) -> None:
    path = tmp_path / "p.kcsync"
    craft_zip(path, [(f"f{i}", b"") for i in range(500)])
    assert refused(path).code == "too_many_entries"


def test_a_declared_entry_count_in_the_millions_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "p.kcsync"
    craft_zip(path, [("records.jsonl", b"{}\n")])
    data = bytearray(path.read_bytes())
    eocd = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, eocd + 8, 0xFFFE, 0xFFFE)
    struct.pack_into("<I", data, eocd + 12, 50_000_000)
    path.write_bytes(bytes(data))
    start = time.monotonic()
    assert refused(path).code == "too_many_entries"
    assert time.monotonic() - start < 1


def test_a_huge_declared_size_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "p.kcsync"
    craft_zip(path, [("records.jsonl", b"{}\n")], deflate=True)
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 0xFFFFFFF0)  # uncompressed size
    path.write_bytes(bytes(data))
    error = refused(path, limits=Limits(max_records_bytes=100 * 1024 * 1024))
    assert error.code == "too_big" and "bom zip" in str(error)


def test_a_real_zip_bomb_is_refused_by_ratio_in_bounded_time_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.kcsync"
    craft_zip(path, [("records.jsonl", bytes(100 * 1024 * 1024))], deflate=True)
    assert path.stat().st_size < 1024 * 1024
    tracemalloc.start()
    start = time.monotonic()
    try:
        error = refused(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "ratio"
    assert time.monotonic() - start < 2
    assert peak < 16 * 1024 * 1024


def test_a_member_inflating_beyond_its_declared_size_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.kcsync"
    craft_zip(path, [("records.jsonl", bytes(2 * 1024 * 1024))], deflate=True)
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 1000)  # declares 1,000 bytes, inflates to 2 MB
    path.write_bytes(bytes(data))
    refused(path)


def test_overlapping_entries_are_refused(tmp_path: Path) -> None:
    """The "non-recursive" zip bomb: several directory entries sharing one compressed body."""
    path = tmp_path / "p.kcsync"
    craft_zip(path, [("records.jsonl", b"{}\n"), ("blobs.bin", b"x")])
    data = bytearray(path.read_bytes())
    second = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, second + 42, 0)  # second entry points at the first body
    path.write_bytes(bytes(data))
    assert refused(path).code == "damaged"


def test_hidden_bytes_before_the_directory_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.kcsync"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("records.jsonl", b"{}\n")
        zf.fp.write(b"hidden payload")  # type: ignore[union-attr]
        zf.start_dir += len(b"hidden payload")
        zf.comment = trailer_text() + bytes(64)
    path.write_bytes(buffer.getvalue())
    assert refused(path).code == "damaged"


def test_zip_level_encryption_and_other_methods_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.kcsync"
    craft_zip(path, [("records.jsonl", b"{}\n")])
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 10, 12)  # bzip2
    path.write_bytes(bytes(data))
    assert refused(path).code == "damaged"


# --- format version -----------------------------------------------------------------------


def test_a_newer_container_says_update_the_app(tmp_path: Path) -> None:
    path = tmp_path / "p.kcsync"
    craft_zip(path, [("records.jsonl", b"{}\n")], comment=b"KCSYNC/002\n" + bytes(64))
    with pytest.raises(NewerFormatError) as info:
        read_all(path)
    assert "cập nhật ứng dụng" in str(info.value) and "Update the app" in info.value.message_en


def test_a_newer_manifest_says_update_the_app(
    tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]
) -> None:
    sender, _ = keys
    path = tmp_path / "p.kcsync"
    write_package(path, sender)
    manifest = manifest_of(path)
    manifest["format_version"] = 7
    manifest["something_new"] = {"x": 1}
    forge(path, sender, manifest, {"records.jsonl": members_of(path)["records.jsonl"]})
    with pytest.raises(NewerFormatError) as info:
        read_all(path)
    assert info.value.code == "newer_format" and "định dạng 7" in str(info.value)


# --- a signed but malformed package (buggy or malicious enrolled sender) -------------------


def test_malformed_content_from_a_valid_signer_is_refused(
    tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]
) -> None:
    sender, _ = keys
    path = tmp_path / "p.kcsync"
    write_package(path, sender)
    manifest = manifest_of(path)
    records = members_of(path)["records.jsonl"]

    def try_forge(manifest_value: object, body: bytes, code: str) -> None:
        member = dict(manifest["members"][0])
        member.update(size=len(body), content_size=len(body))
        import hashlib

        member["sha256"] = hashlib.sha256(body).hexdigest()
        m = dict(manifest_value)  # type: ignore[call-overload]
        m["members"] = [member]
        forge(path, sender, m, {"records.jsonl": body})
        assert refused(path).code == code

    try_forge(manifest, records + b'{"kind":"survey"}\n', "tampered")  # count mismatch
    try_forge(manifest, records[:-1], "tampered")  # last line not ended
    try_forge(manifest, b"not json\n" + records, "bad_record")
    try_forge(manifest, b'["no kind"]\n' + records, "bad_record")
    try_forge(manifest, b'{"kind":"survey","x":NaN}\n' + records, "bad_record")
    try_forge({**manifest, "kind": "Bad Kind"}, records, "bad_manifest")
    try_forge({**manifest, "package_id": "../../x"}, records, "bad_manifest")
    try_forge({**manifest, "counts": {"survey": True}}, records, "bad_manifest")
    try_forge({**manifest, "surprise": 1}, records, "bad_manifest")
    # Not canonical: the same manifest with a space.
    raw = canonical_bytes(manifest).replace(b'"format":', b'"format": ', 1)
    forge(path, sender, raw, {"records.jsonl": records})
    assert refused(path).code == "bad_manifest"


def test_a_line_longer_than_the_limit_is_refused(
    tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]
) -> None:
    sender, receiver = keys
    path = tmp_path / "p.kcsync"
    write_package(path, sender, receiver, records=[{"kind": "survey", "x": "a" * 300_000}])
    error = refused(path, receiver, Limits(max_line_bytes=100_000))
    assert error.code == "bad_record"


def test_an_encrypted_bomb_from_a_valid_signer_is_refused(
    tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The inner zlib stream of an encrypted member is bounded by its declared size too."""
    from kcdesk.io.sync import PackageWriter, Party
    from kcdesk.io.sync.stream import ChunkEncryptor

    sender, receiver = keys
    close = ChunkEncryptor.close

    def lying_close(self: ChunkEncryptor) -> None:
        close(self)
        self.content_size = 100  # declares 100 bytes of records

    monkeypatch.setattr(ChunkEncryptor, "close", lying_close)
    path = tmp_path / "bomb.kcsync"
    with PackageWriter(
        path, keys=sender, sender=Party("a"), kind="changes",
        receiver=Party("p", keys=receiver.public),
    ) as w:  # fmt: skip
        w._records.write(bytes(64 * 1024 * 1024))  # type: ignore[union-attr]
        w.finish()
    monkeypatch.undo()
    assert path.stat().st_size < 1024 * 1024
    tracemalloc.start()
    start = time.monotonic()
    try:
        error = refused(path, receiver)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "too_big"
    assert time.monotonic() - start < 2 and peak < 16 * 1024 * 1024


# --- time ---------------------------------------------------------------------------------


def test_reading_is_bounded_in_time(tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys]) -> None:
    sender, receiver = keys
    path = tmp_path / "p.kcsync"
    write_package(path, sender, receiver, blobs=[os.urandom(4 * 1024 * 1024)])
    error = refused(path, receiver, Limits(max_seconds=0.0))
    assert error.code == "timeout" and "giây" in str(error)


def test_an_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "p.kcsync"
    path.write_bytes(b"PK\x03\x04" + bytes(5000))
    assert refused(path, limits=Limits(max_package_bytes=1000)).code == "too_big"


@pytest.mark.parametrize("parse", [True, False])
def test_record_framing_is_checked_with_or_without_decoding(
    tmp_path: Path, keys: tuple[DeviceKeys, DeviceKeys], parse: bool
) -> None:
    import hashlib

    sender, _ = keys
    path = tmp_path / "p.kcsync"
    write_package(path, sender)
    manifest = manifest_of(path)
    records = members_of(path)["records.jsonl"]
    for body in (records[:-1], records + b"\n", b"\n" + records):
        member = dict(manifest["members"][0])
        member.update(size=len(body), content_size=len(body),
                      sha256=hashlib.sha256(body).hexdigest())  # fmt: skip
        forge(path, sender, {**manifest, "members": [member]}, {"records.jsonl": body})
        with PackageReader(path) as reader, pytest.raises(PackageError):
            reader.verify(None, parse=parse)
