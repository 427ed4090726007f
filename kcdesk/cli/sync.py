"""``kcdesk sync setup-file|enrol|export|import|inspect|status|conflicts|keys``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

_KIND_VI = {"facility": "cơ sở", "survey": "phiếu khảo sát", "proposal": "đề án",
            "attachment": "tệp đính kèm"}  # fmt: skip


def register(sub: Any) -> None:
    p = sub.add_parser("sync", help="đồng bộ: tệp thiết lập, xuất và nhập gói .kcsync")
    ssub = p.add_subparsers(dest="sync_command", metavar="VIỆC", required=True)

    setup = ssub.add_parser("setup-file", help="(Trung tâm) tạo tệp thiết lập cho cộng tác viên")
    setup.add_argument("--collaborator", required=True, metavar="HỌ_TÊN")
    setup.add_argument("--out", required=True, type=Path, metavar="TỆP")
    setup.add_argument("--phone", default="", metavar="SĐT")
    setup.add_argument("--commune", action="append", default=[], metavar="XÃ",
                       help="xã/phường phụ trách (mã hoặc tên; lặp lại được)")  # fmt: skip
    setup.add_argument("--json", action="store_true")
    setup.set_defaults(func=setup_file)

    en = ssub.add_parser("enrol", help="(cộng tác viên) nhận tệp thiết lập của Trung tâm")
    en.add_argument("file", type=Path, metavar="TỆP")
    en.add_argument("--json", action="store_true")
    en.set_defaults(func=enrol)

    ex = ssub.add_parser("export", help="xuất gói thay đổi (Trung tâm: gói trả lời)")
    ex.add_argument("--out", required=True, type=Path, metavar="TỆP",
                    help="tệp gói; với --all là thư mục")  # fmt: skip
    who = ex.add_mutually_exclusive_group()
    who.add_argument("--to", default=None, metavar="THIẾT_BỊ",
                     help="(Trung tâm) mã thiết bị hoặc họ tên cộng tác viên")  # fmt: skip
    who.add_argument("--all", action="store_true", help="(Trung tâm) mỗi cộng tác viên một gói")
    ex.add_argument("--json", action="store_true")
    ex.set_defaults(func=export)

    im = ssub.add_parser("import", help="nhập một hay nhiều gói, theo thứ tự bất kỳ")
    im.add_argument("files", type=Path, nargs="+", metavar="TỆP")
    im.add_argument("--preview", action="store_true", help="chỉ cho biết sẽ làm gì, không ghi")
    im.add_argument("--trust-new-device", action="store_true",
                    help="chấp nhận thiết bị mới sau khi đã đối chiếu vân tay qua điện thoại")  # fmt: skip
    im.add_argument("--json", action="store_true")
    im.set_defaults(func=import_)

    ins = ssub.add_parser("inspect", help="kiểm tra và mô tả một gói, không ghi gì")
    ins.add_argument("file", type=Path, metavar="TỆP")
    ins.add_argument("--json", action="store_true")
    ins.set_defaults(func=inspect)

    st = ssub.add_parser("status", help="máy này, các thiết bị đã đăng ký, gói đã gửi và nhận")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=status)

    co = ssub.add_parser("conflicts", help="các bản ghi đang xung đột chờ xử lý")
    co.add_argument("--json", action="store_true")
    co.set_defaults(func=conflicts)

    keys = ssub.add_parser(
        "keys", help="(Trung tâm dùng máy chủ) mang khoá đồng bộ sang máy tính khác",
        description="Cơ sở dữ liệu trên máy chủ (PostgreSQL) dùng chung một bộ khoá đồng bộ; "
        "khoá chỉ mở được trên máy đã tạo ra nó. Xuất khoá ra tệp có mật khẩu ở máy đó, "
        "rồi nhận tệp ở máy kia.",
    )  # fmt: skip
    ksub = keys.add_subparsers(dest="keys_command", metavar="VIỆC", required=True)
    kex = ksub.add_parser("export", help="ghi khoá của máy này ra tệp, bảo vệ bằng mật khẩu")
    kex.add_argument("--out", required=True, type=Path, metavar="TỆP", help="tệp .kckeys")
    kex.add_argument("--passphrase-file", type=Path, default=None, metavar="TỆP",
                     help="đọc mật khẩu từ dòng đầu của tệp này thay vì hỏi (cho script)")  # fmt: skip
    kex.add_argument("--json", action="store_true")
    kex.set_defaults(func=keys_export)
    kim = ksub.add_parser("import", help="nhận khoá từ tệp do máy khác xuất")
    kim.add_argument("file", type=Path, metavar="TỆP")
    kim.add_argument("--passphrase-file", type=Path, default=None, metavar="TỆP",
                     help="đọc mật khẩu từ dòng đầu của tệp này thay vì hỏi (cho script)")  # fmt: skip
    kim.add_argument("--json", action="store_true")
    kim.set_defaults(func=keys_import)


def _counts(counts: dict[str, Any]) -> str:
    parts = []
    for kind, value in counts.items():
        n = value if isinstance(value, int) else sum(value.values())
        parts.append(f"{n} {_KIND_VI.get(kind, kind)}")
    return ", ".join(parts) or "không có bản ghi"


def setup_file(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.sync import create_setup_file

    result = create_setup_file(ctx.db, args.out, person_name=args.collaborator, phone=args.phone,
                               communes=list(args.commune))  # fmt: skip
    if args.json:
        print_json(result.to_json())
        return 0
    out(f"Đã tạo tệp thiết lập cho {result.person_name}: {result.path}")
    out(f"Vân tay của Trung tâm (đọc cho cộng tác viên đối chiếu): {result.province_fingerprint}")
    out("Tệp này như một mật khẩu: chỉ trao tận tay hoặc gửi riêng cho người đó.")
    return 0


def enrol(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.sync import enrol as take

    result = take(ctx.db, args.file)
    if args.json:
        print_json(result.to_json())
        return 0
    out(f"Đã thiết lập máy cho {result.person_name}, làm việc với {result.province_name}.")
    out(f"Vân tay của Trung tâm: {result.province_fingerprint} (hãy đối chiếu qua điện thoại)")
    out(f"Vân tay của máy này:   {result.fingerprint}")
    return 0


def export(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.sync import export_all, export_package

    results = (
        export_all(ctx.db, args.out) if args.all else [export_package(ctx.db, args.out, to=args.to)]
    )
    if args.json:
        print_json([r.to_json() for r in results])
        return 0
    for r in results:
        out(f"Đã xuất {r.path} cho {r.receiver_name}: {_counts(r.counts)}, "
            f"{r.attachments} tệp đính kèm, {r.receipts} biên nhận.")  # fmt: skip
        out(f"  Mã hoá cho thiết bị có vân tay {r.receiver_fingerprint}.")
    if not results:
        out("Chưa có cộng tác viên nào được đăng ký.")
    return 0


def import_(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.domain.errors import KcError
    from kcdesk.services.sync import ImportOutcome, import_package, import_packages

    if args.preview:
        outcomes = []
        for path in args.files:
            try:
                result = import_package(ctx.db, path, preview=True,
                                        trust_new_device=args.trust_new_device)  # fmt: skip
                outcomes.append(ImportOutcome(str(path), True, result))
            except KcError as exc:
                outcomes.append(ImportOutcome(str(path), False, None, getattr(exc, "code", "error"),
                                              exc.message_vi, exc.message_en))  # fmt: skip
    else:
        outcomes = import_packages(ctx.db, args.files, trust_new_device=args.trust_new_device)
    if args.json:
        print_json([o.to_json() for o in outcomes])
    else:
        for o in outcomes:
            if not o.ok or o.result is None:
                out(f"{o.file}: KHÔNG NHẬN. {o.error_vi}")
                continue
            r = o.result
            if r.status == "duplicate":
                when = r.previous_import.strftime("%d/%m/%Y %H:%M") if r.previous_import else ""
                out(f"{o.file}: gói này đã được nhập trước đây ({when}); không thay đổi gì.")
                continue
            verb = "Sẽ nhập" if r.status == "preview" else "Đã nhập"
            out(f"{o.file}: {verb} gói của {r.sender_name} (vân tay {r.sender_fingerprint}).")
            for kind, c in r.counts.items():
                out(f"  {_KIND_VI.get(kind, kind)}: thêm {c['inserted']}, cập nhật {c['updated']}, "
                    f"đã có {c['skipped']}, xung đột {c['conflicts']}")  # fmt: skip
            if r.receipts:
                out(f"  {r.receipts} biên nhận, {r.acknowledged} gói đã gửi được xác nhận.")
            for conflict in r.conflicts:
                out(f"  Xung đột cần xem xét: {conflict.label}")
    return 0 if all(o.ok for o in outcomes) else 1


def inspect(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.sync import inspect_package

    r = inspect_package(args.file, ctx.db)
    if args.json:
        print_json(r.to_json())
        return 0
    kinds = {"changes": "gói thay đổi", "reply": "gói trả lời", "setup": "tệp thiết lập"}
    out(f"{r.file}: {kinds.get(r.kind, r.kind)}, định dạng {r.format_version}, "
        f"mã gói {r.package_id}")  # fmt: skip
    out(f"  Người gửi: {r.sender_name} ({r.sender_role}), thiết bị {r.sender_device}")
    out(f"  Vân tay người gửi: {r.sender_fingerprint} — chữ ký hợp lệ")
    known = {
        "known": "thiết bị đã đăng ký",
        "unknown": "thiết bị chưa đăng ký ở máy này",
        "key_mismatch": "KHOÁ KHÁC với khoá đã đăng ký",
        "this installation": "chính máy này",
    }
    out(f"  {known.get(r.sender_known, r.sender_known)}")  # fmt: skip
    if r.receiver_device:
        mine = " (máy này)" if r.for_this_installation else ""
        out(f"  Người nhận: {r.receiver_name}, thiết bị {r.receiver_device}{mine}")
    out(f"  {'Đã mã hoá' if r.encrypted else 'Không mã hoá'}; {_counts(r.counts)}")
    if r.already_imported:
        out(f"  Đã nhập lúc {r.already_imported.strftime('%d/%m/%Y %H:%M')}.")
    return 0


def status(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.sync import identity, list_packages, list_peers

    me = identity(ctx.db)
    peers = list_peers(ctx.db)
    packages = list_packages(ctx.db, limit=20)
    if args.json:
        print_json({"identity": me.to_json(), "peers": [p.to_json() for p in peers],
                    "packages": [p.to_json() for p in packages]})  # fmt: skip
        return 0
    out(f"Máy này: {me.person_name} ({me.role}), thiết bị {me.device_id}")
    out(f"  Vân tay: {me.fingerprint}")
    for p in peers:
        out(f"  {p.role}: {p.person_name or p.centre_name} — {p.device_id} — vân tay "
            f"{p.fingerprint} — {p.status}")  # fmt: skip
    for pkg in packages:
        when = pkg.at.strftime("%d/%m/%Y %H:%M") if pkg.at else ""
        arrow = "gửi →" if pkg.direction == "sent" else "nhận ←"
        ack = " (đã xác nhận)" if pkg.acknowledged_at else ""
        out(f"  {when} {arrow} {pkg.peer_name}: {_counts(pkg.counts)}{ack}")
    return 0


def conflicts(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.services.sync import list_conflicts

    rows = list_conflicts(ctx.db)
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        out("Không có xung đột nào.")
    for r in rows:
        out(f"{r.label}: {r.versions} phiên bản — {r.kind} {r.uuid}")
    return 0


def _passphrase_from(path: Path) -> str:
    """The first line of a passphrase file (UTF-8, a Notepad BOM dropped)."""
    from kcdesk.domain.errors import KcError

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KcError(f"Không đọc được tệp mật khẩu “{path}”.",
                      f"Cannot read the passphrase file “{path}”.") from exc  # fmt: skip
    lines = text.splitlines()
    return lines[0] if lines else ""


def _ask(prompt: str) -> str:
    import getpass

    return getpass.getpass(prompt)


def keys_export(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.cli import out, print_json
    from kcdesk.domain.errors import KcError
    from kcdesk.services.sync import export_keys
    from kcdesk.services.sync.key_transfer import MIN_PASSPHRASE, check_passphrase

    if args.passphrase_file is not None:
        passphrase = _passphrase_from(args.passphrase_file)
    else:
        passphrase = _ask(f"Đặt mật khẩu cho tệp khoá (ít nhất {MIN_PASSPHRASE} ký tự): ")
        check_passphrase(passphrase)
        if _ask("Nhập lại mật khẩu: ") != passphrase:
            raise KcError("Hai lần nhập mật khẩu không khớp; chưa ghi tệp nào.",
                          "The two passphrases differ; no file was written.")  # fmt: skip
    result = export_keys(ctx.db, args.out, passphrase)
    if args.json:
        print_json(result.to_json())
        return 0
    out(f"Đã ghi tệp khoá của {result.owner}: {result.path}")
    out(f"Vân tay: {result.fingerprint} (máy nhận khoá sẽ hiện đúng vân tay này)")
    out("Ở máy kia: kcdesk sync keys import TỆP (hoặc “Nhận khoá từ máy khác…” trong trang "
        "Đồng bộ), rồi nhập mật khẩu.")  # fmt: skip
    out("Ai có tệp này và mật khẩu có thể ký gói thay Trung tâm: chuyển tệp và mật khẩu theo hai "
        "đường khác nhau, xoá tệp khi đã nhận xong.")  # fmt: skip
    return 0


def keys_import(args: argparse.Namespace, ctx: Any) -> int:
    import sys

    from kcdesk.cli import out, print_json
    from kcdesk.services.sync import import_keys, inspect_key_file

    info = inspect_key_file(ctx.db, args.file)  # damaged or another centre's: before the prompt
    if args.passphrase_file is not None:
        passphrase = _passphrase_from(args.passphrase_file)
    else:
        print(f"Tệp khoá của {info.owner}, vân tay {info.fingerprint}.", file=sys.stderr)
        passphrase = _ask("Mật khẩu của tệp khoá: ")
    result = import_keys(ctx.db, args.file, passphrase)
    if args.json:
        print_json(result.to_json())
        return 0
    if result.status == "already_here":
        out(f"Máy này đã có khoá của {result.owner} (vân tay {result.fingerprint}); "
            "không thay đổi gì.")  # fmt: skip
    else:
        out(f"Đã nhận khoá của {result.owner}. Vân tay của máy này: {result.fingerprint}")
        out("Máy này giờ đồng bộ được như máy đã xuất khoá. Hãy xoá tệp khoá khi không cần nữa.")
    return 0
