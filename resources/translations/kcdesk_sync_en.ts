<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Xử lý xung đột: %1</source>
        <translation>Resolve conflict: %1</translation>
    </message>
    <message>
        <source>Bản ghi này đã được sửa ở hai nơi mà không bên nào biết bên kia. Không có gì bị ghi đè: các phiên bản được giữ nguyên cho đến khi anh/chị chọn. Bấm vào ô để lấy giá trị của phiên bản đó, hoặc giữ nguyên một phiên bản.</source>
        <translation>This record was changed in two places, neither knowing of the other. Nothing was overwritten: the versions are kept until you choose. Click a cell to take that version&apos;s value, or keep one version whole.</translation>
    </message>
    <message>
        <source>Chỉ hiện các trường khác nhau</source>
        <translation>Show only the fields that differ</translation>
    </message>
    <message>
        <source>sửa lúc %1</source>
        <translation>changed at %1</translation>
    </message>
    <message>
        <source>(bản này XOÁ bản ghi)</source>
        <translation>(this version DELETES the record)</translation>
    </message>
    <message>
        <source>(đang hiển thị)</source>
        <translation>(shown now)</translation>
    </message>
    <message>
        <source>Giữ nguyên bản %1</source>
        <translation>Keep version %1</translation>
    </message>
    <message>
        <source>Lưu các giá trị đã chọn</source>
        <translation>Save the chosen values</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Xem trước khi nhập gói</source>
        <translation>Preview before importing</translation>
    </message>
    <message>
        <source>Tôi đã gọi điện cho người gửi và vân tay khớp: chấp nhận thiết bị mới này</source>
        <translation>I called the sender and the fingerprints match: accept this new device</translation>
    </message>
    <message>
        <source>Nhập</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>đã nhập trước đây; nhập lại không thay đổi gì.</source>
        <translation>imported before; importing again changes nothing.</translation>
    </message>
    <message>
        <source>Gói của %1, vân tay %2</source>
        <translation>Package from %1, fingerprint %2</translation>
    </message>
    <message>
        <source>%1: thêm %2, cập nhật %3, đã có %4, xung đột %5</source>
        <translation>%1: %2 new, %3 updated, %4 already here, %5 in conflict</translation>
    </message>
    <message>
        <source>không có bản ghi mới</source>
        <translation>no new records</translation>
    </message>
    <message>
        <source>%1 biên nhận cho gói đã gửi</source>
        <translation>%1 receipts for packages sent</translation>
    </message>
    <message>
        <source>Sẽ giữ cả hai phiên bản để xem xét: %1</source>
        <translation>Both versions will be kept for review: %1</translation>
    </message>
</context>
<context>
    <name>KeyPassphraseDialog</name>
    <message>
        <source>Xuất khoá sang máy khác</source>
        <translation>Export keys to another computer</translation>
    </message>
    <message>
        <source>Nhận khoá từ máy khác</source>
        <translation>Import keys from another computer</translation>
    </message>
    <message>
        <source>Tệp khoá chứa khoá riêng của máy cài đặt này, để một máy tính khác dùng chung cơ sở dữ liệu trên máy chủ đồng bộ được với cùng vân tay. Đặt một mật khẩu (ít nhất %1 ký tự) để bảo vệ tệp; máy nhận sẽ hỏi mật khẩu này. Hãy chuyển tệp và báo mật khẩu theo hai đường khác nhau, và xoá tệp khi đã nhận xong.</source>
        <translation>The key file holds this installation&apos;s private keys, so that another computer sharing the database on the server can sync with the same fingerprint. Choose a passphrase (at least %1 characters) to protect the file; the receiving computer will ask for it. Send the file and tell the passphrase by two different ways, and delete the file once the keys are imported.</translation>
    </message>
    <message>
        <source>Tệp khoá của %1 — vân tay %2. Hãy đối chiếu vân tay với máy đã xuất tệp, rồi nhập mật khẩu đã đặt khi xuất.</source>
        <translation>Key file of %1 — fingerprint %2. Compare the fingerprint with the computer that exported the file, then type the passphrase chosen when it was exported.</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Nhập lại mật khẩu</source>
        <translation>Passphrase again</translation>
    </message>
    <message>
        <source>Hiện mật khẩu</source>
        <translation>Show passphrase</translation>
    </message>
    <message>
        <source>Mật khẩu cần ít nhất %1 ký tự.</source>
        <translation>The passphrase needs at least %1 characters.</translation>
    </message>
    <message>
        <source>Hai lần nhập chưa khớp.</source>
        <translation>The two entries differ.</translation>
    </message>
