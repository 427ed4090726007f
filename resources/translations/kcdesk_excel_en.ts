<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>ExcelPreview</name>
    <message>
        <source>Mới</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Trùng</source>
        <translation>Duplicate</translation>
    </message>
    <message>
        <source>Lỗi</source>
        <translation>Invalid</translation>
    </message>
    <message>
        <source>Thêm mới</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Cập nhật cơ sở đã có</source>
        <translation>Update the existing facility</translation>
    </message>
    <message>
        <source>Bỏ qua</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Sẽ làm</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Tên cơ sở</source>
        <translation>Facility name</translation>
    </message>
    <message>
        <source>Loại hình</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Xã/phường</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Mã số thuế</source>
        <translation>Tax code</translation>
    </message>
    <message>
        <source>Số điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Lý do / ghi chú</source>
        <translation>Reasons / notes</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Xuất ra Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>Danh sách cơ sở</source>
        <translation>Facility list</translation>
    </message>
    <message>
        <source>Phiếu khảo sát</source>
        <translation>Surveys</translation>
    </message>
    <message>
        <source>Đề án và dự toán kinh phí</source>
        <translation>Proposals and budgets</translation>
    </message>
    <message>
        <source>Xuất:</source>
        <translation>Export:</translation>
    </message>
    <message>
        <source>tên, chủ cơ sở, MST, SĐT (không dấu cũng được)</source>
        <translation>name, owner, tax code, phone (diacritics optional)</translation>
    </message>
    <message>
        <source>Tìm:</source>
        <translation>Search:</translation>
    </message>
    <message>
        <source>Mọi loại hình</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source>Loại hình:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <source>Chỉ phiếu khảo sát từ</source>
        <translation>Only surveys from</translation>
    </message>
    <message>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Thời gian:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>Trạng thái:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>mọi năm</source>
        <translation>all years</translation>
    </message>
    <message>
        <source>Năm đề án:</source>
        <translation>Proposal year:</translation>
    </message>
    <message>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Lưu vào tệp:</source>
        <translation>Save to file:</translation>
    </message>
    <message>
        <source>Mở tệp</source>
        <translation>Open file</translation>
    </message>
    <message>
        <source>Xuất</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Mọi trạng thái</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Nháp</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Hoàn thành</source>
        <translation>Complete</translation>
    </message>
    <message>
        <source>Lưu tệp Excel</source>
        <translation>Save Excel file</translation>
    </message>
    <message>
        <source>Hãy chọn nơi lưu tệp.</source>
        <translation>Choose where to save the file.</translation>
    </message>
    <message>
        <source>Đang xuất…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>Đang xuất ra Excel…</source>
        <translation>Exporting to Excel…</translation>
    </message>
    <message>
        <source>Đã xuất {0} dòng ra {1}</source>
        <translation>Exported {0} rows to {1}</translation>
    </message>
    <message>
        <source>Đã huỷ, không có tệp nào được ghi.</source>
        <translation>Cancelled; no file was written.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Nhập danh sách cơ sở từ Excel</source>
        <translation>Import facilities from Excel</translation>
    </message>
    <message>
        <source>&lt; Quay lại</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>Tiếp &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>Nhập vào danh sách</source>
        <translation>Import into the register</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Tệp Excel (.xlsx):</source>
        <translation>Excel file (.xlsx):</translation>
    </message>
    <message>
        <source>Chọn tệp danh sách cơ sở…</source>
        <translation>Choose a facility list…</translation>
    </message>
    <message>
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>Trang tính:</source>
        <translation>Sheet:</translation>
    </message>
    <message>
        <source>kcdesk tự tìm dòng tiêu đề, bỏ qua các dòng tiêu đề trang, dòng trống, dòng số thứ tự cột (1), (2)… và dòng “Tổng cộng”; chữ TCVN3 (.VnTime) và VNI được chuyển sang Unicode theo phông chữ của từng ô. Chưa có gì được ghi cho đến khi bạn bấm “Nhập vào danh sách”.</source>
        <translation>kcdesk finds the header row by itself and skips title rows, blank rows, the column-number row (1), (2)… and the “Tổng cộng” total row; TCVN3 (.VnTime) and VNI text is converted to Unicode by each cell&apos;s font. Nothing is written until you press “Import into the register”.</translation>
    </message>
    <message>
        <source>Dòng tiêu đề:</source>
        <translation>Header row:</translation>
    </message>
    <message>
        <source>Cột</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>Tiêu đề trong tệp</source>
        <translation>Header in the file</translation>
    </message>
    <message>
        <source>Ví dụ</source>
        <translation>Examples</translation>
    </message>
    <message>
        <source>Nhập vào trường</source>
        <translation>Import into field</translation>
    </message>
    <message>
        <source>Đơn vị tiền</source>
        <translation>Money unit</translation>
    </message>
    <message>
        <source>Kiểm tra cột nào nhập vào trường nào; chọn “(không nhập)” để bỏ một cột. Cách ghép bạn chọn được nhớ cho các tệp cùng mẫu.</source>
        <translation>Check which column goes into which field; choose “(not imported)” to leave a column out. Your mapping is remembered for files with the same layout.</translation>
    </message>
    <message>
        <source>Xem:</source>
        <translation>Show:</translation>
    </message>
    <message>
        <source>Tất cả các dòng</source>
        <translation>All rows</translation>
    </message>
    <message>
        <source>Dòng mới</source>
        <translation>New rows</translation>
    </message>
    <message>
        <source>Dòng trùng</source>
        <translation>Duplicate rows</translation>
    </message>
    <message>
        <source>Dòng lỗi</source>
        <translation>Invalid rows</translation>
    </message>
    <message>
        <source>Dòng có cảnh báo</source>
        <translation>Rows with warnings</translation>
    </message>
    <message>
        <source>Cập nhật mọi cơ sở trùng</source>
        <translation>Update every duplicate facility</translation>
    </message>
    <message>
        <source>Bỏ qua mọi dòng trùng</source>
        <translation>Skip every duplicate row</translation>
    </message>
    <message>
        <source>Lưu tệp báo cáo (bản sao tệp kèm kết quả từng dòng):</source>
        <translation>Save a report (a copy of the file with each row&apos;s outcome):</translation>
    </message>
    <message>
        <source>Mở tệp báo cáo</source>
        <translation>Open the report</translation>
    </message>
    <message>
        <source>1. Chọn tệp</source>
        <translation>1. File</translation>
    </message>
    <message>
        <source>2. Ghép cột</source>
        <translation>2. Columns</translation>
    </message>
    <message>
        <source>3. Xem trước</source>
        <translation>3. Preview</translation>
    </message>
    <message>
        <source>4. Kết quả</source>
        <translation>4. Result</translation>
    </message>
    <message>
        <source>Xong</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Chọn tệp Excel</source>
        <translation>Choose an Excel file</translation>
    </message>
    <message>
        <source>{0} (đang ẩn)</source>
        <translation>{0} (hidden)</translation>
    </message>
    <message>
        <source>Đang đọc và kiểm tra tệp…</source>
        <translation>Reading and checking the file…</translation>
    </message>
    <message>
        <source>kcdesk tự nhận ra các cột.</source>
        <translation>kcdesk recognised the columns.</translation>
    </message>
    <message>
        <source>Dùng cách ghép cột bạn đã chọn lần trước cho mẫu tệp này.</source>
        <translation>Using the mapping you chose last time for this layout.</translation>
    </message>
    <message>
        <source>Cách ghép cột bạn vừa chọn.</source>
        <translation>The mapping you just chose.</translation>
    </message>
    <message>
        <source>Trang “{0}”: dòng tiêu đề {1}, dữ liệu từ dòng {2}. {3}</source>
        <translation>Sheet “{0}”: header row {1}, data from row {2}. {3}</translation>
    </message>
    <message>
        <source>(không nhập)</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <source>Đã đọc {0} dòng: {1} mới, {2} trùng, {3} lỗi ({4} dòng có cảnh báo). Sẽ thêm {5}, cập nhật {6}, bỏ qua {7}.</source>
        <translation>Read {0} rows: {1} new, {2} duplicates, {3} invalid ({4} rows with warnings). Will add {5}, update {6}, skip {7}.</translation>
    </message>
    <message>
        <source>Đang ghi vào danh sách…</source>
        <translation>Writing to the register…</translation>
    </message>
    <message>
        <source>Đã thêm {0} cơ sở, cập nhật {1}, bỏ qua {2} dòng.</source>
        <translation>Added {0} facilities, updated {1}, skipped {2} rows.</translation>
    </message>
    <message>
        <source>Tệp báo cáo: {0}</source>
        <translation>Report: {0}</translation>
    </message>
</context>
</TS>
