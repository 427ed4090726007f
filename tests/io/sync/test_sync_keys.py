"""Keys, fingerprints read over the phone, and protection of the private keys."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kcdesk.domain.errors import KcError
from kcdesk.io.sync import DeviceKeys, PublicKeys, check_enrolment_proof, enrolment_proof
from kcdesk.io.sync.canonical import canonical_bytes, parse_canonical, strict_loads


def test_fingerprint_is_six_groups_of_four_digits_and_differs_per_key() -> None:
    a, b = DeviceKeys.generate(), DeviceKeys.generate()
    assert re.fullmatch(r"\d{4}( \d{4}){5}", a.fingerprint)
    assert a.fingerprint != b.fingerprint
    assert PublicKeys.from_json(a.public.to_json()).fingerprint == a.fingerprint


def test_sealed_keys_open_only_with_their_key_encryption_key() -> None:
    keys = DeviceKeys.generate()
    kek = bytes(range(32))
    sealed = keys.seal(kek)
    assert keys.public.sign not in sealed
    assert DeviceKeys.unseal(sealed, kek).public == keys.public
    with pytest.raises(KcError) as info:
        DeviceKeys.unseal(sealed, bytes(32))
    assert "thiết lập" in str(info.value)
    with pytest.raises(KcError):
        DeviceKeys.unseal(sealed[:-1], kek)


def test_enrolment_proof_binds_secret_device_and_keys() -> None:
    keys, other = DeviceKeys.generate(), DeviceKeys.generate()
    secret = b"s" * 32
    proof = enrolment_proof(secret, "dev-1", keys.public)
    assert check_enrolment_proof(secret, "dev-1", keys.public, proof)
    assert not check_enrolment_proof(secret, "dev-2", keys.public, proof)
    assert not check_enrolment_proof(secret, "dev-1", other.public, proof)
    assert not check_enrolment_proof(b"t" * 32, "dev-1", keys.public, proof)
    assert not check_enrolment_proof(secret, "dev-1", keys.public, None)


def test_canonical_json_is_one_encoding() -> None:
    value = {"b": 1, "a": ["Hoà", "Ho\u0300a"]}
    data = canonical_bytes(value)
    assert data == '{"a":["Hoà","Hòa"],"b":1}'.encode()
    assert parse_canonical(data) == {"a": ["Hoà", "Hòa"], "b": 1}
    with pytest.raises(ValueError):
        parse_canonical(b'{"b":1, "a":2}')
    with pytest.raises(ValueError):
        canonical_bytes({"x": 1.5})


@pytest.mark.parametrize(
    "data",
    [b'{"a":1,"a":2}', b'{"a":NaN}', b'{"a":Infinity}', b"\xff", b"[" * 100_000],
)
def test_strict_json_refuses_ambiguous_input(data: bytes) -> None:
    with pytest.raises(ValueError):
        strict_loads(data)


def test_public_keys_refuse_wrong_lengths() -> None:
    bad: dict[str, Any] = {"sign_key": "AAAA", "box_key": "AAAA"}
    with pytest.raises(ValueError):
        PublicKeys.from_json(bad)
