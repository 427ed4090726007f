"""The key-transfer file (``*.kckeys``): the keys come back only with the right passphrase, and a
damaged, cut-off, newer or forged file is refused in words before any secret is touched."""

from __future__ import annotations

import base64
import hashlib
import json
import unicodedata

import pytest

from kcdesk.io.sync import DeviceKeys, keyfile
from kcdesk.io.sync.keyfile import KeyFileError

PASS = "Trâu ơi ta bảo trâu này"
FAST = keyfile.MIN_SCRYPT_N  # the weakest cost the reader accepts: quick tests


@pytest.fixture(scope="module")
def keys() -> DeviceKeys:
    return DeviceKeys.generate()


@pytest.fixture(scope="module")
def blob(keys: DeviceKeys) -> bytes:
    return keyfile.encode(keys, PASS, device_id="d" * 32, role="province", person="Lê Thị Thu",
                          centre_name="Trung tâm Khuyến công Hải Phòng", scrypt_n=FAST)  # fmt: skip


def _code(data: bytes, passphrase: str = PASS) -> str:
    with pytest.raises(KeyFileError) as caught:
        keyfile.decode(data).open(passphrase)
    return caught.value.code


def _reseal_checksum(body: bytes) -> bytes:
    """What someone editing the file by hand would do: fix the last line after a change."""
    return body + b"sha256:" + hashlib.sha256(body).hexdigest().encode() + b"\n"


def test_the_right_passphrase_gives_the_same_keys_back(keys: DeviceKeys, blob: bytes) -> None:
    kf = keyfile.decode(blob)
    assert kf.header.fingerprint == keys.fingerprint
    assert kf.header.owner == "Trung tâm Khuyến công Hải Phòng"
    assert kf.header.device_id == "d" * 32
    opened = kf.open(PASS)
    assert opened.public == keys.public
    assert opened.sign(b"x") == keys.sign(b"x")  # Ed25519 is deterministic: the same private key


def test_the_file_is_four_ascii_lines_with_the_fingerprint_in_clear(
    keys: DeviceKeys, blob: bytes
) -> None:
    lines = blob.split(b"\n")
    assert lines[0] == b"KCDESK-KEYS/001" and lines[-1] == b"" and len(lines) == 5
    header = json.loads(lines[1])
    assert header["fingerprint"] == keys.fingerprint
    assert header["kdf"]["n"] == FAST and header["kdf"]["r"] == 8 and header["kdf"]["p"] == 1
    assert header["cipher"]["name"] == "chacha20poly1305"
    assert lines[3].startswith(b"sha256:")
    assert len(blob) < 2048


def test_the_default_cost_is_at_least_what_the_format_requires() -> None:
    assert keyfile.SCRYPT_N >= 2**15
    assert keyfile.MIN_SCRYPT_N >= 2**15


def test_a_passphrase_typed_with_combining_accents_is_the_same(blob: bytes) -> None:
    typed_elsewhere = "  " + unicodedata.normalize("NFD", PASS) + "\n"
    assert keyfile.decode(blob).open(typed_elsewhere).public is not None


@pytest.mark.parametrize("wrong", ["trâu ơi ta bảo trâu này", "Trau oi ta bao trau nay",
                                   PASS + "!", "x" * 12])  # fmt: skip
def test_a_wrong_passphrase_is_refused(blob: bytes, wrong: str) -> None:
    assert _code(blob, wrong) == "wrong_passphrase"


def test_a_short_passphrase_cannot_protect_a_file(keys: DeviceKeys) -> None:
    with pytest.raises(KeyFileError) as caught:
        keyfile.encode(keys, "  ngắn quá   ", device_id="d" * 32)
    assert caught.value.code == "weak_passphrase"
    assert "12" in caught.value.message_vi and "12" in caught.value.message_en


def test_an_empty_file_is_refused() -> None:
    assert _code(b"") == "empty"


@pytest.mark.parametrize("data", [b"PK\x03\x04" + b"\0" * 100, b"hello\n", b"{}"])
def test_other_files_are_not_key_files(data: bytes) -> None:
    assert _code(data) == "not_keyfile"


