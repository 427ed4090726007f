<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>CalculatedField</name>
    <message>
        <source>(tự tính)</source>
        <translation>(calculated)</translation>
    </message>
</context>
<context>
    <name>ChoiceField</name>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>FacilityChooser</name>
    <message>
        <source>Chọn cơ sở để khảo sát</source>
        <translation>Choose the facility to survey</translation>
    </message>
    <message>
        <source>Tìm cơ sở (tên, chủ cơ sở, xã…)</source>
        <translation>Find a facility (name, owner, commune…)</translation>
    </message>
</context>
<context>
    <name>IndustryField</name>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Tên ngành</source>
        <translation>Industry name</translation>
    </message>
</context>
<context>
    <name>PhotoField</name>
    <message>
        <source>Thêm ảnh…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <source>Bỏ ảnh</source>
        <translation>Remove photo</translation>
    </message>
    <message>
        <source>Chọn ảnh</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <source>Ảnh (*.jpg *.jpeg *.png *.webp *.bmp *.gif)</source>
        <translation>Pictures (*.jpg *.jpeg *.png *.webp *.bmp *.gif)</translation>
    </message>
    <message>
        <source>Ảnh chưa có trên máy này (chưa đồng bộ).</source>
        <translation>The photo is not on this computer yet (not synced).</translation>
    </message>
</context>
<context>
    <name>RepeatField</name>
    <message>
        <source>Thêm dòng</source>
        <translation>Add row</translation>
    </message>
    <message>
        <source>Xóa dòng</source>
        <translation>Remove row</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>SurveyEditor</name>
    <message>
        <source>◀ Phần trước</source>
        <translation>◀ Previous section</translation>
    </message>
    <message>
        <source>Phần sau ▶</source>
        <translation>Next section ▶</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Đánh dấu hoàn thành</source>
        <translation>Mark complete</translation>
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
        <source>phiên bản</source>
        <translation>version</translation>
    </message>
    <message>
        <source>Hoàn thành</source>
        <translation>Complete</translation>
    </message>
    <message>
        <source>Bản nháp</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Đã trả lời %1/%2 câu</source>
        <translation>%1/%2 questions answered</translation>
    </message>
    <message>
        <source>còn %1 câu bắt buộc</source>
        <translation>%1 required still missing</translation>
    </message>
    <message>
        <source>%1 câu cần sửa</source>
        <translation>%1 to correct</translation>
    </message>
    <message>
        <source>Đã lưu phiếu khảo sát.</source>
        <translation>Survey saved.</translation>
    </message>
    <message>
        <source>Chưa hoàn thành được</source>
        <translation>Cannot complete yet</translation>
    </message>
    <message>
        <source>Còn %1 câu chưa đúng hoặc chưa trả lời; phiếu được lưu là bản nháp. Các câu cần sửa được đánh dấu đỏ.</source>
        <translation>%1 answers are wrong or missing; the survey was saved as a draft. The questions to correct are marked in red.</translation>
    </message>
    <message>
        <source>Phiếu khảo sát đã hoàn thành.</source>
        <translation>The survey is complete.</translation>
    </message>
</context>
<context>
    <name>SurveyPrint</name>
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
        <source>Đã in %1/%2 phiếu</source>
        <translation>Printed %1/%2 surveys</translation>
    </message>
    <message>
        <source>Đã hủy in.</source>
        <translation>Printing cancelled.</translation>
    </message>
</context>
<context>
    <name>SurveysModel</name>
    <message>
        <source>Cơ sở</source>
        <translation>Facility</translation>
    </message>
    <message>
        <source>Xã/phường</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Ngày khảo sát</source>
        <translation>Survey date</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Người khảo sát</source>
        <translation>Surveyor</translation>
    </message>
    <message>
        <source>Mẫu</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>Hoàn thành</source>
        <translation>Complete</translation>
    </message>
    <message>
        <source>Bản nháp</source>
        <translation>Draft</translation>
    </message>
</context>
<context>
    <name>SurveysView</name>
    <message>
        <source>Tìm theo cơ sở, chủ cơ sở, xã, người khảo sát…</source>
        <translation>Search by facility, owner, commune, surveyor…</translation>
    </message>
    <message>
        <source>Mọi tình trạng</source>
        <translation>Any status</translation>
    </message>
    <message>
        <source>Bản nháp</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Hoàn thành</source>
        <translation>Complete</translation>
    </message>
    <message>
        <source>từ ngày</source>
        <translation>from date</translation>
    </message>
    <message>
        <source>đến ngày</source>
        <translation>to date</translation>
    </message>
    <message>
        <source>Khảo sát mới…</source>
        <translation>New survey…</translation>
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
        <source>In cả danh sách…</source>
        <translation>Print the whole list…</translation>
    </message>
    <message>
        <source>Phiếu trắng…</source>
        <translation>Blank form…</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>%1 phiếu</source>
        <translation>%1 surveys</translation>
    </message>
    <message>
        <source>Chỉ các phiếu của %1</source>
        <translation>Only the surveys of %1</translation>
    </message>
    <message>
        <source>bỏ lọc</source>
        <translation>show all</translation>
    </message>
    <message>
        <source>Xóa phiếu khảo sát</source>
        <translation>Delete survey</translation>
    </message>
    <message>
        <source>Xóa phiếu khảo sát của “%1”? Việc xóa cũng được gửi đi khi đồng bộ.</source>
        <translation>Delete the survey of “%1”? The deletion is sent on with the next sync too.</translation>
    </message>
    <message>
        <source>Khôi phục phiếu chưa lưu</source>
        <translation>Recover unsaved survey</translation>
    </message>
    <message>
        <source>kcdesk đã đóng khi phiếu khảo sát của “%1” chưa được lưu (bản tự lưu lúc %2). Mở lại để tiếp tục?</source>
        <translation>kcdesk closed while the survey of “%1” was not saved (autosaved at %2). Open it to carry on?</translation>
    </message>
    <message>
        <source>Đang in phiếu khảo sát…</source>
        <translation>Printing the survey…</translation>
    </message>
    <message>
        <source>Phiếu khảo sát (%1 phiếu)</source>
        <translation>Surveys (%1)</translation>
    </message>
    <message>
        <source>Đang in %1 phiếu khảo sát…</source>
        <translation>Printing %1 surveys…</translation>
    </message>
    <message>
        <source>Phiếu khảo sát trắng</source>
        <translation>Blank survey form</translation>
    </message>
    <message>
        <source>Đang in phiếu trắng…</source>
        <translation>Printing the blank form…</translation>
    </message>
</context>
</TS>
