<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
    <context>
        <name>AboutDialog</name>
        <message>
            <source>Giới thiệu kcdesk</source>
            <translation>About kcdesk</translation>
        </message>
        <message>
            <source>Phần mềm cho cộng tác viên và Trung tâm Khuyến công: quản lý cơ sở công nghiệp nông thôn, phiếu khảo sát, đề án khuyến công, đồng bộ dữ liệu và báo cáo.</source>
            <translation>Software for industrial extension collaborators and provincial centres: rural industrial facilities, surveys, support proposals, data synchronisation and reports.</translation>
        </message>
        <message>
            <source>Phần mềm tự do theo Giấy phép Công cộng GNU, phiên bản 3 hoặc mới hơn (GPL-3.0-or-later). Bạn được dùng, sao chép, sửa đổi và phân phối lại theo các điều khoản của giấy phép; phần mềm được cung cấp không kèm bảo hành.</source>
            <translation>Free software under the GNU General Public License, version 3 or later (GPL-3.0-or-later). You may use, copy, modify and redistribute it under the terms of the licence; it comes with no warranty.</translation>
        </message>
        <message>
            <source>Phiên bản</source>
            <translation>Version</translation>
        </message>
        <message>
            <source>Thư mục dữ liệu:</source>
            <translation>Data folder:</translation>
        </message>
    </context>
    <context>
        <name>App</name>
        <message>
            <source>kcdesk đang mở ở cửa sổ khác</source>
            <translation>kcdesk is open in another window</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu “%1” đang được một cửa sổ kcdesk khác sử dụng.</source>
            <translation>The database “%1” is in use by another kcdesk window.</translation>
        </message>
        <message>
            <source>Hãy đóng cửa sổ kcdesk kia (xem trên thanh tác vụ) rồi bấm “Thử lại”.</source>
            <translation>Close the other kcdesk window (look on the taskbar), then click “Try again”.</translation>
        </message>
        <message>
            <source>Thử lại</source>
            <translation>Try again</translation>
        </message>
        <message>
            <source>Thoát</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>Khôi phục bản sao lưu…</source>
            <translation>Restore a backup…</translation>
        </message>
        <message>
            <source>Chọn bản sao lưu</source>
            <translation>Choose a backup</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu kcdesk (*.sqlite3 *.db);;Mọi tệp (*)</source>
            <translation>kcdesk databases (*.sqlite3 *.db);;All files (*)</translation>
        </message>
        <message>
            <source>Đang tạo dữ liệu mẫu…</source>
            <translation>Creating demo data…</translation>
        </message>
    </context>
    <context>
        <name>AreaPage</name>
        <message>
            <source>Địa bàn phụ trách</source>
            <translation>Area served</translation>
        </message>
        <message>
            <source>Theo danh mục 34 tỉnh, thành và 3.321 xã, phường từ ngày 01/7/2025.</source>
            <translation>From the list of 34 provinces and 3,321 communes in force since 1 July 2025.</translation>
        </message>
        <message>
            <source>&amp;Tỉnh, thành phố:</source>
            <translation>&amp;Province:</translation>
        </message>
        <message>
            <source>Gõ tên tỉnh, thành phố (không cần dấu)…</source>
            <translation>Type the province's name (accents optional)…</translation>
        </message>
        <message>
            <source>Đang tải danh mục…</source>
            <translation>Loading the list…</translation>
        </message>
        <message>
            <source>Hãy chọn tỉnh, thành phố.</source>
            <translation>Choose a province.</translation>
        </message>
        <message>
            <source>Cộng tác viên cần chọn ít nhất một xã, phường phụ trách.</source>
            <translation>A collaborator serves at least one commune: choose it.</translation>
        </message>
        <message>
            <source>Xã, phường phụ trách (để trống nếu phụ trách cả tỉnh):</source>
            <translation>Communes served (leave empty for the whole province):</translation>
        </message>
        <message>
            <source>Xã, phường phụ trách:</source>
            <translation>Communes served:</translation>
        </message>
    </context>
    <context>
        <name>Areas</name>
        <message>
            <source>Cơ sở</source>
            <translation>Facilities</translation>
        </message>
        <message>
            <source>Sổ cơ sở công nghiệp nông thôn: thêm, sửa, tìm, lọc theo xã và ngành nghề.</source>
            <translation>The register of rural industrial facilities: add, edit, search, filter by commune and trade.</translation>
        </message>
        <message>
            <source>Phiếu khảo sát</source>
            <translation>Surveys</translation>
        </message>
        <message>
            <source>Nhập phiếu khảo sát theo mẫu của tỉnh, kể cả khi không có mạng.</source>
            <translation>Enter surveys on the province's form, even without a connection.</translation>
        </message>
        <message>
            <source>Lưu phiếu nháp, kiểm tra câu trả lời và in phiếu ra PDF.</source>
            <translation>Keep drafts, check the answers and print surveys to PDF.</translation>
        </message>
        <message>
            <source>Xem các phiếu đã khảo sát của từng cơ sở.</source>
            <translation>See the surveys of each facility.</translation>
        </message>
        <message>
            <source>Đề án</source>
            <translation>Proposals</translation>
        </message>
        <message>
            <source>Soạn đề án khuyến công với dự toán kinh phí và phần đối ứng.</source>
            <translation>Draft support proposals with their budget and counterpart funds.</translation>
        </message>
        <message>
            <source>Theo dõi đề án qua các bước thẩm định, phê duyệt, triển khai, nghiệm thu.</source>
            <translation>Follow proposals through appraisal, approval, implementation and acceptance.</translation>
        </message>
        <message>
            <source>In đề án và các biểu mẫu theo quy định.</source>
            <translation>Print proposals and the official forms.</translation>
        </message>
        <message>
            <source>Đồng bộ</source>
            <translation>Sync</translation>
        </message>
        <message>
            <source>Xuất gói dữ liệu gửi Trung tâm Khuyến công qua USB hoặc thư điện tử.</source>
            <translation>Export data packages for the provincial centre by USB stick or e-mail.</translation>
        </message>
        <message>
            <source>Nhập gói từ cộng tác viên, xem trước và xử lý dữ liệu trùng khác nhau.</source>
            <translation>Import collaborators' packages, preview them and resolve conflicting records.</translation>
        </message>
        <message>
            <source>Biết những thay đổi nào tỉnh đã nhận.</source>
            <translation>Know which changes the province has received.</translation>
        </message>
        <message>
            <source>Báo cáo</source>
            <translation>Reports</translation>
        </message>
        <message>
            <source>Báo cáo tổng hợp theo xã, ngành nghề và nguồn kinh phí.</source>
            <translation>Summary reports by commune, trade and funding source.</translation>
        </message>
        <message>
            <source>Xuất báo cáo ra Excel theo mẫu của tỉnh.</source>
            <translation>Export reports to Excel on the province's templates.</translation>
        </message>
    </context>
    <context>
        <name>ComingSoonPage</name>
        <message>
            <source>Phần này đang được xây dựng và sẽ có trong bản cập nhật tới.</source>
            <translation>This part is being built and will come in a coming update.</translation>
        </message>
        <message>
            <source>Khi hoàn thành, tại đây bạn sẽ:</source>
            <translation>When it is ready, here you will:</translation>
        </message>
        <message>
            <source>Dữ liệu bạn nhập ở các trang khác được giữ nguyên và sẽ dùng được ngay ở đây khi phần này có mặt.</source>
            <translation>What you enter on the other pages is kept and will be usable here as soon as this part arrives.</translation>
        </message>
    </context>
    <context>
        <name>CommuneChecklist</name>
        <message>
            <source>Tìm xã, phường (không cần dấu)…</source>
            <translation>Search communes (accents optional)…</translation>
        </message>
        <message>
            <source>Chưa chọn xã, phường nào.</source>
            <translation>No commune chosen yet.</translation>
        </message>
        <message>
            <source>Đã chọn %1: %2</source>
            <translation>%1 chosen: %2</translation>
        </message>
    </context>
    <context>
        <name>CommunePicker</name>
        <message>
            <source>Đang tải danh mục xã, phường…</source>
            <translation>Loading the list of communes…</translation>
        </message>
        <message>
            <source>Gõ tên xã, phường (không cần dấu)…</source>
            <translation>Type the commune's name (accents optional)…</translation>
        </message>
    </context>
    <context>
        <name>Errors</name>
        <message>
            <source>Dữ liệu chưa hợp lệ</source>
            <translation>Some values are not valid</translation>
        </message>
        <message>
            <source>Hãy khôi phục một bản sao lưu: bấm “Khôi phục bản sao lưu…”, chọn bản gần nhất.</source>
            <translation>Restore a backup: click “Restore a backup…” and choose the most recent one.</translation>
        </message>
        <message>
            <source>Hãy cài phiên bản kcdesk mới nhất rồi mở lại. Dữ liệu vẫn nguyên vẹn.</source>
            <translation>Install the latest kcdesk and open it again. The data is intact.</translation>
        </message>
        <message>
            <source>Hãy đóng cửa sổ kcdesk còn lại (hoặc chương trình đang mở tệp) rồi thử lại.</source>
            <translation>Close the other kcdesk window (or the program holding the file), then try again.</translation>
        </message>
        <message>
            <source>Không mở được cơ sở dữ liệu</source>
            <translation>The database cannot be opened</translation>
        </message>
        <message>
            <source>Không thực hiện được</source>
            <translation>This could not be done</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu đang bận</source>
            <translation>The database is busy</translation>
        </message>
        <message>
            <source>Một chương trình khác đang ghi vào cơ sở dữ liệu nên việc này chưa làm được.</source>
            <translation>Another program is writing to the database, so this could not be done yet.</translation>
        </message>
        <message>
            <source>Hãy chờ một lát rồi thử lại; nếu còn lỗi, đóng các cửa sổ kcdesk khác.</source>
            <translation>Wait a moment and try again; if it persists, close the other kcdesk windows.</translation>
        </message>
        <message>
            <source>Ổ đĩa đã đầy</source>
            <translation>The disk is full</translation>
        </message>
        <message>
            <source>Không còn chỗ trống để ghi dữ liệu; những gì vừa nhập chưa được lưu.</source>
            <translation>There is no space left to write data; what you just entered was not saved.</translation>
        </message>
        <message>
            <source>Hãy giải phóng dung lượng ổ đĩa rồi thử lại.</source>
            <translation>Free some disk space, then try again.</translation>
        </message>
        <message>
            <source>Không có quyền truy cập tệp</source>
            <translation>No permission to use the file</translation>
        </message>
        <message>
            <source>Windows không cho phép đọc hoặc ghi tệp “%1”.</source>
            <translation>The system does not allow reading or writing the file “%1”.</translation>
        </message>
        <message>
            <source>Hãy đóng chương trình đang mở tệp đó (ví dụ Excel) hoặc chọn thư mục khác.</source>
            <translation>Close the program that has the file open (Excel, for instance) or choose another folder.</translation>
        </message>
        <message>
            <source>Không tìm thấy tệp</source>
            <translation>File not found</translation>
        </message>
        <message>
            <source>Tệp “%1” không còn ở đó.</source>
            <translation>The file “%1” is no longer there.</translation>
        </message>
        <message>
            <source>Hãy kiểm tra lại đường dẫn, ổ USB hoặc chọn tệp khác.</source>
            <translation>Check the path or the USB stick, or choose another file.</translation>
        </message>
        <message>
            <source>Lỗi đọc ghi tệp</source>
            <translation>File read or write error</translation>
        </message>
        <message>
            <source>Không đọc hoặc ghi được tệp: %1</source>
            <translation>The file could not be read or written: %1</translation>
        </message>
        <message>
            <source>Hãy kiểm tra ổ đĩa hoặc ổ USB rồi thử lại.</source>
            <translation>Check the disk or the USB stick, then try again.</translation>
        </message>
        <message>
            <source>Đã xảy ra lỗi không mong muốn</source>
            <translation>An unexpected error occurred</translation>
        </message>
        <message>
            <source>kcdesk gặp một lỗi chưa lường trước; công việc vừa rồi chưa hoàn thành.</source>
            <translation>kcdesk met an error it did not foresee; the last task was not completed.</translation>
        </message>
        <message>
            <source>Chi tiết kỹ thuật đã được ghi vào tệp nhật ký: %1</source>
            <translation>The technical details were written to the log file: %1</translation>
        </message>
    </context>
    <context>
        <name>FacilitiesView</name>
        <message>
            <source>Xóa cơ sở</source>
            <translation>Delete facility</translation>
        </message>
        <message>
            <source>Xóa cơ sở “%1”?</source>
            <translation>Delete the facility “%1”?</translation>
        </message>
        <message>
            <source>Cơ sở sẽ không còn trong danh sách. Việc xóa được ghi vào nhật ký và được gửi về tỉnh ở lần đồng bộ sau.</source>
            <translation>The facility will leave the list. The deletion is recorded in the log and sent to the province with the next sync.</translation>
        </message>
        <message>
            <source>Xóa</source>
            <translation>Delete</translation>
        </message>
        <message>
            <source>Không xóa</source>
            <translation>Keep</translation>
        </message>
        <message>
            <source>Tìm theo tên, chủ cơ sở, mã số thuế, điện thoại, xã… (không cần dấu)</source>
            <translation>Search by name, owner, tax code, phone, commune… (accents optional)</translation>
        </message>
        <message>
            <source>Thêm cơ sở</source>
            <translation>Add facility</translation>
        </message>
        <message>
            <source>Thêm cơ sở mới (Ctrl+N)</source>
            <translation>Add a new facility (Ctrl+N)</translation>
        </message>
        <message>
            <source>Bỏ lọc</source>
            <translation>Clear filters</translation>
        </message>
        <message>
            <source>Đang đếm…</source>
            <translation>Counting…</translation>
        </message>
        <message>
            <source>Tìm thấy %1 cơ sở</source>
            <translation>%1 facilities found</translation>
        </message>
        <message>
            <source>%1 cơ sở</source>
            <translation>%1 facilities</translation>
        </message>
        <message>
            <source>Không có cơ sở nào khớp với tìm kiếm hoặc bộ lọc.</source>
            <translation>No facility matches the search or the filters.</translation>
        </message>
        <message>
            <source>Chưa có cơ sở nào. Bấm “Thêm cơ sở” (Ctrl+N) để nhập cơ sở đầu tiên.</source>
            <translation>No facilities yet. Click “Add facility” (Ctrl+N) to enter the first one.</translation>
        </message>
        <message>
            <source>Mọi loại hình</source>
            <translation>All kinds</translation>
        </message>
        <message>
            <source>Mọi xã, phường</source>
            <translation>All communes</translation>
        </message>
        <message>
            <source>Mọi ngành</source>
            <translation>All trades</translation>
        </message>
        <message>
            <source>Mọi làng nghề</source>
            <translation>All craft villages</translation>
        </message>
        <message>
            <source>Đã xóa cơ sở.</source>
            <translation>Facility deleted.</translation>
        </message>
    </context>
    <context>
        <name>FacilityEditor</name>
        <message>
            <source>Thêm cơ sở</source>
            <translation>Add facility</translation>
        </message>
        <message>
            <source>Sửa cơ sở: %1</source>
            <translation>Edit facility: %1</translation>
        </message>
        <message>
            <source>— Chọn loại hình —</source>
            <translation>— Choose the kind —</translation>
        </message>
        <message>
            <source>&amp;Tên cơ sở: *</source>
            <translation>&amp;Name: *</translation>
        </message>
        <message>
            <source>&amp;Loại hình: *</source>
            <translation>&amp;Kind: *</translation>
        </message>
        <message>
            <source>&amp;Chủ cơ sở, người đại diện:</source>
            <translation>&amp;Owner or representative:</translation>
        </message>
        <message>
            <source>Điện t&amp;hoại:</source>
            <translation>&amp;Phone:</translation>
        </message>
        <message>
            <source>&amp;Mã số thuế:</source>
            <translation>&amp;Tax code:</translation>
        </message>
        <message>
            <source>Năm thành &amp;lập:</source>
            <translation>&amp;Year founded:</translation>
        </message>
        <message>
            <source>Số lao độn&amp;g:</source>
            <translation>&amp;Workers:</translation>
        </message>
        <message>
            <source>Doanh thu năm (đồng):</source>
            <translation>Yearly revenue (đồng):</translation>
        </message>
        <message>
            <source>&amp;Xã, phường (từ 01/7/2025):</source>
            <translation>&amp;Commune (since 1/7/2025):</translation>
        </message>
        <message>
            <source>Địa chỉ (thôn, xóm, đường):</source>
            <translation>Address (village, hamlet, street):</translation>
        </message>
        <message>
            <source>Địa chỉ &amp;cũ (trước 2025):</source>
            <translation>Old a&amp;ddress (before 2025):</translation>
        </message>
        <message>
            <source>Làng &amp;nghề:</source>
            <translation>Craft &amp;village:</translation>
        </message>
        <message>
            <source>Mã ngành (&amp;VSIC):</source>
            <translation>Industry code (&amp;VSIC):</translation>
        </message>
        <message>
            <source>Vĩ độ:</source>
            <translation>Latitude:</translation>
        </message>
        <message>
            <source>Kinh độ:</source>
            <translation>Longitude:</translation>
        </message>
        <message>
            <source>Ghi &amp;chú:</source>
            <translation>No&amp;tes:</translation>
        </message>
        <message>
            <source>Ví dụ: HTX chiếu cói Lật Dương</source>
            <translation>e.g. Lật Dương sedge mat cooperative</translation>
        </message>
        <message>
            <source>Ví dụ: 0912 345 678</source>
            <translation>e.g. 0912 345 678</translation>
        </message>
        <message>
            <source>10 số, 10 số-3 số, hoặc 12 số định danh</source>
            <translation>10 digits, 10-3 digits, or a 12-digit personal ID</translation>
        </message>
        <message>
            <source>Ví dụ: xã Tiên Minh, huyện Tiên Lãng</source>
            <translation>e.g. Tiên Minh commune, Tiên Lãng district</translation>
        </message>
        <message>
            <source>Ví dụ: 20,7123</source>
            <translation>e.g. 20.7123</translation>
        </message>
        <message>
            <source>Ví dụ: 106,5678</source>
            <translation>e.g. 106.5678</translation>
        </message>
        <message>
            <source>* bắt buộc</source>
            <translation>* required</translation>
        </message>
        <message>
            <source>&amp;Lưu</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>&amp;Xóa cơ sở…</source>
            <translation>&amp;Delete facility…</translation>
        </message>
        <message>
            <source>Có thể trùng cơ sở</source>
            <translation>Possible duplicate</translation>
        </message>
        <message>
            <source>Vẫn lưu thành một cơ sở riêng?</source>
            <translation>Save it as a separate facility anyway?</translation>
        </message>
        <message>
            <source>Vẫn lưu</source>
            <translation>Save anyway</translation>
        </message>
        <message>
            <source>Xem lại</source>
            <translation>Review</translation>
        </message>
        <message>
            <source>Đã lưu cơ sở “%1”.</source>
            <translation>Facility “%1” saved.</translation>
        </message>
        <message>
            <source>Chưa lưu được</source>
            <translation>Not saved yet</translation>
        </message>
        <message>
            <source>Bỏ thay đổi?</source>
            <translation>Discard changes?</translation>
        </message>
        <message>
            <source>Những gì vừa nhập chưa được lưu. Bỏ các thay đổi này?</source>
            <translation>What you entered has not been saved. Discard these changes?</translation>
        </message>
        <message>
            <source>Bỏ thay đổi</source>
            <translation>Discard changes</translation>
        </message>
        <message>
            <source>Tiếp tục sửa</source>
            <translation>Keep editing</translation>
        </message>
    </context>
    <context>
        <name>FacilityModel</name>
        <message>
            <source>Tên cơ sở</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Loại hình</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Chủ cơ sở</source>
            <translation>Owner</translation>
        </message>
        <message>
            <source>Xã, phường</source>
            <translation>Commune</translation>
        </message>
        <message>
            <source>Điện thoại</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Mã số thuế</source>
            <translation>Tax code</translation>
        </message>
        <message>
            <source>Làng nghề</source>
            <translation>Craft village</translation>
        </message>
        <message>
            <source>Mã ngành</source>
            <translation>Industry</translation>
        </message>
        <message>
            <source>Cập nhật</source>
            <translation>Updated</translation>
        </message>
    </context>
    <context>
        <name>FacilityPage</name>
        <message>
            <source>Chọn một cơ sở trong danh sách để xem chi tiết.</source>
            <translation>Choose a facility in the list to see its details.</translation>
        </message>
        <message>
            <source>&amp;Sửa</source>
            <translation>&amp;Edit</translation>
        </message>
        <message>
            <source>&amp;Xóa…</source>
            <translation>&amp;Delete…</translation>
        </message>
        <message>
            <source>Ngày khảo sát</source>
            <translation>Survey date</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Người khảo sát</source>
            <translation>Surveyor</translation>
        </message>
        <message>
            <source>Mẫu phiếu</source>
            <translation>Form</translation>
        </message>
        <message>
            <source>Năm</source>
            <translation>Year</translation>
        </message>
        <message>
            <source>Tên đề án</source>
            <translation>Proposal</translation>
        </message>
        <message>
            <source>Kinh phí hỗ trợ</source>
            <translation>Support</translation>
        </message>
        <message>
            <source>Thông tin</source>
            <translation>Details</translation>
        </message>
        <message>
            <source>Phiếu khảo sát (%1)</source>
            <translation>Surveys (%1)</translation>
        </message>
        <message>
            <source>Đề án (%1)</source>
            <translation>Proposals (%1)</translation>
        </message>
        <message>
            <source>Chủ cơ sở</source>
            <translation>Owner</translation>
        </message>
        <message>
            <source>Địa chỉ</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Địa chỉ cũ</source>
            <translation>Old address</translation>
        </message>
        <message>
            <source>Điện thoại</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Mã số thuế</source>
            <translation>Tax code</translation>
        </message>
        <message>
            <source>Năm thành lập</source>
            <translation>Year founded</translation>
        </message>
        <message>
            <source>Làng nghề</source>
            <translation>Craft village</translation>
        </message>
        <message>
            <source>Mã ngành</source>
            <translation>Industry code</translation>
        </message>
        <message>
            <source>Số lao động</source>
            <translation>Workers</translation>
        </message>
        <message>
            <source>Doanh thu năm</source>
            <translation>Yearly revenue</translation>
        </message>
        <message>
            <source>Tọa độ</source>
            <translation>Coordinates</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>Nháp</source>
            <translation>Draft</translation>
        </message>
        <message>
            <source>Hoàn thành</source>
            <translation>Complete</translation>
        </message>
    </context>
    <context>
        <name>LanguagePage</name>
        <message>
            <source>Cộng tác viên đã được Trung tâm Khuyến công đăng ký: chọn tệp thiết lập (.kcsync) Trung tâm gửi để nhận thông tin, khóa và danh mục mà không phải nhập lại.</source>
            <translation>Collaborators enrolled by the Industrial Extension Centre: choose the set-up file (.kcsync) the centre sent to receive your details, keys and reference lists without typing them again.</translation>
        </message>
        <message>
            <source>Bắt đầu từ &amp;tệp thiết lập của Trung tâm…</source>
            <translation>Start from the centre's &amp;set-up file…</translation>
        </message>
        <message>
            <source>Chào mừng đến với kcdesk</source>
            <translation>Welcome to kcdesk</translation>
        </message>
        <message>
            <source>Vài bước thiết lập trước khi bắt đầu. Chọn ngôn ngữ:</source>
            <translation>A few set-up steps before you start. Choose the language:</translation>
        </message>
        <message>
            <source>kcdesk giúp cộng tác viên và Trung tâm Khuyến công quản lý cơ sở công nghiệp nông thôn, phiếu khảo sát và đề án. Có thể đổi ngôn ngữ sau trong Cài đặt.</source>
            <translation>kcdesk helps collaborators and provincial industrial extension centres manage rural industrial facilities, surveys and proposals. You can change the language later in Settings.</translation>
        </message>
    </context>
    <context>
        <name>LoadingPage</name>
        <message>
            <source>Đang mở dữ liệu…</source>
            <translation>Opening the data…</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>DỮ LIỆU MẪU (không lưu lại)</source>
            <translation>DEMO DATA (not kept)</translation>
        </message>
        <message>
            <source>&amp;Tệp</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <source>&amp;Xem</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <source>&amp;Công cụ</source>
            <translation>&amp;Tools</translation>
        </message>
        <message>
            <source>Trợ &amp;giúp</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <source>Thêm &amp;mới</source>
            <translation>&amp;New</translation>
        </message>
        <message>
            <source>&amp;Sao lưu dữ liệu…</source>
            <translation>&amp;Back up data…</translation>
        </message>
        <message>
            <source>&amp;Khôi phục từ bản sao lưu…</source>
            <translation>&amp;Restore from a backup…</translation>
        </message>
        <message>
            <source>Mở &amp;thư mục dữ liệu</source>
            <translation>Open the data &amp;folder</translation>
        </message>
        <message>
            <source>&amp;Nhập danh sách cơ sở từ Excel…</source>
            <translation>&amp;Import facilities from Excel…</translation>
        </message>
        <message>
            <source>&amp;Xuất ra Excel</source>
            <translation>&amp;Export to Excel</translation>
        </message>
        <message>
            <source>Danh sách &amp;cơ sở…</source>
            <translation>&amp;Facilities…</translation>
        </message>
        <message>
            <source>&amp;Phiếu khảo sát…</source>
            <translation>&amp;Surveys…</translation>
        </message>
        <message>
            <source>&amp;Đề án…</source>
            <translation>&amp;Proposals…</translation>
        </message>
        <message>
            <source>T&amp;hoát</source>
            <translation>&amp;Quit</translation>
        </message>
        <message>
            <source>&amp;Tìm kiếm</source>
            <translation>&amp;Search</translation>
        </message>
        <message>
            <source>&amp;Làm mới</source>
            <translation>Re&amp;fresh</translation>
        </message>
        <message>
            <source>&amp;Cài đặt…</source>
            <translation>&amp;Settings…</translation>
        </message>
        <message>
            <source>Chạy lại &amp;thiết lập ban đầu…</source>
            <translation>Run the first-run &amp;set-up again…</translation>
        </message>
        <message>
            <source>&amp;Phím tắt</source>
            <translation>&amp;Keyboard shortcuts</translation>
        </message>
        <message>
            <source>&amp;Giới thiệu kcdesk</source>
            <translation>&amp;About kcdesk</translation>
        </message>
        <message>
            <source>Đã sao lưu vào %1</source>
            <translation>Backed up to %1</translation>
        </message>
        <message>
            <source>Đã sao lưu</source>
            <translation>Backup done</translation>
        </message>
        <message>
            <source>Dữ liệu đã được sao lưu vào tệp:
