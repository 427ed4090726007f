<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>ReportChart</name>
    <message>
        <source>Khác ({0})</source>
        <translation>Other ({0})</translation>
    </message>
    <message>
        <source>Không có số liệu</source>
        <translation>No data</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <source>Phiếu khảo sát từ</source>
        <translation>Surveys from</translation>
    </message>
    <message>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Năm đề án:</source>
        <translation>Proposal year:</translation>
    </message>
    <message>
        <source>mọi năm</source>
        <translation>all years</translation>
    </message>
    <message>
        <source>Mọi loại hình</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source>Mọi nguồn kinh phí</source>
        <translation>All funding sources</translation>
    </message>
    <message>
        <source>Tính cả phiếu nháp</source>
        <translation>Count drafts too</translation>
    </message>
    <message>
        <source>Lập báo cáo</source>
        <translation>Make reports</translation>
    </message>
    <message>
        <source>Xuất Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>Đang lập báo cáo…</source>
        <translation>Making the reports…</translation>
    </message>
    <message>
        <source>Bộ lọc: {0} · Lập lúc {1}</source>
        <translation>Filters: {0} · Made {1}</translation>
    </message>
    <message>
        <source>Lưu báo cáo ra Excel</source>
        <translation>Save the reports to Excel</translation>
    </message>
    <message>
        <source>Đang ghi tệp Excel…</source>
        <translation>Writing the Excel file…</translation>
    </message>
    <message>
        <source>Đã lưu báo cáo: &lt;a href=&quot;{0}&quot;&gt;{1}&lt;/a&gt;</source>
        <translation>Reports saved: &lt;a href=&quot;{0}&quot;&gt;{1}&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Đã lưu báo cáo ra Excel.</source>
        <translation>Reports saved to Excel.</translation>
    </message>
    <message>
        <source>Đang xuất báo cáo…</source>
        <translation>Exporting the reports…</translation>
    </message>
</context>
</TS>
