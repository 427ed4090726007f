"""Errors about Excel files, each with what to do about it (Vietnamese first, English twin)."""

from __future__ import annotations

from kcdesk.domain.errors import KcError


class ExcelError(KcError):
    """A workbook cannot be used as it is. ``code`` lets callers and tests tell the cases apart."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi, message_en)
        self.code = code


def old_xls(name: str) -> ExcelError:
    return ExcelError(
        "xls",
        f"Tệp “{name}” là định dạng Excel cũ (.xls), kcdesk chỉ đọc được .xlsx. Hãy mở tệp trong "
        "Excel, chọn Tệp › Lưu thành (File › Save As), ở ô “Kiểu tệp” chọn “Sổ làm việc Excel "
        "(*.xlsx)”, lưu lại rồi nhập tệp .xlsx mới.",
        f"“{name}” is an old Excel file (.xls); kcdesk reads .xlsx only. Open it in Excel, choose "
        "File › Save As, pick “Excel Workbook (*.xlsx)” as the type, save, and import the new "
        ".xlsx file.",
    )


def html_as_xls(name: str) -> ExcelError:
    return ExcelError(
        "html",
        f"Tệp “{name}” thực chất là trang web (HTML) mang đuôi Excel, thường do phần mềm khác "
        "xuất ra. Hãy mở tệp trong Excel, chọn Tệp › Lưu thành, kiểu “Sổ làm việc Excel "
        "(*.xlsx)”, rồi nhập tệp .xlsx đó.",
        f"“{name}” is a web page (HTML) with an Excel name, as some programs export. Open it in "
        "Excel, choose File › Save As, type “Excel Workbook (*.xlsx)”, and import that file.",
    )


def other_format(name: str, kind_vi: str, kind_en: str) -> ExcelError:
    return ExcelError(
        "format",
        f"Tệp “{name}” là {kind_vi}, không phải sổ làm việc Excel (.xlsx). Hãy mở bằng Excel "
        "hoặc LibreOffice và lưu thành .xlsx.",
        f"“{name}” is {kind_en}, not an Excel workbook (.xlsx). Open it in Excel or LibreOffice "
        "and save it as .xlsx.",
    )


def password_protected(name: str) -> ExcelError:
    return ExcelError(
        "password",
        f"Tệp “{name}” được đặt mật khẩu nên không đọc được. Hãy mở tệp trong Excel, chọn Tệp › "
        "Thông tin › Bảo vệ sổ làm việc › Mã hóa bằng mật khẩu, xoá mật khẩu, lưu lại rồi nhập.",
        f"“{name}” is password-protected and cannot be read. Open it in Excel, choose File › Info "
        "› Protect Workbook › Encrypt with Password, clear the password, save, and import again.",
    )


def corrupt(name: str, detail: str = "") -> ExcelError:
    extra_vi = f" (chi tiết: {detail})" if detail else ""
    extra_en = f" (detail: {detail})" if detail else ""
    return ExcelError(
        "corrupt",
        f"Tệp “{name}” bị hỏng hoặc không phải tệp Excel .xlsx{extra_vi}. Hãy thử mở bằng Excel; "
        "nếu mở được, lưu lại thành tệp .xlsx mới rồi nhập.",
        f"“{name}” is damaged or not an .xlsx workbook{extra_en}. Try opening it in Excel; if it "
        "opens, save it as a new .xlsx file and import that.",
    )


def locked(name: str) -> ExcelError:
    return ExcelError(
        "locked",
        f"Tệp “{name}” đang được mở trong Excel hoặc một chương trình khác. Hãy lưu và đóng tệp "
        "rồi thử lại.",
        f"“{name}” is open in Excel or another program. Save and close it, then try again.",
    )


def open_in_excel(name: str, owner_file: str) -> ExcelError:
    return ExcelError(
        "locked",
        f"Tệp “{name}” đang mở trong Excel (có tệp khoá “{owner_file}” bên cạnh): những sửa đổi "
        "chưa lưu sẽ không được nhập. Hãy lưu và đóng tệp trong Excel rồi thử lại. Nếu Excel đã "
        f"đóng, hãy xoá tệp “{owner_file}”.",
        f"“{name}” is open in Excel (its lock file “{owner_file}” is next to it): unsaved changes "
        f"would be missed. Save and close it in Excel, then try again. If Excel is closed, delete "
        f"“{owner_file}”.",
    )


def not_found(name: str) -> ExcelError:
    return ExcelError("not_found", f"Không tìm thấy tệp “{name}”.", f"File “{name}” was not found.")


def cannot_write(name: str, detail: str = "") -> ExcelError:
    extra_vi = f" ({detail})" if detail else ""
    return ExcelError(
        "cannot_write",
        f"Không ghi được tệp “{name}”{extra_vi}. Nếu tệp đang mở trong Excel, hãy đóng lại; nếu "
        "thư mục chỉ cho đọc, hãy chọn nơi lưu khác.",
        f"Cannot write “{name}”{extra_vi}. If it is open in Excel, close it; if the folder is "
        "read-only, choose another place.",
    )


def sheet_not_found(sheet: str, available: list[str]) -> ExcelError:
    names = ", ".join(f"“{s}”" for s in available)
    return ExcelError(
        "sheet",
        f"Không có trang tính “{sheet}”. Các trang có trong tệp: {names}.",
        f"There is no sheet “{sheet}”. The workbook has: {names}.",
    )


def empty_sheet(sheet: str) -> ExcelError:
    return ExcelError(
        "empty",
        f"Trang tính “{sheet}” không có dữ liệu. Hãy chọn trang khác.",
        f"Sheet “{sheet}” is empty. Choose another sheet.",
    )


def no_header(sheet: str, wanted_vi: str, wanted_en: str) -> ExcelError:
    return ExcelError(
        "no_header",
        f"Không tìm thấy dòng tiêu đề cột trên trang “{sheet}”: cần ít nhất {wanted_vi}. Hãy kiểm "
        "tra lại trang tính hoặc chọn cột bằng tay.",
        f"No row of column headers found on sheet “{sheet}”: at least {wanted_en} is needed. "
        "Check the sheet or map the columns by hand.",
    )


def missing_columns(labels_vi: list[str], labels_en: list[str]) -> ExcelError:
    return ExcelError(
        "missing_column",
        "Thiếu cột bắt buộc: " + ", ".join(labels_vi) + ". Hãy chọn cột tương ứng trong bảng "
        "ghép cột hoặc thêm cột vào tệp.",
        "Required column missing: " + ", ".join(labels_en) + ". Map it in the column mapping or "
        "add it to the file.",
    )
