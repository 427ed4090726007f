"""``kcdesk proposal …``: proposals headless — list, show, create or edit from a JSON file, take
lifecycle steps, attach files, and manage the categories and support-cap rules.

Printing is ``kcdesk print proposal UUID --out F.pdf`` (the print command).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

STATUS_HELP = (
    "draft (nháp), submitted (đã gửi), appraising (đang thẩm định), approved (được phê duyệt), "
    "returned (trả lại để sửa), rejected (không phê duyệt), implementing (đang triển khai), "
    "accepted (đã nghiệm thu), settled (đã quyết toán)"
)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "proposal", help="đề án khuyến công: danh sách, sửa, chuyển trạng thái, quy định"
    )
    cmd = p.add_subparsers(dest="proposal_command", metavar="VIỆC", required=True)

    ls = cmd.add_parser("list", help="liệt kê đề án theo bộ lọc")
    ls.add_argument("--status", action="append", default=[], help=f"trạng thái: {STATUS_HELP}")
    ls.add_argument("--year", type=int, default=None, help="năm kế hoạch")
    ls.add_argument("--category", default=None, help="mã nội dung khuyến công")
    ls.add_argument("--funding", default=None, choices=["national", "provincial", "other"])
    ls.add_argument("--commune", default=None, help="xã/phường (mã hoặc tên, danh mục 2025)")
    ls.add_argument("--search", default="", help="tìm trong tên đề án (không dấu)")
    ls.add_argument("--order", default="updated", choices=["updated", "title", "year", "support",
                                                              "status"])  # fmt: skip
    ls.add_argument("--limit", type=int, default=100)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)

    show = cmd.add_parser("show", help="xem một đề án: dự toán, mức tối đa, cảnh báo, lịch sử")
    show.add_argument("uuid")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)

    new = cmd.add_parser("new", help="tạo đề án nháp từ tệp JSON")
    new.add_argument("file", type=Path, help="tệp JSON (các trường như “proposal show --json”)")
    new.add_argument("--json", action="store_true")
    new.set_defaults(func=run_new)

    upd = cmd.add_parser("update", help="sửa đề án từ tệp JSON (chỉ các trường có trong tệp)")
    upd.add_argument("uuid")
    upd.add_argument("file", type=Path)
    upd.add_argument("--json", action="store_true")
    upd.set_defaults(func=run_update)

    tr = cmd.add_parser("transition", help="chuyển trạng thái đề án (ghi ai, khi nào, lý do)")
    tr.add_argument("uuid")
    tr.add_argument("--to", required=True, help=f"trạng thái mới: {STATUS_HELP}")
    tr.add_argument("--reason", default="", help="lý do (bắt buộc khi trả lại, không phê duyệt)")
    tr.add_argument("--json", action="store_true")
    tr.set_defaults(func=run_transition)

    hist = cmd.add_parser("history", help="lịch sử chuyển trạng thái")
    hist.add_argument("uuid")
    hist.add_argument("--json", action="store_true")
    hist.set_defaults(func=run_history)

    rm = cmd.add_parser("delete", help="xoá đề án nháp chưa từng gửi")
    rm.add_argument("uuid")
    rm.set_defaults(func=run_delete)

    att = cmd.add_parser("attach", help="đính kèm tệp (báo giá, quyết định, biên bản)")
    att.add_argument("uuid")
    att.add_argument("file", type=Path)
    att.add_argument("--caption", default="")
    att.set_defaults(func=run_attach)

    cats = cmd.add_parser("categories", help="danh mục nội dung khuyến công")
    cats.add_argument("--all", action="store_true", help="cả nội dung đã ẩn")
    cats.add_argument("--json", action="store_true")
    cats.set_defaults(func=run_categories)

    rules = cmd.add_parser("rules", help="quy định mức hỗ trợ tối đa")
    rcmd = rules.add_subparsers(dest="rules_command", metavar="VIỆC", required=True)
    rl = rcmd.add_parser("list", help="các bộ quy định đã nạp và các mức")
    rl.add_argument("--json", action="store_true")
    rl.set_defaults(func=run_rules_list)
    load = rcmd.add_parser("load", help="nạp tệp quy định của tỉnh (JSON)")
    load.add_argument("file", type=Path)
    load.add_argument("--json", action="store_true")
    load.set_defaults(func=run_rules_load)
    rrm = rcmd.add_parser("remove", help="gỡ một bộ quy định (theo khoá)")
    rrm.add_argument("key")
    rrm.set_defaults(func=run_rules_remove)
    rrs = rcmd.add_parser("restore-defaults", help="nạp lại quy định mặc định đi kèm kcdesk")
    rrs.set_defaults(func=run_rules_restore)
    rex = rcmd.add_parser("export", help="ghi một bộ quy định đã nạp ra tệp (gửi cho máy khác)")
    rex.add_argument("key")
    rex.add_argument("--out", required=True, type=Path)
    rex.set_defaults(func=run_rules_export)

    st = cmd.add_parser("settings", help="thiết lập kiểm tra đề án")
    st.add_argument("--repeat-years", type=int, default=None,
                    help="cảnh báo khi cùng cơ sở, cùng nội dung trong N năm (0: tắt)")  # fmt: skip
    st.set_defaults(func=run_settings)


# --------------------------------------------------------------------------- helpers


def _status(text: str) -> str:
    """A status as typed: its code (``approved``) or its Vietnamese label, with or without marks
    (``"được phê duyệt"``, ``"duoc phe duyet"``)."""
    from kcdesk.domain.errors import KcError
    from kcdesk.domain.proposals.status import ProposalStatus
    from kcdesk.vn.text import fold

    folded = fold(text).replace("-", " ").replace("_", " ")
    for status in ProposalStatus:
        if folded in (status.value, fold(status.label_vi), fold(status.label_en)):
            return status.value
    raise KcError(
        f"Không có trạng thái “{text}”. Các trạng thái: {STATUS_HELP}.",
        f"There is no status “{text}”. Statuses: {STATUS_HELP}.",
    )


def _commune(ctx: Any, text: str | None) -> int | None:
    if not text:
        return None
    from kcdesk.services.places import resolve_commune

    return int(resolve_commune(ctx.db, text).code)


def _money(value: int | None) -> str:
    from kcdesk.vn.numbers import format_money

    return "—" if value is None else format_money(value)


def _read_json(path: Path) -> Any:
    from kcdesk.domain.errors import KcError

    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise KcError(f"Không tìm thấy tệp “{path}”.", f"File “{path}” not found.") from exc
    except UnicodeDecodeError as exc:
        raise KcError(
            f"Tệp “{path.name}” không phải văn bản UTF-8.", f"“{path.name}” is not UTF-8 text."
        ) from exc
    except json.JSONDecodeError as exc:
        raise KcError(
            f"Tệp “{path.name}” không đúng cú pháp JSON (dòng {exc.lineno}, cột {exc.colno}).",
            f"“{path.name}” is not valid JSON (line {exc.lineno}, column {exc.colno}).",
        ) from exc


# JSON keys of "proposal show --json" that an input file may use, and the input field they fill.
_KEYS = {
    "title": "title",
    "category": "category",
    "funding_source": "funding_source",
    "plan_year": "plan_year",
    "implementing_unit": "implementing_unit",
    "commune_code": "commune_code",
    "place": "place",
    "period_start": "period_start",
    "period_end": "period_end",
    "background": "background",
    "objectives": "objectives",
    "activities": "activities",
}
_IGNORED = {
    "uuid", "category_name", "status", "status_label", "province_code", "commune_name", "totals",
    "cap", "approved_amount", "warnings", "editable", "next_steps", "history", "attachments",
    "created_by", "version",
}  # fmt: skip


def _apply_json(data: Any, raw: Any) -> Any:
    """Fill a ``ProposalInput`` from a JSON object; unknown keys are refused (a typo must not be
    silently dropped)."""
    from kcdesk.domain.errors import KcError
    from kcdesk.services.proposals import LineInput

    if not isinstance(raw, dict):
        raise KcError("Tệp đề án phải là một đối tượng JSON.", "A proposal file is a JSON object.")
    unknown = sorted(set(raw) - set(_KEYS) - _IGNORED - {"beneficiaries", "facility_uuids",
                                                         "expected", "lines"})  # fmt: skip
    if unknown:
        raise KcError(
            f"Tệp đề án có trường không hỗ trợ: {', '.join(unknown)}.",
            f"The proposal file has unknown fields: {', '.join(unknown)}.",
        )
    for key, name in _KEYS.items():
        if key in raw:
            setattr(data, name, raw[key])
    if "facility_uuids" in raw:
        data.facility_uuids = list(raw["facility_uuids"])
    elif "beneficiaries" in raw:
        data.facility_uuids = [
            b["uuid"] if isinstance(b, dict) else b for b in raw["beneficiaries"]
        ]
    expected = raw.get("expected") or {}
    for key in ("jobs", "trainees", "revenue", "other"):
        if key in expected:
            setattr(data, f"expected_{key}", expected[key])
    if "lines" in raw:
        fields = {"item", "unit", "quantity", "unit_price", "support_percent",
                  "counterpart_percent", "note"}  # fmt: skip
        data.lines = [
            LineInput(**{k: v for k, v in line.items() if k in fields}) for line in raw["lines"]
        ]
    return data


def _print_warnings(issues: Any) -> None:
    import sys

    for issue in issues:
        print(f"Cảnh báo: {issue.message_vi}", file=sys.stderr)


def _print_detail(d: Any) -> None:
    from kcdesk.cli import out
    from kcdesk.vn.dates import format_date, format_datetime
    from kcdesk.vn.numbers import format_number

    out(f"{d.title}  [{d.status.label_vi}]")
    out(f"  Mã: {d.uuid}")
    out(
        f"  Nội dung: {d.category_name or '—'} · Nguồn: {d.funding_label} · Năm: {d.plan_year or '—'}"
    )
    out(f"  Đơn vị thực hiện: {d.implementing_unit or '—'}")
    for b in d.beneficiaries:
        out(f"  Thụ hưởng: {b.name}" + (f" ({b.commune_name})" if b.commune_name else ""))
    period = " – ".join(format_date(x) for x in (d.period_start, d.period_end) if x)
    out(f"  Thời gian: {period or '—'} · Địa điểm: {d.place or d.commune_name or '—'}")
    out("  Dự toán:")
    for x in d.lines:
        out(f"    {x.position + 1}. {x.item} — {format_number(x.quantity)} {x.unit} × "
            f"{format_number(x.unit_price)} = {format_number(x.amount)} "
            f"(KC {format_number(x.support)}, đối ứng {format_number(x.counterpart)})")  # fmt: skip
    t = d.totals
    out(f"  Tổng: {_money(t.amount)}; khuyến công {_money(t.support)} "
        f"({format_number(t.support_percent)} %); đối ứng {_money(t.counterpart)}")  # fmt: skip
    if d.cap.allowed is not None:
        gap = d.cap.gap or 0
        state = "vượt" if gap < 0 else "còn"
        out(f"  Mức tối đa: {_money(d.cap.allowed)} ({state} {_money(abs(gap))}) — {d.cap.rule_vi}")
    else:
        out(f"  Mức tối đa: {d.cap.rule_vi}")
    for w in d.warnings:
        out(f"  ! {w.message_vi}")
    if d.steps:
        out("  Bước tiếp theo: " + "; ".join(
            f"{s.verb_vi} (--to {s.target.value})" + (" — chưa được: " + " ".join(
                b.message_vi for b in s.blockers) if s.blockers else "")
            for s in d.steps))  # fmt: skip
    for h in d.history:
        why = f" — {h.reason}" if h.reason else ""
        out(f"  {format_datetime(h.at)} {h.actor} ({h.role.label_vi}): {h.verb_vi}{why}")


# --------------------------------------------------------------------------- handlers


def run_list(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.proposals import ProposalFilter, count_proposals, list_proposals

    flt = ProposalFilter(
        status=[_status(s) for s in args.status] or None,
        year=args.year,
        category=args.category,
        funding_source=args.funding,
        commune_code=_commune(ctx, args.commune),
        search=args.search,
    )
    rows = list_proposals(ctx.db, flt, order=args.order, limit=args.limit or None)
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    for r in rows:
        out(f"{r.title} | {r.category_name} | {r.year or '—'} | {r.status_label} | "
            f"{_money(r.support_amount)} | {r.beneficiaries} | {r.uuid}")  # fmt: skip
    total = count_proposals(ctx.db, flt)
    if total > len(rows):
        out(f"(hiện {len(rows)}/{total} đề án; dùng --limit để xem thêm)")
    return 0


def run_show(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import print_json
    from kcdesk.services.proposals import detail_to_json, get_proposal

    detail = get_proposal(ctx.db, args.uuid)
    if args.json:
        print_json(detail_to_json(detail))
    else:
        _print_detail(detail)
    return 0


def _saved(args: argparse.Namespace, result: Any, verb: str) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.proposals import detail_to_json

    if args.json:
        print_json(detail_to_json(result.detail))
    else:
        out(f"{verb} đề án “{result.detail.title}” ({result.detail.status.label_vi}): "
            f"{result.uuid}")  # fmt: skip
    _print_warnings(result.warnings)
    return 0


def run_new(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.services.proposals import ProposalInput, create_proposal

    data = _apply_json(ProposalInput(), _read_json(args.file))
    return _saved(args, create_proposal(ctx.db, data), "Đã tạo")


def run_update(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.services.proposals import get_proposal, update_proposal

    current = get_proposal(ctx.db, args.uuid)
    data = _apply_json(current.to_input(), _read_json(args.file))
    result = update_proposal(ctx.db, args.uuid, data, base_version=current.version)
    return _saved(args, result, "Đã lưu")


def run_transition(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.proposals import detail_to_json, transition_proposal

    detail = transition_proposal(ctx.db, args.uuid, _status(args.to), args.reason)
    if args.json:
        print_json(detail_to_json(detail))
    else:
        last = detail.history[-1]
        out(f"Đã chuyển đề án “{detail.title}”: {last.source.label_vi} → {last.target.label_vi}"
            + (f" (lý do: {last.reason})" if last.reason else ""))  # fmt: skip
    return 0


def run_history(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.proposals import get_proposal
    from kcdesk.vn.dates import format_datetime

    detail = get_proposal(ctx.db, args.uuid)
    if args.json:
        print_json([
            {"from": h.source.value, "to": h.target.value, "action": h.verb_vi, "actor": h.actor,
             "role": h.role.value, "at": h.at.isoformat(), "reason": h.reason}
            for h in detail.history
        ])  # fmt: skip
        return 0
    if not detail.history:
        out("Đề án chưa chuyển trạng thái lần nào (đang là nháp).")
    for h in detail.history:
        why = f" — lý do: {h.reason}" if h.reason else ""
        out(f"{format_datetime(h.at)} | {h.actor} ({h.role.label_vi}) | {h.source.label_vi} → "
            f"{h.target.label_vi}{why}")  # fmt: skip
    return 0


def run_delete(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out
    from kcdesk.services.proposals import delete_proposal

    delete_proposal(ctx.db, args.uuid)
    out(f"Đã xoá đề án nháp {args.uuid}.")
    return 0


def run_attach(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out
    from kcdesk.services.proposals import attach_file

    row = attach_file(ctx.db, args.uuid, args.file, args.caption)
    out(f"Đã đính kèm “{row.filename}” ({row.size} byte): {row.uuid}")
    return 0


def run_categories(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.proposal_rules import list_categories

    cats = list_categories(ctx.db, include_inactive=args.all)
    if args.json:
        print_json([c.__dict__ for c in cats])
        return 0
    for c in cats:
        out(f"{c.code} | {c.name_vi}" + ("" if c.active else " (đã ẩn)"))
    return 0


def run_rules_list(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.proposal_rules import cap_rules, list_rule_sets

    sets = list_rule_sets(ctx.db)
    rules = cap_rules(ctx.db)
    if args.json:
        print_json({
            "rule_sets": [s.to_json() for s in sets],
            "rules": [
                {"category": r.category, "source": r.source.value,
                 "province_code": r.province_code,
                 "max_percent": None if r.max_percent is None else str(r.max_percent),
                 "max_amount": r.max_amount, "basis": r.basis.value,
                 "min_counterpart_percent": None if r.min_counterpart_percent is None
                 else str(r.min_counterpart_percent),
                 "effective_from": r.effective_from.isoformat(),
                 "effective_to": r.effective_to.isoformat() if r.effective_to else None,
                 "funding_sources": sorted(s.value for s in r.funding_sources),
                 "legal_reference": r.legal_reference}
                for r in rules
            ],
        })  # fmt: skip
        return 0
    for s in sets:
        where = f" — {s.province_name}" if s.province_name else ""
        out(f"[{s.key}] {s.title or s.legal_reference}{where}: {s.rule_count} mức, "
            f"{s.category_count} nội dung (tệp {s.file_name or '—'})")  # fmt: skip
    for r in rules:
        out(f"  {r.category}: {r.describe('vi')}")
    return 0


def run_rules_load(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.proposal_rules import load_rules_file

    info = load_rules_file(ctx.db, args.file)
    if args.json:
        print_json(info.to_json())
    else:
        verb = "Đã thay" if info.replaced else "Đã nạp"
        out(f"{verb} bộ quy định “{info.title or info.legal_reference}”: {info.rule_count} mức, "
            f"{info.category_count} nội dung (khoá {info.key}).")  # fmt: skip
    return 0


def run_rules_remove(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out
    from kcdesk.services.proposal_rules import remove_rule_set

    remove_rule_set(ctx.db, args.key)
    out(f"Đã gỡ bộ quy định {args.key}.")
    return 0


def run_rules_restore(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out
    from kcdesk.services.proposal_rules import restore_default_rules

    for info in restore_default_rules(ctx.db):
        out(f"Đã nạp lại “{info.title or info.legal_reference}” ({info.rule_count} mức).")
    return 0


def run_rules_export(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out
    from kcdesk.services.proposal_rules import rule_set_document

    doc = rule_set_document(ctx.db, args.key)
    args.out.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    out(f"Đã ghi {args.out}.")
    return 0


def run_settings(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out
    from kcdesk.services.proposal_rules import repeat_years, set_repeat_years

    if args.repeat_years is not None:
        set_repeat_years(ctx.db, args.repeat_years)
    years = repeat_years(ctx.db)
    out(f"Cảnh báo hỗ trợ trùng: cùng cơ sở, cùng nội dung trong {years} năm"
        + (" (đã tắt)" if years == 0 else "") + ".")  # fmt: skip
    return 0
