"""Typed errors. Each carries a Vietnamese message (shown by default) and an English one."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class KcError(Exception):
    """Base of every error kcdesk explains to a person. ``str()`` is the Vietnamese message."""

    def __init__(self, message_vi: str, message_en: str = "") -> None:
        super().__init__(message_vi)
        self.message_vi = message_vi
        self.message_en = message_en or message_vi

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi


@dataclass(frozen=True)
class Issue:
    """One finding about one field: an error blocks saving, a warning does not."""

    field: str
    code: str
    message_vi: str
    message_en: str
    severity: Severity = Severity.ERROR

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi


class ValidationError(KcError):
    """One or more field errors; ``issues`` lists them all so a form can show each by its field."""

    def __init__(self, issues: list[Issue]) -> None:
        errors = [i for i in issues if i.severity is Severity.ERROR] or issues
        super().__init__(
            "; ".join(i.message_vi for i in errors), "; ".join(i.message_en for i in errors)
        )
        self.issues = issues


class NotFoundError(KcError):
    """A record asked for by id or name does not exist."""


class DatabaseError(KcError):
    """The database cannot be used: not a kcdesk database, corrupt, newer than the app, locked."""


@dataclass
class Checked:
    """A value after validation, with any warnings (for instance an old phone number converted)."""

    value: str
    warnings: list[Issue] = field(default_factory=list)
