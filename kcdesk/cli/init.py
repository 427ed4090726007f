"""``kcdesk init``: set up this installation's identity (what the first-run wizard does)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="khởi tạo người dùng và vai trò của máy này")
    p.add_argument("--role", required=True, choices=["collaborator", "province"])
    p.add_argument("--name", required=True, help="họ tên người dùng")
    p.add_argument("--phone", default="")
    p.add_argument("--province", default=None, help="tỉnh/thành (mã hoặc tên, danh mục 2025)")
    p.add_argument("--commune", action="append", default=[], help="xã/phường phụ trách (lặp lại)")
    p.add_argument("--centre", default="", help="tên Trung tâm Khuyến công")
    p.add_argument("--language", default="vi", choices=["vi", "en"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.installation import init_installation

    info = init_installation(
        ctx.db,
        role=args.role,
        person_name=args.name,
        phone=args.phone,
        centre_name=args.centre,
        province=args.province,
        communes=args.commune,
        language=args.language,
    )
    if args.json:
        print_json(
            {
                "device_id": info.device_id,
                "role": info.role.value,
                "person_name": info.person_name,
                "province": info.province_name,
                "communes": info.commune_codes,
            }
        )
    else:
        out(
            f"Đã khởi tạo: {info.person_name} ({info.role.label_vi}), mã thiết bị "
            f"{info.device_id}, {info.province_name or 'chưa chọn tỉnh'}, "
            f"{len(info.commune_codes)} xã/phường phụ trách."
        )
    return 0
