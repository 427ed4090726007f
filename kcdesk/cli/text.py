"""``kcdesk text convert --from tcvn3|vni FILE``: legacy Vietnamese text → Unicode (UTF-8, NFC).

FILE is a text file in TCVN3 (ABC) or VNI-Windows bytes, or the same garbled text already saved as
UTF-8 (``"Tiªn L·ng"`` pasted from an old document). An ``.xlsx`` is converted cell by cell
according to each cell's font (``.Vn…``, ``.Vn…H``, ``VNI-…``) into a new workbook.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("text", help="chuyển chữ tiếng Việt mã cũ (TCVN3, VNI) sang Unicode")
    tsub = p.add_subparsers(dest="text_command", metavar="VIỆC", required=True)
    c = tsub.add_parser(
        "convert",
        help="chuyển một tệp văn bản (hoặc .xlsx theo phông chữ từng ô) sang Unicode",
        description="Chuyển chữ TCVN3 (ABC, phông .VnTime) hoặc VNI (phông VNI-Times) sang "
        "Unicode NFC. Tệp .xlsx được chuyển từng ô theo phông chữ của ô.",
    )
    c.add_argument("file", type=Path, metavar="TỆP")
    c.add_argument(
        "--from",
        dest="encoding",
        choices=["tcvn3", "vni"],
        help="bảng mã của tệp văn bản (bắt buộc, trừ tệp .xlsx)",
    )
    c.add_argument(
        "--caps",
        action="store_true",
        help="TCVN3 gõ bằng phông chữ hoa (.VnTimeH): đổi kết quả sang chữ hoa",
    )
    c.add_argument("--out", type=Path, help="ghi ra tệp này (mặc định: in ra màn hình; "
                   ".xlsx: TÊN-unicode.xlsx bên cạnh)")  # fmt: skip
    c.set_defaults(func=run)


def read_legacy_text(path: Path) -> str:
    """The characters of a legacy text file: UTF-8 if it is valid UTF-8 (garbled text pasted and
    saved as Unicode), else its bytes one by one (TCVN3 and VNI are single-byte encodings)."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def run(args: argparse.Namespace, ctx: Any) -> int:
    from kcdesk.domain.errors import KcError
    from kcdesk.vn.legacy import decode

    path: Path = args.file
    if not path.is_file():
        raise KcError(f"Không tìm thấy tệp “{path}”.", f"File “{path}” not found.")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from kcdesk.io.excel.convert import convert_workbook

        out = args.out or path.with_name(f"{path.stem}-unicode.xlsx")
        counts = convert_workbook(path, out, force=args.encoding)
        done = ", ".join(f"{n} ô {k.upper()}" for k, n in sorted(counts.items())) or "không ô nào"
        print(f"Đã chuyển {done}; đã ghi {out}", file=sys.stderr)
        return 0
    if args.encoding is None:
        raise KcError(
            "Hãy cho biết bảng mã của tệp: --from tcvn3 hoặc --from vni.",
            "Say which encoding the file is in: --from tcvn3 or --from vni.",
        )
    text = decode(read_legacy_text(path), args.encoding, capitals=args.caps)
    if args.out:
        args.out.write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    return 0
