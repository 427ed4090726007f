"""Why a sync package is refused: one error type with a code, a Vietnamese and an English text."""

from __future__ import annotations

from kcdesk.domain.errors import KcError


class PackageError(KcError):
    """A package that cannot be used. ``code`` is stable (tests, ``--json`` reports); the texts are
    for people. Raised before anything is written."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi, message_en)
        self.code = code


class NewerFormatError(PackageError):
    """The package was made by a newer kcdesk: the only fix is to update the app."""


def refuse(code: str, vi: str, en: str) -> PackageError:
    """Build the error with the common lead-in that tells the person nothing was imported."""
    return PackageError(code, f"Không dùng được gói đồng bộ: {vi}", f"Sync package refused: {en}")
