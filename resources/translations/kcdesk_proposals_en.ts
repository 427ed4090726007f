<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>BeneficiaryChooser</name>
    <message>
        <source>Chọn cơ sở thụ hưởng</source>
        <translation>Choose beneficiary facilities</translation>
    </message>
    <message>
        <source>Tìm cơ sở (tên, chủ cơ sở, xã, mã số thuế…)</source>
        <translation>Find a facility (name, owner, commune, tax code…)</translation>
    </message>
</context>
<context>
    <name>BudgetModel</name>
    <message>
        <source>Nội dung chi</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Đơn vị tính</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Số lượng</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Đơn giá (đồng)</source>
        <translation>Unit price (VND)</translation>
    </message>
    <message>
        <source>Khuyến công (%)</source>
        <translation>Extension (%)</translation>
    </message>
    <message>
        <source>Đối ứng (%)</source>
        <translation>Counterpart (%)</translation>
    </message>
    <message>
        <source>Thành tiền</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Kinh phí khuyến công</source>
        <translation>Extension funds</translation>
    </message>
    <message>
        <source>Kinh phí đối ứng</source>
        <translation>Counterpart funds</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Để trống: phần còn lại sau khuyến công (100 % − tỷ lệ hỗ trợ)</source>
        <translation>Leave empty for what the extension share leaves (100 % − support share)</translation>
    </message>
</context>
<context>
    <name>BudgetSummary</name>
    <message>
        <source>Tổng kinh phí: %1 đồng · Khuyến công: %2 đồng (%3 %) · Đối ứng: %4 đồng (%5 %)</source>
        <translation>Total cost: %1 VND · Extension: %2 VND (%3 %) · Counterpart: %4 VND (%5 %)</translation>
    </message>
    <message>
        <source> · Nguồn khác: %1 đồng</source>
        <translation> · Other sources: %1 VND</translation>
    </message>
    <message>
        <source>Bằng chữ: %1</source>
        <translation>In words: %1</translation>
    </message>
    <message>
        <source>Mức hỗ trợ tối đa: %1</source>
        <translation>Support cap: %1</translation>
    </message>
    <message>
        <source>Mức hỗ trợ tối đa: %1 đồng (%2)</source>
        <translation>Support cap: %1 VND (%2)</translation>
    </message>
    <message>
        <source>Vượt mức tối đa: %1 đồng. Chỉ lưu được ở dạng nháp.</source>
        <translation>Over the cap by %1 VND. It can only be saved as a draft.</translation>
    </message>
    <message>
        <source>Còn có thể đề nghị thêm: %1 đồng</source>
        <translation>Room left under the cap: %1 VND</translation>
    </message>
    <message>
        <source>%1 dòng dự toán còn lỗi (ô tô đỏ) và chưa được tính.</source>
        <translation>%1 budget row(s) still have errors (cells in red) and are not counted.</translation>
    </message>
