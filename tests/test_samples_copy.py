"""The copy of the shared office spreadsheets in tests/data is the shared folder's, byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SHARED_SAMPLES


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_copied_samples_are_the_shared_ones() -> None:
    if not SHARED_SAMPLES.is_dir():
        pytest.skip(f"the shared folder is not beside this clone ({SHARED_SAMPLES})")
    assert _digests(SAMPLES) == _digests(SHARED_SAMPLES)


def test_the_three_district_lists_and_their_outcome_are_here() -> None:
    names = set(_digests(SAMPLES))
    assert {
        "excel/co-so-tien-lang-unicode.xlsx",
        "excel/co-so-tien-lang-tcvn3.xlsx",
        "excel/co-so-tien-lang-vni.xlsx",
        "excel/co-so-tien-lang.expected.json",
    } <= names
