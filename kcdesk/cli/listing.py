"""``kcdesk list facilities|surveys|proposals``."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("list", help="liệt kê cơ sở, phiếu khảo sát hoặc đề án")
    p.add_argument("what", choices=["facilities", "surveys", "proposals"])
    p.add_argument("--search", default="", help="tìm không dấu: tên, chủ cơ sở, xã, MST, SĐT")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.domain.errors import KcError
    from kcdesk.vn.numbers import format_money

    if args.limit < 0:
        raise KcError("--limit phải là số không âm.", "--limit must not be negative.")
    limit = args.limit or None
    rows: list[Any]
    if args.what == "facilities":
        from kcdesk.services.facilities import FacilityFilter, list_facilities

        rows = list_facilities(ctx.db, FacilityFilter(search=args.search), limit=limit)
        if not args.json:
            for f in rows:
                out(
                    f"{f.name} | {f.kind_label} | {f.owner_name} | {f.commune_name} | "
                    f"{f.phone} | {f.tax_code} | {f.uuid}"
                )
    elif args.what == "surveys":
        from kcdesk.services.listing import list_surveys

        rows = list_surveys(ctx.db, args.search, limit)
        if not args.json:
            for s in rows:
                out(
                    f"{s.survey_date or '—'} | {s.facility_name} | {s.form}@{s.form_version} | "
                    f"{s.status} | {s.uuid}"
                )
    else:
        from kcdesk.services.listing import list_proposals

        rows = list_proposals(ctx.db, args.search, limit)
        if not args.json:
            for p in rows:
                out(
                    f"{p.title} | {p.category} | {p.status} | {format_money(p.support_amount)} | "
                    f"{p.uuid}"
                )
    if args.json:
        print_json([r.to_json() for r in rows])
    return 0