</context>
<context>
    <name>ProposalEditor</name>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>In / Xuất PDF…</source>
        <translation>Print / Export PDF…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Thêm cơ sở…</source>
        <translation>Add facility…</translation>
    </message>
    <message>
        <source>Bỏ cơ sở</source>
        <translation>Remove facility</translation>
    </message>
    <message>
        <source>thôn, xóm, địa chỉ cụ thể</source>
        <translation>village, hamlet, exact address</translation>
    </message>
    <message>
        <source>từ</source>
        <translation>from</translation>
    </message>
    <message>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <source>đồng/năm</source>
        <translation>VND/year</translation>
    </message>
    <message>
        <source>Tên đề án</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Nội dung khuyến công</source>
        <translation>Extension category</translation>
    </message>
    <message>
        <source>Nguồn kinh phí</source>
        <translation>Funding source</translation>
    </message>
    <message>
        <source>Năm kế hoạch</source>
        <translation>Plan year</translation>
    </message>
    <message>
        <source>Đơn vị thực hiện</source>
        <translation>Implementing unit</translation>
    </message>
    <message>
        <source>Cơ sở thụ hưởng</source>
        <translation>Beneficiary facilities</translation>
    </message>
    <message>
        <source>Xã/phường thực hiện</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Địa điểm</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Thời gian thực hiện</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Sự cần thiết</source>
        <translation>Background</translation>
    </message>
    <message>
        <source>Mục tiêu</source>
        <translation>Objectives</translation>
    </message>
    <message>
        <source>Nội dung thực hiện</source>
        <translation>Activities</translation>
    </message>
    <message>
        <source>Lao động có việc làm (người)</source>
        <translation>Jobs (people)</translation>
    </message>
    <message>
        <source>Người được đào tạo</source>
        <translation>People trained</translation>
    </message>
    <message>
        <source>Doanh thu tăng thêm (đồng/năm)</source>
        <translation>Extra revenue (VND/year)</translation>
    </message>
    <message>
        <source>Kết quả khác</source>
        <translation>Other results</translation>
    </message>
    <message>
        <source>Thông tin chung</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Thêm dòng</source>
        <translation>Add row</translation>
    </message>
    <message>
        <source>Xóa dòng</source>
        <translation>Delete row</translation>
    </message>
    <message>
        <source>Lên</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>Xuống</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>Số tiền tính bằng đồng; gõ 1.250.000 hoặc 1250000.</source>
        <translation>Amounts in VND; type 1.250.000 or 1250000.</translation>
    </message>
    <message>
        <source>Dự toán kinh phí</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Người thực hiện</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Bước</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Lý do / ghi chú</source>
        <translation>Reason / note</translation>
    </message>
    <message>
        <source>Lịch sử</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Đính kèm tệp…</source>
        <translation>Attach file…</translation>
    </message>
    <message>
        <source>Bỏ tệp</source>
        <translation>Remove file</translation>
    </message>
    <message>
        <source>Mở tệp</source>
        <translation>Open file</translation>
    </message>
    <message>
        <source>Tệp đính kèm</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>— chọn nội dung —</source>
        <translation>— choose a category —</translation>
    </message>
    <message>
        <source>Đề án mới</source>
        <translation>New proposal</translation>
    </message>
    <message>
        <source>Đề án đang ở trạng thái “%1”: bạn chỉ xem, không sửa được.</source>
        <translation>The proposal is “%1”: you can view it but not change it.</translation>
    </message>
    <message>
        <source>Chưa chọn được xã/phường: hãy chọn trong danh sách gợi ý.</source>
        <translation>No commune chosen: pick one from the suggestions.</translation>
    </message>
    <message>
        <source>Chưa lưu được đề án</source>
        <translation>The proposal was not saved</translation>
    </message>
    <message>
        <source>Hãy sửa các ô được đánh dấu đỏ.</source>
        <translation>Correct the fields marked in red.</translation>
    </message>
    <message>
        <source>Đã lưu đề án “%1”.</source>
        <translation>Saved proposal “%1”.</translation>
    </message>
    <message>
        <source>Lưu thay đổi</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>Đề án có thay đổi chưa lưu. Lưu trước khi chuyển trạng thái?</source>
        <translation>The proposal has unsaved changes. Save before changing its status?</translation>
    </message>
    <message>
        <source>Chưa chuyển được trạng thái</source>
        <translation>The status cannot change yet</translation>
    </message>
    <message>
        <source>Đề án “%1” chuyển sang “%2”.</source>
        <translation>Proposal “%1” is now “%2”.</translation>
    </message>
    <message>
        <source>Chọn tệp đính kèm</source>
        <translation>Choose files to attach</translation>
    </message>
    <message>
        <source>Bỏ tệp đính kèm</source>
        <translation>Remove attachment</translation>
    </message>
    <message>
        <source>Bỏ tệp “%1” khỏi đề án?</source>
        <translation>Remove “%1” from the proposal?</translation>
    </message>
    <message>
        <source>Lưu đề án trước khi in?</source>
        <translation>Save the proposal before printing?</translation>
    </message>
    <message>
        <source>Đề án có thay đổi chưa lưu.</source>
        <translation>The proposal has unsaved changes.</translation>
    </message>
    <message>
        <source>Bỏ thay đổi</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Ở lại</source>
        <translation>Stay</translation>
    </message>
</context>
<context>
    <name>ProposalPrint</name>
    <message>
        <source>Lưu tệp PDF</source>
        <translation>Save PDF file</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Đã xuất PDF</source>
        <translation>PDF exported</translation>
    </message>
    <message>
        <source>Đã ghi %1 (%2 trang).</source>
        <translation>Wrote %1 (%2 pages).</translation>
    </message>
    <message>
        <source>Mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đang in đề án…</source>
        <translation>Printing the proposal…</translation>
    </message>
</context>
<context>
    <name>ProposalsModel</name>
    <message>
        <source>Tên đề án</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Cơ sở thụ hưởng</source>
        <translation>Beneficiary facilities</translation>
    </message>
    <message>
        <source>Kinh phí khuyến công (đồng)</source>
        <translation>Extension funds (VND)</translation>
    </message>
