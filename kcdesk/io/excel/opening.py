"""Open an ``.xlsx`` safely: tell old ``.xls``, web pages, password-protected, corrupt and
locked files apart *before* openpyxl fails with a message nobody can act on."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from kcdesk.io.excel import errors

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: .xls, or an encrypted .xlsx
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def owner_file(path: Path) -> Path:
    """Excel's lock file for ``path``: ``~$name.xlsx`` beside it while the workbook is open."""
    return path.with_name("~$" + path.name)


def check_workbook_file(path: Path) -> None:
    """Raise :class:`~kcdesk.io.excel.errors.ExcelError` unless ``path`` looks like a readable
    ``.xlsx``. Reads only the first bytes (and, for OLE files, scans for the encryption stream)."""
    name = path.name
    if not path.exists():
        raise errors.not_found(str(path))
    if path.is_dir():
        raise errors.corrupt(name, "là thư mục / is a folder")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head.startswith(_OLE_MAGIC):
                body = fh.read()
                if _ENCRYPTED in body:
                    raise errors.password_protected(name)
                raise errors.old_xls(name)
    except PermissionError as exc:
        raise errors.locked(name) from exc
    except OSError as exc:
        raise errors.corrupt(name, exc.strerror or str(exc)) from exc
    if not head:
        raise errors.corrupt(name, "tệp rỗng / empty file")
    if not head.startswith(_ZIP_MAGIC):
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if text.startswith(b"<"):
            raise errors.html_as_xls(name)
        if path.suffix.lower() == ".csv":
            raise errors.other_format(name, "tệp CSV", "a CSV file")
        raise errors.corrupt(name)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and b"opendocument" in zf.read("mimetype"):
                raise errors.other_format(
                    name, "bảng tính OpenDocument (.ods)", "an OpenDocument spreadsheet (.ods)"
                )
            if not any(n.endswith("workbook.xml") for n in names):
                raise errors.corrupt(name, "không có xl/workbook.xml / no workbook part")
    except zipfile.BadZipFile as exc:
        raise errors.corrupt(name, str(exc)) from exc
    except PermissionError as exc:
        raise errors.locked(name) from exc


def check_not_open_in_excel(path: Path) -> None:
    """Refuse a file that Excel has open (its ``~$`` lock file sits beside it)."""
    owner = owner_file(path)
    if owner.exists():
        raise errors.open_in_excel(path.name, owner.name)


def open_workbook(path: Path, *, read_only: bool = True, rich_text: bool = True) -> Any:
    """Open with openpyxl (cached formula values), after :func:`check_workbook_file`.

    Read-only mode streams the sheets (fast, little memory); it does not expose merged cells, which
    :mod:`kcdesk.io.excel.reading` reads from the same stream. The caller closes the workbook.
    """
    check_workbook_file(path)
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(
            path, read_only=read_only, data_only=True, rich_text=rich_text, keep_links=False
        )
    except PermissionError as exc:
        raise errors.locked(path.name) from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise errors.corrupt(path.name, str(exc)[:200]) from exc
    except OSError as exc:
        raise errors.corrupt(path.name, exc.strerror or str(exc)) from exc
