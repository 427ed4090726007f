"""Every installed version of every form, so old surveys keep reading with their own version."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kcdesk.domain.errors import KcError, NotFoundError
from kcdesk.domain.forms.loader import load_definition_file
from kcdesk.domain.forms.model import FormDefinition

DEFAULT_FORM_ID = "khao-sat-co-so"


class FormRegistry:
    """Definitions by ``(id, version)``. Installing the same version twice must be identical."""

    def __init__(self, definitions: Iterable[FormDefinition] = ()) -> None:
        self._forms: dict[tuple[str, int], FormDefinition] = {}
        for d in definitions:
            self.add(d)

    @classmethod
    def from_folder(cls, folder: Path) -> FormRegistry:
        """Load every ``*.json`` definition of a folder (``resources/forms``)."""
        return cls(load_definition_file(p) for p in sorted(Path(folder).glob("*.json")))

    def add(self, definition: FormDefinition) -> bool:
        """Add a definition; ``False`` when this exact version is already there.

        Raises :class:`KcError` when a different text claims an installed ``(id, version)``: a
        version once used by surveys must never change under them.
        """
        key = (definition.id, definition.version)
        known = self._forms.get(key)
        if known is not None:
            if known.fingerprint != definition.fingerprint:
                raise KcError(
                    f"Mẫu phiếu {definition.key} đã có với nội dung khác; một phiên bản đã dùng "
                    "không được sửa, hãy tăng số phiên bản.",
                    f"Form {definition.key} is already installed with different content; a "
                    "version in use must not change, raise the version number.",
                )
            return False
        self._forms[key] = definition
        return True

    def get(self, form_id: str, version: int | None = None) -> FormDefinition:
        """One version, or the latest when ``version`` is ``None``."""
        if version is None:
            versions = self.versions(form_id)
            if not versions:
                raise NotFoundError(
                    f"Không có mẫu phiếu “{form_id}”.", f"No form “{form_id}” is installed."
                )
            version = versions[-1]
        found = self._forms.get((form_id, version))
        if found is None:
            raise NotFoundError(
                f"Chưa cài mẫu phiếu “{form_id}” phiên bản {version}.",
                f"Form “{form_id}” version {version} is not installed.",
            )
        return found

    def versions(self, form_id: str) -> list[int]:
        return sorted(v for (i, v) in self._forms if i == form_id)

    def latest(self) -> list[FormDefinition]:
        """The newest version of each form, by id."""
        return [self.get(i) for i in sorted({i for i, _v in self._forms})]

    def __iter__(self) -> Iterator[FormDefinition]:
        return iter(sorted(self._forms.values(), key=lambda d: (d.id, d.version)))

    def __len__(self) -> int:
        return len(self._forms)
