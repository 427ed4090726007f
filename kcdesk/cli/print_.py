"""``kcdesk print …``: blank survey forms, filled surveys, batches of surveys, proposals (PDF)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("print", help="in ra PDF: phiếu trắng, phiếu khảo sát, đề án")
    what = p.add_subparsers(dest="print_what", metavar="LOẠI", required=True)

    blank = what.add_parser("survey-form", help="phiếu khảo sát trắng để in và điền tay")
    blank.add_argument(
        "--blank",
        action="store_true",
        required=True,
        help="phiếu trắng (bắt buộc: chưa có kiểu in khác)",
    )
    blank.add_argument("--form", default=None, help="mã mẫu phiếu (mặc định khao-sat-co-so)")
    blank.add_argument("--version", type=int, default=None, help="phiên bản (mặc định: mới nhất)")
    _common(blank)
    blank.set_defaults(func=run_blank)

    one = what.add_parser("survey", help="một phiếu khảo sát đã điền")
    one.add_argument("uuid", help="mã phiếu (UUID)")
    one.add_argument("--no-photos", action="store_true", help="không in ảnh")
    _common(one)
    one.set_defaults(func=run_survey)

    many = what.add_parser("surveys", help="nhiều phiếu khảo sát trong một tệp PDF")
    many.add_argument("--commune", default=None, help="xã/phường (tên hoặc mã, địa giới 2025)")
    many.add_argument(
        "--status",
        choices=["draft", "complete"],
        default=None,
        help="tình trạng: draft (bản nháp) hoặc complete (hoàn thành)",
    )
    many.add_argument("--facility", default=None, help="mã cơ sở (UUID)")
    many.add_argument("--from", dest="date_from", default=None, help="từ ngày (dd/mm/yyyy)")
    many.add_argument("--to", dest="date_to", default=None, help="đến ngày (dd/mm/yyyy)")
    many.add_argument("--search", default="", help="tìm theo tên cơ sở, chủ cơ sở, người khảo sát")
    many.add_argument("--photos", action="store_true", help="in cả ảnh")
    _common(many)
    many.set_defaults(func=run_surveys)

    proposal = what.add_parser("proposal", help="đề án khuyến công")
    proposal.add_argument("uuid", help="mã đề án (UUID)")
    proposal.add_argument("--out", required=True, type=Path, help="tệp PDF sẽ ghi")
    proposal.set_defaults(func=run_proposal)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, type=Path, help="tệp PDF sẽ ghi")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ in (mặc định vi)")


def _done(path: Path, pages: int, surveys: int = 0) -> int:
    from kcdesk.cli import out

    what = f", {surveys} phiếu" if surveys > 1 else ""
    out(f"Đã ghi {path} ({pages} trang{what}).")
    return 0


def run_blank(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.domain.forms import DEFAULT_FORM_ID
    from kcdesk.services.survey_print import print_blank_form

    result = print_blank_form(
        ctx.db, args.out, args.form or DEFAULT_FORM_ID, args.version, args.lang
    )
    return _done(result.path, result.pages)


def run_survey(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.services.survey_print import print_survey

    result = print_survey(ctx.db, args.uuid, args.out, args.lang, not args.no_photos)
    return _done(result.path, result.pages)


def _date(text: str | None, flag: str) -> Any:
    from kcdesk.domain.errors import KcError
    from kcdesk.vn.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise KcError(
            f"{flag}: “{text}” không phải ngày dd/mm/yyyy.",
            f"{flag}: “{text}” is not a date dd/mm/yyyy.",
        ) from exc


def run_surveys(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.services.survey_print import print_surveys
    from kcdesk.services.surveys import find_commune_code

    commune = find_commune_code(ctx.db, args.commune) if args.commune else None
    interactive = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if interactive or done == total or done % 100 == 0:
            end = "\n" if done == total else "\r" if interactive else "\n"
            sys.stderr.write(f"Đã in {done}/{total} phiếu{end}")
            sys.stderr.flush()

    result = print_surveys(
        ctx.db,
        args.out,
        commune_code=commune,
        status=args.status,
        facility_uuid=args.facility,
        date_from=_date(args.date_from, "--from"),
        date_to=_date(args.date_to, "--to"),
        search=args.search,
        lang=args.lang,
        include_photos=args.photos,
        progress=progress,
    )
    return _done(result.path, result.pages, result.surveys)


def run_proposal(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.domain.errors import KcError

    try:
        from kcdesk.services.proposal_print import print_proposal  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError as exc:
        if exc.name != "kcdesk.services.proposal_print":
            raise
        raise KcError(
            "Bản kcdesk này chưa in được đề án.", "This kcdesk build cannot print proposals yet."
        ) from exc
    result = print_proposal(ctx.db, args.uuid, args.out)
    path = getattr(result, "path", args.out)
    pages = getattr(result, "pages", None)
    if isinstance(pages, int):
        return _done(Path(path), pages)
    from kcdesk.cli import out

    out(f"Đã ghi {path}.")
    return 0
