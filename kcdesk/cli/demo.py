"""``kcdesk demo-data``: fill the database with realistic, deterministic demo records."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("demo-data", help="thêm dữ liệu mẫu (cơ sở, phiếu, đề án)")
    p.add_argument("--facilities", type=int, default=200)
    p.add_argument("--surveys", type=int, default=100)
    p.add_argument("--proposals", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.domain.errors import KcError
    from kcdesk.services.demo import fill_demo

    if min(args.facilities, args.surveys, args.proposals) < 0:
        raise KcError("Số lượng phải không âm.", "Counts must not be negative.")
    summary = fill_demo(
        ctx.db,
        facilities=args.facilities,
        surveys=args.surveys,
        proposals=args.proposals,
        seed=args.seed,
    )
    if args.json:
        print_json(summary.__dict__)
    else:
        out(
            f"Đã thêm {summary.facilities} cơ sở, {summary.surveys} phiếu khảo sát, "
            f"{summary.proposals} đề án (seed {summary.seed})."
        )
    return 0
