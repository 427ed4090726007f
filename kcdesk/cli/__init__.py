"""``kcdesk <command>``: the same work as the window, headless, over the same services.

Exit codes: 0 success, 1 bad input or a fault (one clear message on stderr, no traceback),
2 wrong usage. Heavy libraries (PySide6, openpyxl, reportlab) are imported only by the commands
that need them.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from kcdesk import __version__
from kcdesk.domain.errors import KcError, ValidationError

# Each module defines ``register(subparsers)``; handlers are ``func(args, ctx) -> int``.
COMMAND_MODULES = [
    "kcdesk.cli.init",
    "kcdesk.cli.listing",
    "kcdesk.cli.demo",
    "kcdesk.cli.db",
    "kcdesk.cli.excel",
    "kcdesk.cli.text",
    "kcdesk.cli.print_",
    "kcdesk.cli.proposal",
    "kcdesk.cli.sync",
]


class Context:
    """What a handler gets: the parsed options and the database, opened on first use."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._db: Any = None

    @property
    def db(self) -> Any:
        if self._db is None:
            from kcdesk.services.context import open_database

            self._db = open_database(self.args.database_url)
            for message in self._db.messages:
                print(message, file=sys.stderr)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def print_json(data: Any) -> None:
    """JSON for scripts: UTF-8, Vietnamese letters as they are."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()


def out(text: str = "") -> None:
    """Print UTF-8 text whatever the console's code page (Windows consoles default to cp1252)."""
    sys.stdout.buffer.write((text + "\n").encode("utf-8"))
    sys.stdout.flush()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kcdesk",
        description="kcdesk — quản lý khuyến công: cơ sở CNNT, phiếu khảo sát, đề án, đồng bộ.",
    )
    parser.add_argument("--version", action="version", version=f"kcdesk {__version__}")
    parser.add_argument(
        "--database-url",
        default=None,
        help="cơ sở dữ liệu (mặc định: tệp SQLite trong thư mục dữ liệu người dùng; "
        "hoặc postgresql+psycopg://…)",
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # a command not built yet
            raise
        module.register(sub)
    return parser


def _is_database_error(exc: BaseException) -> bool:
    return type(exc).__module__.startswith(("sqlalchemy", "sqlite3", "psycopg"))


def _database_message(exc: BaseException) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return (
            "Cơ sở dữ liệu đang bận (một cửa sổ kcdesk hoặc lệnh khác đang ghi). "
            "Hãy đợi việc đó xong hoặc đóng chương trình kia rồi chạy lại."
        )
    if "could not connect" in text or "connection" in text:
        return f"Không kết nối được cơ sở dữ liệu: {exc.args[0] if exc.args else exc}"
    return (
        f"Lỗi cơ sở dữ liệu: {str(exc).splitlines()[0]}. Hãy chạy “kcdesk db check”; nếu có lỗi, "
        "khôi phục từ bản sao lưu."
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace, Context], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    ctx = Context(args)
    try:
        return int(func(args, ctx) or 0)
    except ValidationError as exc:
        for issue in exc.issues:
            print(f"Lỗi: {issue.message_vi}", file=sys.stderr)
        return 1
    except KcError as exc:
        print(f"Lỗi: {exc.message_vi}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("KCDESK_DEBUG"):
            raise
        if _is_database_error(exc):
            print(f"Lỗi: {_database_message(exc)}", file=sys.stderr)
            return 1
        if isinstance(exc, OSError | ValueError):
            print(f"Lỗi: {exc}", file=sys.stderr)
            return 1
        raise
    finally:
        ctx.close()