</context>
<context>
    <name>ProposalsView</name>
    <message>
        <source>Tìm theo tên đề án (không cần dấu)…</source>
        <translation>Search proposal titles (diacritics optional)…</translation>
    </message>
    <message>
        <source>Mọi trạng thái</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Mọi nguồn kinh phí</source>
        <translation>All funding sources</translation>
    </message>
    <message>
        <source>Đề án mới</source>
        <translation>New proposal</translation>
    </message>
    <message>
        <source>Mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>In / Xuất PDF…</source>
        <translation>Print / Export PDF…</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Quy định mức hỗ trợ…</source>
        <translation>Support caps…</translation>
    </message>
    <message>
        <source>Mọi năm</source>
        <translation>All years</translation>
    </message>
    <message>
        <source>Mọi nội dung</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>%1 đề án</source>
        <translation>%1 proposals</translation>
    </message>
    <message>
        <source>Xóa đề án</source>
        <translation>Delete proposal</translation>
    </message>
    <message>
        <source>Xóa đề án nháp “%1”? Việc xóa cũng được gửi đi khi đồng bộ.</source>
        <translation>Delete the draft “%1”? The deletion is also sent when syncing.</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>Quy định mức hỗ trợ</source>
        <translation>Support caps</translation>
    </message>
    <message>
        <source>Văn bản / nội dung</source>
        <translation>Document / category</translation>
    </message>
    <message>
        <source>Mức hỗ trợ</source>
        <translation>Support level</translation>
    </message>
    <message>
        <source>Cảnh báo cùng cơ sở, cùng nội dung trong số năm gần đây:</source>
        <translation>Warn when the same facility had the same category within this many years:</translation>
    </message>
    <message>
        <source>tắt</source>
        <translation>off</translation>
    </message>
    <message>
        <source>Nạp tệp quy định của tỉnh…</source>
        <translation>Load the province&apos;s rules file…</translation>
    </message>
    <message>
        <source>Gỡ bộ quy định</source>
        <translation>Remove rule set</translation>
    </message>
    <message>
        <source>Nạp lại mặc định</source>
        <translation>Reload defaults</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đã thay</source>
        <translation>Replaced</translation>
    </message>
    <message>
        <source>Đã nạp</source>
        <translation>Loaded</translation>
    </message>
    <message>
        <source>%1 bộ quy định “%2”: %3 mức.</source>
        <translation>%1 rule set “%2”: %3 levels.</translation>
    </message>
    <message>
        <source>Chọn tệp quy định</source>
        <translation>Choose a rules file</translation>
    </message>
    <message>
        <source>Tệp quy định (*.json)</source>
        <translation>Rules files (*.json)</translation>
    </message>
    <message>
        <source>Gỡ “%1” và các mức hỗ trợ của nó khỏi máy này?</source>
        <translation>Remove “%1” and its support levels from this computer?</translation>
    </message>
</context>
<context>
    <name>TransitionDialog</name>
    <message>
        <source>Xác nhận chuyển trạng thái</source>
        <translation>Confirm the status change</translation>
    </message>
    <message>
        <source>%1 đề án “%2”?
Trạng thái mới: %3.</source>
        <translation>%1: proposal “%2”?
New status: %3.</translation>
    </message>
    <message>
        <source>Lý do (bắt buộc):</source>
        <translation>Reason (required):</translation>
    </message>
    <message>
        <source>Ghi chú (nếu có):</source>
        <translation>Note (optional):</translation>
    </message>
    <message>
        <source>Sau khi gửi, cộng tác viên không sửa được đề án nữa, trừ khi Trung tâm trả lại.</source>
        <translation>Once submitted, the collaborator cannot change the proposal unless the centre returns it.</translation>
    </message>
    <message>
        <source>Đề án trở lại cho cộng tác viên sửa và gửi lại.</source>
        <translation>The proposal goes back to the collaborator to revise and resubmit.</translation>
    </message>
    <message>
        <source>Đề án kết thúc, không được hỗ trợ. Không thể hoàn tác.</source>
        <translation>The proposal ends without support. This cannot be undone.</translation>
    </message>
    <message>
        <source>Kinh phí khuyến công được phê duyệt bằng kinh phí đề nghị hiện tại.</source>
        <translation>The extension funds are approved at the amount now requested.</translation>
    </message>
    <message>
        <source>Đề án kết thúc sau khi quyết toán.</source>
        <translation>The proposal is closed after settlement.</translation>
    </message>
</context>
</TS>