%1</source>
            <translation>The data was backed up to the file:
%1</translation>
        </message>
        <message>
            <source>Đang sao lưu…</source>
            <translation>Backing up…</translation>
        </message>
        <message>
            <source>Chọn bản sao lưu</source>
            <translation>Choose a backup</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu kcdesk (*.sqlite3 *.db);;Mọi tệp (*)</source>
            <translation>kcdesk databases (*.sqlite3 *.db);;All files (*)</translation>
        </message>
        <message>
            <source>Khôi phục từ bản sao lưu</source>
            <translation>Restore from a backup</translation>
        </message>
        <message>
            <source>Dữ liệu hiện tại sẽ được thay bằng bản sao lưu “%1”. Trước khi thay, kcdesk giữ một bản sao của dữ liệu hiện tại trong thư mục sao lưu. Tiếp tục?</source>
            <translation>The current data will be replaced by the backup “%1”. Before that, kcdesk keeps a copy of the current data in the backup folder. Continue?</translation>
        </message>
        <message>
            <source>Đã khôi phục dữ liệu từ bản sao lưu.</source>
            <translation>The data was restored from the backup.</translation>
        </message>
        <message>
            <source>Mở cơ sở đang chọn</source>
            <translation>Open the selected facility</translation>
        </message>
        <message>
            <source>Xóa cơ sở đang chọn</source>
            <translation>Delete the selected facility</translation>
        </message>
        <message>
            <source>Lưu trong hộp thoại</source>
            <translation>Save in a dialog</translation>
        </message>
        <message>
            <source>Đóng hộp thoại, bỏ qua thay đổi</source>
            <translation>Close a dialog, dropping changes</translation>
        </message>
        <message>
            <source>Chuyển giữa các ô</source>
            <translation>Move between fields</translation>
        </message>
        <message>
            <source>Phím tắt</source>
            <translation>Keyboard shortcuts</translation>
        </message>
    </context>
    <context>
        <name>PageErrorPage</name>
        <message>
            <source>Không mở được trang “%1”</source>
            <translation>The page “%1” could not open</translation>
        </message>
        <message>
            <source>Trang này gặp lỗi khi mở. Dữ liệu của bạn không bị ảnh hưởng và các trang khác vẫn dùng bình thường.</source>
            <translation>This page met an error while opening. Your data is not affected and the other pages work as usual.</translation>
        </message>
        <message>
            <source>Chi tiết kỹ thuật đã được ghi vào tệp nhật ký: %1</source>
            <translation>The technical details were written to the log file: %1</translation>
        </message>
        <message>
            <source>Thử lại</source>
            <translation>Try again</translation>
        </message>
    </context>
    <context>
        <name>PersonPage</name>
        <message>
            <source>Người dùng</source>
            <translation>User</translation>
        </message>
        <message>
            <source>Ai làm việc trên máy này, và với vai trò nào.</source>
            <translation>Who works on this computer, and in which role.</translation>
        </message>
        <message>
            <source>Vai trò</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Cộng tác viên khuyến công — khảo sát cơ sở ở xã, gửi dữ liệu về tỉnh</source>
            <translation>Industrial extension collaborator — surveys facilities in communes, sends data to the province</translation>
        </message>
        <message>
            <source>Trung tâm Khuyến công tỉnh — nhận, tổng hợp dữ liệu và lập báo cáo</source>
            <translation>Provincial industrial extension centre — receives and consolidates data, makes reports</translation>
        </message>
        <message>
            <source>&amp;Họ và tên:</source>
            <translation>Full &amp;name:</translation>
        </message>
        <message>
            <source>Số điện &amp;thoại:</source>
            <translation>&amp;Phone:</translation>
        </message>
        <message>
            <source>Ví dụ: Nguyễn Văn An</source>
            <translation>e.g. Nguyễn Văn An</translation>
        </message>
        <message>
            <source>Ví dụ: 0912 345 678</source>
            <translation>e.g. 0912 345 678</translation>
        </message>
        <message>
            <source>Hãy nhập họ và tên.</source>
            <translation>Enter the full name.</translation>
        </message>
        <message>
            <source>Hãy nhập tên trung tâm.</source>
            <translation>Enter the centre's name.</translation>
        </message>
        <message>
            <source>Tên &amp;trung tâm:</source>
            <translation>&amp;Centre's name:</translation>
        </message>
        <message>
            <source>&amp;Trung tâm phụ trách:</source>
            <translation>Provincial &amp;centre:</translation>
        </message>
        <message>
            <source>Ví dụ: Trung tâm Khuyến công Hải Phòng</source>
            <translation>e.g. Trung tâm Khuyến công Hải Phòng</translation>
        </message>
        <message>
            <source>Không bắt buộc</source>
            <translation>Optional</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Cài đặt</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>Giao diện</source>
            <translation>Interface</translation>
        </message>
        <message>
            <source>&amp;Ngôn ngữ:</source>
            <translation>&amp;Language:</translation>
        </message>
        <message>
            <source>Người dùng và địa bàn</source>
            <translation>User and area</translation>
        </message>
        <message>
            <source>Chạy lại bước thiết lập ban đầu để đổi vai trò, họ tên, số điện thoại, địa bàn phụ trách hoặc tên trung tâm. Dữ liệu đã nhập được giữ nguyên.</source>
            <translation>Run the first-run set-up again to change the role, name, phone, area served or centre's name. The data entered is kept.</translation>
        </message>
        <message>
            <source>Chạy lại &amp;thiết lập ban đầu…</source>
            <translation>Run the first-run &amp;set-up again…</translation>
        </message>
        <message>
            <source>Dữ liệu</source>
            <translation>Data</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu:</source>
            <translation>Database:</translation>
        </message>
        <message>
            <source>&amp;Mở thư mục</source>
            <translation>&amp;Open folder</translation>
        </message>
        <message>
            <source>Thư mục dữ liệu:</source>
            <translation>Data folder:</translation>
        </message>
    </context>
    <context>
        <name>SetupWizard</name>
        <message>
            <source>Thiết lập kcdesk</source>
            <translation>kcdesk set-up</translation>
        </message>
        <message>
            <source>Chạy lại thiết lập</source>
            <translation>Set-up again</translation>
        </message>
        <message>
            <source>&lt; &amp;Quay lại</source>
            <translation>&lt; &amp;Back</translation>
        </message>
        <message>
            <source>&amp;Tiếp &gt;</source>
            <translation>&amp;Next &gt;</translation>
        </message>
        <message>
            <source>&amp;Hoàn tất</source>
            <translation>&amp;Finish</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Chọn tệp thiết lập của Trung tâm</source>
            <translation>Choose the centre's set-up file</translation>
        </message>
        <message>
            <source>Tệp thiết lập kcdesk (*.kcsync);;Mọi tệp (*)</source>
            <translation>kcdesk set-up files (*.kcsync);;All files (*)</translation>
        </message>
        <message>
            <source>Không dùng được tệp thiết lập</source>
            <translation>The set-up file cannot be used</translation>
        </message>
        <message>
            <source>Chưa lưu được</source>
            <translation>Not saved yet</translation>
        </message>
    </context>
    <context>
        <name>SimilarBanner</name>
        <message>
            <source>Cơ sở này có thể đã có trong danh sách:</source>
            <translation>This facility may already be in the register:</translation>
        </message>
        <message>
            <source>Cơ sở này có thể trùng với %1 cơ sở đã có:</source>
            <translation>This facility may duplicate %1 facilities already registered:</translation>
        </message>
        <message>
            <source>Mở cơ sở này</source>
            <translation>Open this facility</translation>
        </message>
    </context>
    <context>
        <name>StatusBar</name>
        <message>
            <source>Đang mở cơ sở dữ liệu…</source>
            <translation>Opening the database…</translation>
        </message>
        <message>
            <source>Dữ liệu mẫu</source>
            <translation>Demo data</translation>
        </message>
        <message>
            <source>Cơ sở dữ liệu: %1</source>
            <translation>Database: %1</translation>
        </message>
        <message>
            <source>Chưa được tỉnh xác nhận: %1</source>
            <translation>Not yet acknowledged by the province: %1</translation>
        </message>
        <message>
            <source>Số thay đổi làm trên máy này mà Trung tâm Khuyến công chưa báo đã nhận.</source>
            <translation>Changes made on this computer that the provincial centre has not yet confirmed receiving.</translation>
        </message>
        <message>
            <source>Xuất gần nhất: %1</source>
            <translation>Last export: %1</translation>
        </message>
    </context>
    <context>
        <name>SummaryPage</name>
        <message>
            <source>Xác nhận</source>
            <translation>Confirm</translation>
        </message>
        <message>
            <source>Kiểm tra lại rồi bấm Hoàn tất.</source>
            <translation>Check, then click Finish.</translation>
        </message>
        <message>
            <source>Dữ liệu đã nhập không bị ảnh hưởng khi chạy lại bước thiết lập này.</source>
            <translation>The data already entered is not affected by running this set-up again.</translation>
        </message>
        <message>
            <source>Có thể đổi các thông tin này sau, trong Công cụ → Cài đặt.</source>
            <translation>You can change this later, in Tools → Settings.</translation>
        </message>
        <message>
            <source>Ngôn ngữ</source>
            <translation>Language</translation>
        </message>
        <message>
            <source>Vai trò</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Số điện thoại</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Trung tâm</source>
            <translation>Centre</translation>
        </message>
        <message>
            <source>Tỉnh, thành phố</source>
            <translation>Province</translation>
        </message>
        <message>
            <source>Xã, phường</source>
            <translation>Communes</translation>
        </message>
        <message>
            <source>Cả tỉnh</source>
            <translation>The whole province</translation>
        </message>
    </context>
    <context>
        <name>_ProgressDialog</name>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Đang dừng… Vui lòng chờ công việc kết thúc an toàn.</source>
            <translation>Stopping… Please wait while the work ends safely.</translation>
        </message>
        <message>
            <source>Đang dừng…</source>
            <translation>Stopping…</translation>
        </message>
    </context>
</TS>
