"""``kcdesk excel …``: import facilities from a spreadsheet, export lists, provincial reports.

* ``kcdesk excel import facilities FILE.xlsx [--sheet NAME] [--dry-run] [--report OUT.xlsx]
  [--json] [--update-matched] [--column L=revenue] [--unit L=trieu]``
* ``kcdesk excel sheets FILE.xlsx``
* ``kcdesk excel export facilities|surveys|proposals --out F.xlsx [filters]``
* ``kcdesk excel report facilities|surveys|proposals|all --out F.xlsx [filters]``
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

_UNITS = {"dong": 1, "đồng": 1, "nghin": 1_000, "nghìn": 1_000, "trieu": 1_000_000,
          "triệu": 1_000_000, "ty": 1_000_000_000, "tỷ": 1_000_000_000}  # fmt: skip


def register(sub: Any) -> None:
    p = sub.add_parser("excel", help="nhập danh sách cơ sở từ Excel, xuất danh sách và báo cáo")
    xsub = p.add_subparsers(dest="excel_command", metavar="VIỆC", required=True)

    imp = xsub.add_parser(
        "import",
        help="nhập cơ sở từ tệp .xlsx (xem trước, kiểm tra, dò trùng)",
        description="Nhập danh sách cơ sở CNNT từ tệp .xlsx: tự tìm dòng tiêu đề, ghép cột, "
        "chuyển chữ TCVN3/VNI, kiểm tra từng dòng, dò trùng; ghi một lần và lưu tệp báo cáo "
        "bên cạnh tệp nhập.",
    )
    imp.add_argument("what", choices=["facilities"], help="loại dữ liệu (facilities: cơ sở)")
    imp.add_argument("file", type=Path, metavar="TỆP.xlsx")
    imp.add_argument("--sheet", help="tên trang tính (mặc định: trang đầu tiên đang hiện)")
    imp.add_argument("--dry-run", action="store_true", help="chạy thử: kiểm tra, không ghi gì")
    imp.add_argument("--report", type=Path, metavar="OUT.xlsx",
                     help="tệp báo cáo (mặc định: “TÊN - kết quả nhập.xlsx” bên cạnh tệp nhập; "
                     "khi chạy thử chỉ ghi nếu có tuỳ chọn này)")  # fmt: skip
    imp.add_argument("--no-report", action="store_true", help="không ghi tệp báo cáo")
    imp.add_argument(
        "--update-matched",
        action="store_true",
        help="cập nhật cơ sở đã có khi trùng (mặc định: bỏ qua dòng trùng)",
    )
    imp.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="CỘT=TRƯỜNG",
        help="ghép cột bằng tay, ví dụ L=revenue hoặc M=- (bỏ cột); lặp lại được",
    )
    imp.add_argument(
        "--unit",
        action="append",
        default=[],
        metavar="CỘT=ĐƠNVỊ",
        help="đơn vị tiền của cột: dong, nghin, trieu, ty (ví dụ L=trieu)",
    )
    imp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    imp.set_defaults(func=run_import)

    sheets = xsub.add_parser("sheets", help="liệt kê các trang tính của tệp .xlsx")
    sheets.add_argument("file", type=Path, metavar="TỆP.xlsx")
    sheets.add_argument("--json", action="store_true")
    sheets.set_defaults(func=run_sheets)

    exp = xsub.add_parser("export", help="xuất danh sách ra tệp .xlsx")
    exp.add_argument("what", choices=["facilities", "surveys", "proposals"])
    exp.add_argument("--out", type=Path, required=True, metavar="F.xlsx")
    _filters(exp)
    exp.add_argument("--json", action="store_true")
    exp.set_defaults(func=run_export)

    rep = xsub.add_parser("report", help="báo cáo tổng hợp của tỉnh ra tệp .xlsx")
    rep.add_argument("what", choices=["facilities", "surveys", "proposals", "all"])
    rep.add_argument("--out", type=Path, required=True, metavar="F.xlsx")
    _filters(rep)
    rep.add_argument("--json", action="store_true")
    rep.set_defaults(func=run_report)


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--search", default="", help="tìm không dấu (tên, chủ cơ sở, MST, SĐT)")
    p.add_argument("--commune", type=int, help="mã xã/phường (danh mục 2025)")
    p.add_argument("--kind", help="loại hình: doanh_nghiep, htx, to_hop_tac, ho_kinh_doanh")
    p.add_argument("--from", dest="date_from", help="từ ngày (dd/mm/yyyy)")
    p.add_argument("--to", dest="date_to", help="đến ngày (dd/mm/yyyy)")
    p.add_argument("--status", help="trạng thái phiếu hoặc đề án")
    p.add_argument("--form", help="mã mẫu phiếu khảo sát")
    p.add_argument("--year", type=int, help="năm của đề án")
    p.add_argument("--category", help="mã nội dung khuyến công của đề án")
    p.add_argument("--source", help="nguồn kinh phí: national, provincial, other")


def _column_number(text: str) -> int:
    from kcdesk.domain.errors import KcError

    text = text.strip()
    if text.isdigit():
        return int(text)
    if re.fullmatch(r"[A-Za-z]{1,3}", text):
        from openpyxl.utils import column_index_from_string

        return int(column_index_from_string(text.upper()))
    raise KcError(f"“{text}” không phải tên cột (A, B, … hoặc số).",
                  f"“{text}” is not a column (A, B, … or a number).")  # fmt: skip


def _pairs(items: list[str], option: str) -> list[tuple[int, str]]:
    from kcdesk.domain.errors import KcError

    out = []
    for item in items:
        if "=" not in item:
            raise KcError(f"{option} cần dạng CỘT=GIÁ_TRỊ, ví dụ L=revenue: “{item}”.",
                          f"{option} takes COLUMN=VALUE, e.g. L=revenue: “{item}”.")  # fmt: skip
        column, value = item.split("=", 1)
        out.append((_column_number(column), value.strip()))
    return out


def run_sheets(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.io.excel.reading import list_sheets

    sheets = list_sheets(args.file)
    if args.json:
        print_json([{"name": s.name, "visible": s.visible, "rows": s.rows} for s in sheets])
    else:
        for s in sheets:
            out(f"{s.name}\t{s.rows or '?'} dòng{'' if s.visible else ' (ẩn)'}")
    return 0


def run_import(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import print_json
    from kcdesk.domain.errors import KcError
    from kcdesk.io.excel.fields import FIELDS_BY_KEY
    from kcdesk.services.excel_import import import_facilities

    columns: dict[int, str | None] | None = None
    if args.column:
        columns = {}
        for column, key in _pairs(args.column, "--column"):
            if key in ("", "-", "none"):
                columns[column] = None
            elif key in FIELDS_BY_KEY:
                columns[column] = key
            else:
                known = ", ".join(FIELDS_BY_KEY)
                raise KcError(f"Trường “{key}” không có. Các trường: {known}.",
                              f"Unknown field “{key}”. Fields: {known}.")  # fmt: skip
    units: dict[int, int] | None = None
    if args.unit:
        units = {}
        for column, unit in _pairs(args.unit, "--unit"):
            factor = _UNITS.get(unit.casefold()) or (int(unit) if unit.isdigit() else None)
            if not factor:
                raise KcError(f"Đơn vị “{unit}” không rõ: dùng dong, nghin, trieu hoặc ty.",
                              f"Unknown unit “{unit}”: use dong, nghin, trieu or ty.")  # fmt: skip
            units[column] = factor
    report = None if args.no_report else args.report
    result = import_facilities(
        ctx.db,
        args.file,
        sheet=args.sheet,
        dry_run=args.dry_run,
        report_path=report,
        write_report=not args.no_report,
        columns=columns,
        units=units,
        update_matched=args.update_matched,
    )
    if args.json:
        print_json(result.to_json())
    else:
        _print_import(result)
    return 0


def _print_import(result: Any) -> None:
    from kcdesk.cli import out

    p = result.preview
    span = f"{p.first_data_row}–{p.last_data_row}" if p.rows else "—"
    out(f"Tệp: {p.path.name} · trang “{p.sheet}” · dòng tiêu đề {p.header_row} · dữ liệu {span}")
    out(f"Đã đọc {len(p.rows)} dòng: {p.count('new')} mới, {p.count('matched')} trùng, "
        f"{p.count('invalid')} lỗi.")  # fmt: skip
    for title, status in (("Dòng lỗi", "invalid"), ("Dòng trùng", "matched")):
        rows = [r for r in p.rows if r.status == status]
        if rows:
            out(f"{title}: {', '.join(str(r.row) for r in rows)}")
            for r in rows:
                reasons = [m.message_vi for m in r.errors]
                if r.match is not None:
                    reasons.append(r.match.reason_vi)
                out(f"  Dòng {r.row} ({r.data.name or '—'}): {' '.join(reasons)}")
    warned = [r for r in p.rows if r.warnings and r.status != "invalid"]
    if warned:
        out(f"Cảnh báo ({len(warned)} dòng):")
        for r in warned:
            out(f"  Dòng {r.row}: {' '.join(w.message_vi for w in r.warnings)}")
    for note in p.notes:
        out(f"Ghi chú: {note.message_vi}")
    if result.dry_run:
        out("Chạy thử: chưa ghi gì vào cơ sở dữ liệu.")
    else:
        out(f"Đã thêm {result.created} cơ sở, cập nhật {result.updated}, bỏ qua {result.skipped}.")
    if result.report_path:
        out(f"Tệp báo cáo: {result.report_path}")


def _date(text: str | None) -> date | None:
    from kcdesk.domain.errors import KcError
    from kcdesk.vn.dates import parse_date

    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise KcError(f"Ngày “{text}” không đúng dạng dd/mm/yyyy.",
                      f"Date “{text}” is not dd/mm/yyyy.") from exc  # fmt: skip


def _export_filters(args: argparse.Namespace) -> Any:
    from kcdesk.services.excel_export import ExportFilter

    return ExportFilter(
        search=args.search,
        commune_code=args.commune,
        kind=args.kind or "",
        date_from=_date(args.date_from),
        date_to=_date(args.date_to),
        status=args.status or "",
        form_id=args.form or "",
        year=args.year,
        category=args.category or "",
        source=args.source or "",
    )


def _progress(done: int, total: int, _text: str) -> None:
    if total > 0 and sys.stderr.isatty():
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)


def run_export(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.excel_export import export

    result = export(ctx.db, args.what, args.out, _export_filters(args), progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if args.json:
        print_json(result.to_json())
    else:
        out(f"Đã xuất {result.rows} dòng ra {result.path}")
    return 0


def run_report(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.reports import ReportFilter, write_reports

    flt = ReportFilter(
        date_from=_date(args.date_from),
        date_to=_date(args.date_to),
        year=args.year,
        commune_code=args.commune,
        kind=args.kind or "",
        status=args.status or "",
        category=args.category or "",
        source=args.source or "",
    )
    result = write_reports(ctx.db, args.what, args.out, flt)
    if args.json:
        print_json(result.to_json())
    else:
        out(f"Đã lập {len(result.sheets)} báo cáo ({', '.join(result.sheets)}) ra {result.path}")
    return 0
