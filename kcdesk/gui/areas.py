"""The areas of the main window and how their pages are found.

Each area page lives in its own package and is loaded by name, so the window works whether or
not an area has been built yet: a missing module gives a page that says what is coming, a page
that fails to load gives a page that says so (and logs why), never a crash of the whole window.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    return QCoreApplication.translate("Areas", text)


@dataclass(frozen=True)
class Area:
    key: str
    target: str  # "package.module:ClassName" of a QWidget built as View(state, parent=None)
    icon: str
    shortcut: str
    title_source: str  # Vietnamese source text, translated when shown
    coming_source: tuple[str, ...]  # what the page will hold, shown until it exists

    @property
    def title(self) -> str:
        return _t(self.title_source)

    @property
    def coming(self) -> list[str]:
        return [_t(line) for line in self.coming_source]


AREAS: tuple[Area, ...] = (
    Area(
        "facilities",
        "kcdesk.gui.facilities.view:FacilitiesView",
        "facilities",
        "Ctrl+1",
        QT_TRANSLATE_NOOP("Areas", "Cơ sở"),
        (
            QT_TRANSLATE_NOOP(
                "Areas",
                "Sổ cơ sở công nghiệp nông thôn: thêm, sửa, tìm, lọc theo xã và ngành nghề.",
            ),
        ),
    ),
    Area(
        "surveys",
        "kcdesk.gui.surveys.view:SurveysView",
        "surveys",
        "Ctrl+2",
        QT_TRANSLATE_NOOP("Areas", "Phiếu khảo sát"),
        (
            QT_TRANSLATE_NOOP(
                "Areas", "Nhập phiếu khảo sát theo mẫu của tỉnh, kể cả khi không có mạng."
            ),
            QT_TRANSLATE_NOOP("Areas", "Lưu phiếu nháp, kiểm tra câu trả lời và in phiếu ra PDF."),
            QT_TRANSLATE_NOOP("Areas", "Xem các phiếu đã khảo sát của từng cơ sở."),
        ),
    ),
    Area(
        "proposals",
        "kcdesk.gui.proposals.view:ProposalsView",
        "proposals",
        "Ctrl+3",
        QT_TRANSLATE_NOOP("Areas", "Đề án"),
        (
            QT_TRANSLATE_NOOP(
                "Areas", "Soạn đề án khuyến công với dự toán kinh phí và phần đối ứng."
            ),
            QT_TRANSLATE_NOOP(
                "Areas", "Theo dõi đề án qua các bước thẩm định, phê duyệt, triển khai, nghiệm thu."
            ),
            QT_TRANSLATE_NOOP("Areas", "In đề án và các biểu mẫu theo quy định."),
        ),
    ),
    Area(
        "sync",
        "kcdesk.gui.sync.view:SyncView",
        "sync",
        "Ctrl+4",
        QT_TRANSLATE_NOOP("Areas", "Đồng bộ"),
        (
            QT_TRANSLATE_NOOP(
                "Areas", "Xuất gói dữ liệu gửi Trung tâm Khuyến công qua USB hoặc thư điện tử."
            ),
            QT_TRANSLATE_NOOP(
                "Areas", "Nhập gói từ cộng tác viên, xem trước và xử lý dữ liệu trùng khác nhau."
            ),
            QT_TRANSLATE_NOOP("Areas", "Biết những thay đổi nào tỉnh đã nhận."),
        ),
    ),
    Area(
        "reports",
        "kcdesk.gui.reports.view:ReportsView",
        "reports",
        "Ctrl+5",
        QT_TRANSLATE_NOOP("Areas", "Báo cáo"),
        (
            QT_TRANSLATE_NOOP("Areas", "Báo cáo tổng hợp theo xã, ngành nghề và nguồn kinh phí."),
            QT_TRANSLATE_NOOP("Areas", "Xuất báo cáo ra Excel theo mẫu của tỉnh."),
        ),
    ),
)


def area(key: str) -> Area:
    for a in AREAS:
        if a.key == key:
            return a
    raise KeyError(key)


class AreaMissing(Exception):
    """The area's module is not there (yet)."""


def load_view_class(target: str) -> Callable[..., QWidget]:
    """Import ``module:Class``. Raises AreaMissing only when the module itself is absent; an
    error inside an existing module propagates (it is a bug to show, not a feature to come)."""
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if module_name == missing or module_name.startswith(missing + "."):
            raise AreaMissing(target) from exc
        raise
    try:
        cls = getattr(module, class_name)
    except AttributeError as exc:
        raise AreaMissing(target) from exc
    if not callable(cls):
        raise AreaMissing(target)
    return cls  # type: ignore[no-any-return]