def test_a_file_cut_off_anywhere_is_refused_as_cut_off(blob: bytes) -> None:
    for size in range(1, len(blob)):
        with pytest.raises(KeyFileError) as caught:
            keyfile.decode(blob[:size])
        assert caught.value.code == "truncated", size


def test_a_flipped_byte_anywhere_is_refused(blob: bytes) -> None:
    for at in range(len(blob)):
        for bit in (0x01, 0x80):
            damaged = bytearray(blob)
            damaged[at] ^= bit
            with pytest.raises(KeyFileError) as caught:
                keyfile.decode(bytes(damaged))
            if at >= len(keyfile.MAGIC) + 4:  # past the first line: always "damaged"
                assert caught.value.code == "damaged", at
            else:  # in "KCDESK-KEYS/001": a flipped digit reads as another version
                assert caught.value.code in ("damaged", "not_keyfile", "newer_format"), at


def test_a_file_of_a_newer_version_asks_to_update_the_app(blob: bytes) -> None:
    newer = blob.replace(b"KCDESK-KEYS/001", b"KCDESK-KEYS/002", 1)
    with pytest.raises(KeyFileError) as caught:
        keyfile.decode(newer)
    assert caught.value.code == "newer_format"
    assert "cập nhật" in caught.value.message_vi and "Update" in caught.value.message_en
    # Whatever else a newer version changed, the version is read first.
    assert _code(b"KCDESK-KEYS/117\nsomething else entirely") == "newer_format"


def _edited(blob: bytes, edit: object) -> bytes:
    lines = blob.split(b"\n")
    header = json.loads(lines[1])
    edit(header)  # type: ignore[operator]
    lines[1] = json.dumps(header, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":")).encode()  # fmt: skip
    return _reseal_checksum(b"\n".join(lines[:3]) + b"\n")


def test_a_header_edited_by_hand_does_not_open(blob: bytes) -> None:
    # Another centre's name over these keys: authenticated with the keys, so it does not open.
    renamed = _edited(blob, lambda h: h.update(centre_name="Trung tâm Khuyến công Hà Nội"))
    assert keyfile.decode(renamed).header.owner == "Trung tâm Khuyến công Hà Nội"
    assert _code(renamed) == "wrong_passphrase"
    # Other public keys (with their fingerprint): refused as well.
    other = DeviceKeys.generate().public

    def swap(h: dict[str, object]) -> None:
        h.update(other.to_json(), fingerprint=other.fingerprint)

    assert _code(_edited(blob, swap)) == "wrong_passphrase"


def test_a_header_that_would_cost_too_much_is_refused_before_any_work(blob: bytes) -> None:
    def costly(h: dict[str, dict[str, object]]) -> None:
        h["kdf"]["n"] = 2**30

    def weak(h: dict[str, dict[str, object]]) -> None:
        h["kdf"]["n"] = 2**10

    def fingerprint(h: dict[str, object]) -> None:
        h["fingerprint"] = "0000 0000 0000 0000 0000 0000"

    for edit in (costly, weak, fingerprint, lambda h: h.update(extra=1),
                 lambda h: h.pop("role")):  # fmt: skip
        with pytest.raises(KeyFileError) as caught:
            keyfile.decode(_edited(blob, edit))
        assert caught.value.code == "damaged"


def test_private_keys_that_do_not_match_the_header_are_refused(keys: DeviceKeys) -> None:
    """A file made by hand with the right passphrase but keys that are not the header's."""
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    good = keyfile.encode(keys, PASS, device_id="d" * 32, scrypt_n=FAST)
    kf = keyfile.decode(good)
    key = keyfile._derive(PASS, kf.header.salt, kf.header.scrypt_n)
    stranger = keyfile._private_bytes(DeviceKeys.generate())
    sealed = ChaCha20Poly1305(key).encrypt(kf.header.nonce, stranger, kf.associated)
    forged = _reseal_checksum(kf.associated + base64.b64encode(sealed) + b"\n")
    assert _code(forged) == "damaged"


def test_two_exports_of_the_same_keys_differ(keys: DeviceKeys) -> None:
    a = keyfile.encode(keys, PASS, device_id="d" * 32, scrypt_n=FAST)
    b = keyfile.encode(keys, PASS, device_id="d" * 32, scrypt_n=FAST)
    assert a != b  # fresh salt and nonce each time
