"""Fixtures shared by the sync tests: a provincial centre and one enrolled collaborator, each a
real database file (see sync_world)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .sync_world import Laptop, collaborator, province


@pytest.fixture
def centre(template_db: Path, kcdesk_home: Path, tmp_path: Path) -> Iterator[Laptop]:
    laptop = province(template_db, tmp_path / "tinh")
    yield laptop
    laptop.close()


@pytest.fixture
def an(template_db: Path, tmp_path: Path, centre: Laptop) -> Iterator[Laptop]:
    laptop = collaborator(template_db, tmp_path / "an", centre, "an", "Nguyễn Văn An")
    yield laptop
    laptop.close()
