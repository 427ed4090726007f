"""``kcdesk db upgrade|backup|restore|check``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("db", help="nâng cấp, sao lưu, khôi phục, kiểm tra cơ sở dữ liệu")
    dsub = p.add_subparsers(dest="db_command", metavar="VIỆC", required=True)
    up = dsub.add_parser("upgrade", help="nâng cấp lược đồ (có sao lưu trước)")
    up.set_defaults(func=upgrade)
    bk = dsub.add_parser("backup", help="sao lưu (an toàn cả khi đang dùng)")
    bk.add_argument("--out", type=Path, default=None, help="tệp đích (mặc định: thư mục backups)")
    bk.set_defaults(func=backup)
    rs = dsub.add_parser("restore", help="khôi phục từ một bản sao lưu")
    rs.add_argument("file", type=Path)
    rs.set_defaults(func=restore)
    ck = dsub.add_parser("check", help="kiểm tra toàn vẹn; mã thoát 1 nếu có lỗi")
    ck.add_argument("--json", action="store_true")
    ck.set_defaults(func=check)


def upgrade(args: argparse.Namespace, _ctx: Any) -> int:
    from kcdesk.cli import out
    from kcdesk.services import database

    done = database.upgrade(args.database_url)
    messages = {
        "created": "Đã tạo cơ sở dữ liệu mới.",
        "upgraded": "Đã nâng cấp lược đồ.",
        "current": "Lược đồ đã ở phiên bản mới nhất.",
    }
    out(messages.get(done, done))
    return 0


def backup(args: argparse.Namespace, _ctx: Any) -> int:
    from kcdesk.cli import out
    from kcdesk.services import database

    out(f"Đã sao lưu vào {database.backup(args.database_url, args.out)}")
    return 0


def restore(args: argparse.Namespace, _ctx: Any) -> int:
    from kcdesk.cli import out
    from kcdesk.services import database

    safety = database.restore(args.file, args.database_url)
    note = f" (bản trước khi khôi phục: {safety})" if safety else ""
    out(f"Đã khôi phục từ {args.file}{note}. Máy này sẽ nhận mã thiết bị mới khi mở.")
    return 0


def check(args: argparse.Namespace, _ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services import database

    report = database.check(args.database_url)
    if args.json:
        print_json(report.__dict__)
    elif report.ok:
        out(f"Cơ sở dữ liệu tốt (lược đồ {report.revision}).")
    else:
        for problem in report.problems:
            out(f"Lỗi: {problem}")
    return 0 if report.ok else 1
