"""Reading a file a person chose: size limit and the usual failures, said in words."""

from __future__ import annotations

from pathlib import Path

from kcdesk.domain.errors import KcError
from kcdesk.vn.numbers import format_number


def read_chosen_file(path: Path, limit: int, too_large_vi: str, too_large_en: str) -> bytes:
    """The bytes of ``path``; a missing, unreadable or larger-than-``limit`` file is refused with
    a message. ``too_large_*`` are templates with ``{name}``, ``{size_mb}``, ``{limit_mb}``,
    ``{size}`` (bytes, Vietnamese digits) and ``{size_en}``."""
    try:
        size = path.stat().st_size
        if size > limit:
            values = {
                "name": path.name,
                "size_mb": format_number(size // 1024 // 1024),
                "limit_mb": limit // 1024 // 1024,
                "size": format_number(size),
                "size_en": f"{size:,}",
            }
            raise KcError(too_large_vi.format(**values), too_large_en.format(**values))
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise KcError(f"Không tìm thấy tệp “{path}”.", f"File “{path}” not found.") from exc
    except IsADirectoryError as exc:
        raise KcError(f"“{path}” là một thư mục.", f"“{path}” is a folder.") from exc
    except OSError as exc:
        raise KcError(
            f"Không đọc được tệp “{path}”: {exc.strerror or exc}.",
            f"Cannot read “{path}”: {exc.strerror or exc}.",
        ) from exc