</context>
<context>
    <name>SetupFileDialog</name>
    <message>
        <source>Tạo tệp thiết lập cho cộng tác viên</source>
        <translation>Make a set-up file for a collaborator</translation>
    </message>
    <message>
        <source>mã hoặc tên xã/phường, cách nhau bằng dấu ;</source>
        <translation>commune codes or names, separated by ;</translation>
    </message>
    <message>
        <source>Họ tên cộng tác viên</source>
        <translation>Collaborator&apos;s full name</translation>
    </message>
    <message>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Xã/phường phụ trách</source>
        <translation>Communes served</translation>
    </message>
    <message>
        <source>Tệp thiết lập như một mật khẩu: chỉ trao tận tay hoặc gửi riêng cho người đó.</source>
        <translation>A set-up file is like a password: hand it over in person or send it to that person only.</translation>
    </message>
</context>
<context>
    <name>SyncView</name>
    <message>
        <source>Máy này</source>
        <translation>This computer</translation>
    </message>
    <message>
        <source>Xuất khoá sang máy khác…</source>
        <translation>Export keys to another computer…</translation>
    </message>
    <message>
        <source>Cho một máy tính khác dùng chung cơ sở dữ liệu này đồng bộ được với cùng vân tay: ghi khoá ra tệp, bảo vệ bằng mật khẩu.</source>
        <translation>Let another computer sharing this database sync with the same fingerprint: write the keys to a file protected by a passphrase.</translation>
    </message>
    <message>
        <source>Nhận khoá từ máy khác…</source>
        <translation>Import keys from another computer…</translation>
    </message>
    <message>
        <source>Nhận khoá đồng bộ từ tệp khoá do một máy dùng chung cơ sở dữ liệu này xuất.</source>
        <translation>Take the sync keys from a key file exported by a computer that shares this database.</translation>
    </message>
    <message>
        <source>Nhập gói…</source>
        <translation>Import packages…</translation>
    </message>
    <message>
        <source>Có thể kéo thả tệp .kcsync vào đây để nhập.</source>
        <translation>You can drop .kcsync files here to import them.</translation>
    </message>
    <message>
        <source>Thời điểm</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Chiều</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Với</source>
        <translation>With</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>Xác nhận</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Người / đơn vị</source>
        <translation>Person / office</translation>
    </message>
    <message>
        <source>Vân tay</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>Mã thiết bị</source>
        <translation>Device id</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Gói gần nhất</source>
        <translation>Last package</translation>
    </message>
    <message>
        <source>Bản ghi</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Số phiên bản</source>
        <translation>Versions</translation>
    </message>
    <message>
        <source>Phát hiện lúc</source>
        <translation>Found at</translation>
    </message>
    <message>
        <source>Xem và xử lý…</source>
        <translation>Review…</translation>
    </message>
    <message>
        <source>Lịch sử gói</source>
        <translation>Package history</translation>
    </message>
    <message>
        <source>Thiết bị</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Xung đột</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Nhận tệp thiết lập…</source>
        <translation>Take set-up file…</translation>
    </message>
    <message>
        <source>Trung tâm Khuyến công</source>
        <translation>Provincial centre</translation>
    </message>
    <message>
        <source>Cộng tác viên</source>
        <translation>Collaborator</translation>
    </message>
    <message>
        <source>%1 — %2 — mã thiết bị %3</source>
        <translation>%1 — %2 — device %3</translation>
    </message>
    <message>
        <source>Vân tay: %1</source>
        <translation>Fingerprint: %1</translation>
    </message>
    <message>
        <source>%1 thiết bị cộng tác viên đã đăng ký.</source>
        <translation>%1 collaborator devices enrolled.</translation>
    </message>
    <message>
        <source>Xuất gói trả lời…</source>
        <translation>Export replies…</translation>
    </message>
    <message>
        <source>Tạo tệp thiết lập…</source>
        <translation>Make set-up file…</translation>
    </message>
    <message>
        <source>Mọi cộng tác viên (mỗi người một tệp)</source>
        <translation>Every collaborator (one file each)</translation>
    </message>
    <message>
        <source>Gửi cho: %1 — vân tay %2 (đối chiếu qua điện thoại)</source>
        <translation>Sends to: %1 — fingerprint %2 (compare over the phone)</translation>
    </message>
    <message>
        <source>Chưa kết nối với Trung tâm: hãy nhận tệp thiết lập do Trung tâm gửi.</source>
        <translation>Not connected to a centre yet: take the set-up file the centre sent you.</translation>
    </message>
    <message>
        <source>Xuất gói gửi Trung tâm…</source>
        <translation>Export for the centre…</translation>
    </message>
    <message>
        <source>Vân tay cần nhận: %1</source>
        <translation>Fingerprint to import: %1</translation>
    </message>
    <message>
        <source>Bấm “Nhận khoá từ máy khác…”, chọn tệp khoá (.kckeys) và nhập mật khẩu.</source>
        <translation>Click “Import keys from another computer…”, choose the key file (.kckeys) and type its passphrase.</translation>
    </message>
    <message>
        <source>gửi đi</source>
        <translation>sent</translation>
    </message>
    <message>
        <source>nhận về</source>
        <translation>received</translation>
    </message>
    <message>
        <source>đã xác nhận</source>
        <translation>confirmed</translation>
    </message>
    <message>
        <source>chưa xác nhận</source>
        <translation>not confirmed yet</translation>
    </message>
    <message>
        <source>đã gửi biên nhận</source>
        <translation>receipt sent</translation>
    </message>
    <message>
        <source>(không có bản ghi)</source>
        <translation>(no records)</translation>
    </message>
    <message>
        <source>Trung tâm</source>
        <translation>Centre</translation>
    </message>
    <message>
        <source>đang dùng</source>
        <translation>active</translation>
    </message>
    <message>
        <source>đã thu hồi</source>
        <translation>revoked</translation>
    </message>
    <message>
        <source>Chọn thư mục ghi các gói</source>
        <translation>Choose a folder for the packages</translation>
    </message>
    <message>
        <source>Lưu gói đồng bộ</source>
        <translation>Save sync package</translation>
    </message>
    <message>
        <source>Gói đồng bộ kcdesk (*.kcsync)</source>
        <translation>kcdesk sync packages (*.kcsync)</translation>
    </message>
    <message>
        <source>Đang xuất gói đồng bộ…</source>
        <translation>Exporting sync package…</translation>
    </message>
    <message>
        <source>Xuất gói</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Chưa có cộng tác viên nào được đăng ký.</source>
        <translation>No collaborator is enrolled yet.</translation>
    </message>
    <message>
        <source>%1 → %2: %3 (mã hoá cho vân tay %4)</source>
        <translation>%1 → %2: %3 (encrypted for fingerprint %4)</translation>
    </message>
    <message>
        <source>không có thay đổi mới</source>
        <translation>no new changes</translation>
    </message>
    <message>
        <source>Đã xuất gói đồng bộ.</source>
        <translation>Sync package exported.</translation>
    </message>
    <message>
        <source>Đã xuất gói</source>
        <translation>Package exported</translation>
    </message>
    <message>
        <source>Chọn gói đồng bộ</source>
        <translation>Choose sync packages</translation>
    </message>
    <message>
        <source>Gói đồng bộ kcdesk (*.kcsync);;Mọi tệp (*)</source>
        <translation>kcdesk sync packages (*.kcsync);;All files (*)</translation>
    </message>
    <message>
        <source>Đang kiểm tra gói…</source>
        <translation>Checking packages…</translation>
    </message>
    <message>
        <source>Đang nhập gói đồng bộ…</source>
        <translation>Importing sync packages…</translation>
    </message>
    <message>
        <source>Đã nhập %1 gói; %2 gói không nhận.</source>
        <translation>Imported %1 packages; %2 refused.</translation>
    </message>
    <message>
        <source>%1 bản ghi có xung đột cần xem xét (thẻ Xung đột).</source>
        <translation>%1 records in conflict to review (Conflicts tab).</translation>
    </message>
    <message>
        <source>Nhập gói</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Chọn tệp thiết lập của Trung tâm</source>
        <translation>Choose the centre&apos;s set-up file</translation>
    </message>
    <message>
        <source>Lưu tệp thiết lập</source>
        <translation>Save set-up file</translation>
    </message>
    <message>
        <source>Đã tạo tệp thiết lập</source>
        <translation>Set-up file made</translation>
    </message>
    <message>
        <source>Tệp %1 cho %2. Khi cộng tác viên gọi, hãy đọc vân tay của Trung tâm: %3</source>
        <translation>File %1 for %2. When the collaborator calls, read out the centre&apos;s fingerprint: %3</translation>
    </message>
    <message>
        <source>Đã thiết lập máy</source>
        <translation>Computer set up</translation>
    </message>
    <message>
        <source>Máy này làm việc với %1. Hãy gọi Trung tâm để đối chiếu vân tay của Trung tâm: %2. Vân tay của máy này: %3.</source>
        <translation>This computer works with %1. Call the centre to compare its fingerprint: %2. This computer&apos;s fingerprint: %3.</translation>
    </message>
    <message>
        <source>Lưu tệp khoá</source>
        <translation>Save the key file</translation>
    </message>
    <message>
        <source>Tệp khoá kcdesk (*.kckeys)</source>
        <translation>kcdesk key files (*.kckeys)</translation>
    </message>
    <message>
        <source>Đã xuất khoá</source>
        <translation>Keys exported</translation>
    </message>
    <message>
        <source>Đã ghi tệp khoá %1 (vân tay %2). Ở máy kia, chọn “Nhận khoá từ máy khác…”, chọn tệp này và nhập mật khẩu. Ai có tệp và mật khẩu có thể ký gói thay Trung tâm: chuyển tệp và mật khẩu theo hai đường khác nhau, xoá tệp khi đã nhận xong.</source>
        <translation>Key file %1 written (fingerprint %2). On the other computer, choose “Import keys from another computer…”, pick this file and type the passphrase. Whoever has the file and the passphrase can sign packages as the centre: send the file and the passphrase by two different ways, and delete the file once the keys are imported.</translation>
    </message>
    <message>
        <source>Đang xuất khoá…</source>
        <translation>Exporting the keys…</translation>
    </message>
    <message>
        <source>Chọn tệp khoá do máy khác xuất</source>
        <translation>Choose the key file exported by the other computer</translation>
    </message>
    <message>
        <source>Tệp khoá kcdesk (*.kckeys);;Mọi tệp (*)</source>
        <translation>kcdesk key files (*.kckeys);;All files (*)</translation>
    </message>
    <message>
        <source>Đang nhận khoá…</source>
        <translation>Importing the keys…</translation>
    </message>
    <message>
        <source>Máy này đã có khoá của %1 (vân tay %2); không thay đổi gì.</source>
        <translation>This computer already has the keys of %1 (fingerprint %2); nothing changed.</translation>
    </message>
    <message>
        <source>Đã nhận khoá của %1. Vân tay của máy này: %2 — máy này giờ đồng bộ được như máy đã xuất khoá. Hãy xoá tệp khoá khi không cần nữa.</source>
        <translation>The keys of %1 were imported. This computer&apos;s fingerprint: %2 — it can now sync like the computer that exported them. Delete the key file when it is no longer needed.</translation>
    </message>
    <message>
        <source>Đã nhận khoá</source>
        <translation>Keys imported</translation>
    </message>
</context>
</TS>
