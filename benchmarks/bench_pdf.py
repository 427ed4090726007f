"""Survey printing: a batch PDF of filled surveys beside plain reportlab drawing the same strings;
opening a survey in the editor (offscreen)."""

from __future__ import annotations

import random
from copy import deepcopy
from pathlib import Path
from typing import Any

from benchmarks.common import Result, scratch, timed

SURVEYS_FULL = 1000
SURVEYS_QUICK = 100

_NAMES = [
    "Nguyễn Văn Đạt",
    "Trần Thị Hồng",
    "Phạm Thị Thu",
    "Lê Văn Hùng",
    "Đỗ Thị Mai",
    "Vũ Đức Thắng",
    "Hoàng Thị Lan",
    "Bùi Văn Dũng",
]
_FACILITIES = [
    "HTX làng nghề chiếu cói Lật Dương",
    "Công ty TNHH Thương mại Dũng Hồng",
    "Công ty CP Gốm Chu Đậu",
    "Hộ kinh doanh mây tre đan Phú Nghĩa",
    "Tổ hợp tác thêu ren Văn Lâm",
    "HTX bánh đa Kế",
    "Cơ sở mộc mỹ nghệ Đồng Kỵ",
]
_MACHINES = [
    "Máy dệt chiếu cói bán tự động",
    "Máy se sợi",
    "Lò nung gốm bằng ga",
    "Máy thêu vi tính 12 đầu",
    "Máy cưa vòng",
    "Máy chà nhám",
    "Máy ép thủy lực",
]


def sample_answers(rng: random.Random) -> dict[str, Any]:
    """A complete, varied survey under khao-sat-co-so v1."""
    total = rng.randint(5, 200)
    machines = [
        {
            "ten_may": rng.choice(_MACHINES),
            "so_luong": rng.randint(1, 12),
            "nam_su_dung": rng.randint(2000, 2024),
            "xuat_xu": rng.choice(["viet_nam", "trung_quoc", "nhat_ban", "dai_loan"]),
            "tinh_trang": rng.choice(["tot", "trung_binh", "kem"]),
        }
        for _ in range(rng.randint(1, 6))
    ]
    needs = [
        {
            "noi_dung": rng.choice(
                ["may_moc_thiet_bi", "dao_tao_nghe", "xuc_tien_thuong_mai", "chuyen_doi_so"]
            ),
            "mo_ta": "Hỗ trợ " + rng.choice(_MACHINES).lower(),
            "kinh_phi_du_kien": rng.randint(1, 60) * 10_000_000,
        }
        for _ in range(rng.randint(1, 3))
    ]
    person = rng.choice(_NAMES)
    return {
        "ten_co_so": rng.choice(_FACILITIES),
        "loai_hinh": rng.choice(["htx", "doanh_nghiep", "ho_kinh_doanh"]),
        "nguoi_dai_dien": person,
        "chuc_vu": "Giám đốc",
        "xa_phuong": {
            "code": "11755",
            "scheme": "2025",
            "name": "Xã Tiên Lãng, thành phố Hải Phòng",
        },
        "dia_chi": f"Thôn {rng.randint(1, 12)}",
        "dia_chi_cu": "Xã Quang Phục, huyện Tiên Lãng",
        "dien_thoai": "0912345678",
        "ma_so_thue": "0100233488",
        "nam_thanh_lap": rng.randint(1980, 2024),
        "thuoc_lang_nghe": True,
        "ten_lang_nghe": "Làng nghề chiếu cói Lật Dương",
        "nganh_nghe": {"code": "16292", "version": "VSIC2025", "name": "Sản xuất sản phẩm từ cói"},
        "tong_lao_dong": total,
        "lao_dong_nu": rng.randint(0, total),
        "lao_dong_qua_dao_tao": rng.randint(0, total),
        "thu_nhap_binh_quan": rng.randint(30, 90) * 100_000,
        "san_pham_chinh": "Chiếu cói, thảm cói, túi cói thủ công mỹ nghệ xuất khẩu.",
        "nhom_san_pham": "thu_cong_my_nghe",
        "san_luong_nam": rng.randint(100, 50000),
        "don_vi_san_luong": "chiếc",
        "doanh_thu_nam_truoc": rng.randint(1, 500) * 10_000_000,
        "ty_le_xuat_khau": rng.randint(0, 90),
        "thi_truong_chinh": ["trong_tinh", "xuat_khau"],
        "nuoc_xuat_khau": "Nhật Bản, Hàn Quốc",
        "ty_le_nguyen_lieu_dia_phuong": rng.randint(10, 100),
        "tong_tai_san": rng.randint(1, 900) * 10_000_000,
        "may_moc": machines,
        "chat_thai": ["chat_thai_ran", "bui"],
        "xu_ly_chat_thai": "Thu gom phế phẩm, lắp quạt hút bụi.",
        "co_khieu_nai": False,
        "quan_tam_sxsh": True,
        "san_pham_tieu_bieu": [
            {"ten_san_pham": "Chiếu cói in hoa văn", "cap": "tinh", "nam": 2019}
        ],
        "co_nghe_nhan": False,
        "nhu_cau": needs,
        "von_doi_ung": 10_000_000,
        "nguoi_khao_sat": rng.choice(_NAMES),
        "ngay_khao_sat": f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "co_so_xac_nhan": True,
        "nguoi_xac_nhan": person,
        "ghi_chu": "Đề nghị ưu tiên hỗ trợ máy móc.",
    }


def _docs(n: int) -> list[Any]:
    from kcdesk.config import resource_path
    from kcdesk.domain.forms import load_definition_file
    from kcdesk.io.pdf.survey_filled import SurveyDoc

    definition = load_definition_file(resource_path("forms", "khao-sat-co-so-v1.json"))
    rng = random.Random(11)
    docs = []
    for i in range(n):
        answers = sample_answers(rng)
        docs.append(
            SurveyDoc(
                definition,
                deepcopy(answers),
                uuid=f"bench-{i:05d}",
                status="complete",
                facility_name=answers["ten_co_so"],
            )
        )
    return docs


def _strings(docs: list[Any], options: Any) -> list[list[list[tuple[str, float, str]]]]:
    """Per survey, per page, the (font, size, text) kcdesk draws: the raw limit draws the same."""
    from kcdesk.io.pdf.layout import TEXT_CENTER
    from kcdesk.io.pdf.survey_filled import layout_survey

    out = []
    for doc in docs:
        pages = layout_survey(doc, options).pages
        out.append([[(op[1], op[2], op[5]) for op in p.ops if op[0] <= TEXT_CENTER] for p in pages])
    return out


def _raw(path: Path, surveys: list[list[list[tuple[str, float, str]]]]) -> None:
    """Plain reportlab canvas: the same strings with the same fonts, one line each, no layout."""
    from reportlab.pdfgen.canvas import Canvas

    from kcdesk.io.pdf.styles import A4

    canvas = Canvas(str(path), pagesize=A4, pageCompression=1)
    for pages in surveys:
        for page in pages:
            y = A4[1] - 40
            for font, size, text in page:
                canvas.setFont(font, size)
                canvas.drawString(60, y, text)
                y -= 7
                if y < 40:
                    y = A4[1] - 40
            canvas.drawString(60, 20, "Trang 1/1")
            canvas.showPage()
    canvas.save()


def batch_print(quick: bool) -> Result:
    """A batch PDF of 1,000 filled surveys ≥ 1/3 the throughput of plain reportlab."""
    from kcdesk.io.pdf.fonts import register_fonts
    from kcdesk.io.pdf.survey_common import PrintOptions
    from kcdesk.io.pdf.survey_filled import render_surveys

    n = SURVEYS_QUICK if quick else SURVEYS_FULL
    register_fonts()
    options = PrintOptions(centre="Trung tâm Khuyến công Hải Phòng", agency="Sở Công Thương")
    with scratch("pdf") as home:
        docs = _docs(n)
        strings = _strings(docs, options)
        raw_s = timed(lambda: _raw(home / "raw.pdf", strings))
        kc_s = timed(lambda: render_surveys(docs, home / "kcdesk.pdf", options, total=n))
        pages = sum(len(s) for s in strings)
        size = (home / "kcdesk.pdf").stat().st_size
    return Result(
        f"batch PDF of {n:,} filled surveys",
        kc_s,
        raw_s,
        3.0,
        note=f"{pages:,} pages, {size / 1e6:.1f} MB; {n / kc_s:.0f} surveys/s",
    )


def open_editor(quick: bool) -> Result:
    """Opening a survey in the editor (offscreen, a fresh editor each time): ≤ 150 ms."""
    import os
    import statistics
    import time

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget

    app = QApplication.instance() or QApplication([])
    repeat = 3 if quick else 7
    with scratch("editor") as home:
        from kcdesk.gui.state import AppState
        from kcdesk.gui.surveys.editor import SurveyEditor
        from kcdesk.services import surveys
        from kcdesk.services.context import open_database
        from kcdesk.services.facilities import create_facility
        from kcdesk.services.installation import init_installation

        db = open_database()
        init_installation(db, role="collaborator", person_name="Bench", province=31)
        facility = create_facility(
            db, {"name": "HTX chiếu cói Lật Dương", "kind": "htx", "commune_code": 11755}
        ).uuid
        answers = sample_answers(random.Random(3))
        uuid = surveys.create_survey(db, facility, answers=answers).uuid
        state = AppState(db, settings=QSettings(str(home / "b.ini"), QSettings.Format.IniFormat))
        definition = surveys.get_definition(db)
        questions = sum(1 for _ in definition.questions())

        cpu: list[float] = []

        def kc_open() -> float:
            editor = SurveyEditor(state)
            start = time.perf_counter()
            cpu_start = time.thread_time()
            detail = surveys.get_survey(db, uuid)
            editor.load(detail, surveys.get_definition(db, detail.form_id, detail.form_version))
            editor.show()
            app.processEvents()
            took = time.perf_counter() - start
            cpu.append(time.thread_time() - cpu_start)
            editor.autosave_timer.stop()
            editor.deleteLater()
            app.processEvents()
            return took

        def raw_open() -> float:
            """The same number of plain labels and line edits, filled: Qt's own floor."""
            start = time.perf_counter()
            w = QWidget()
            box = QVBoxLayout(w)
            for i in range(questions):
                box.addWidget(QLabel(f"Câu {i}", w))
                edit = QLineEdit(w)
                edit.setText(str(i))
                box.addWidget(edit)
            w.show()
            app.processEvents()
            took = time.perf_counter() - start
            w.deleteLater()
            app.processEvents()
            return took

        kc_open()  # imports and the place book warm up once, as at the first start of the area
        kc = statistics.median(kc_open() for _ in range(repeat))
        raw = statistics.median(raw_open() for _ in range(repeat))
        db.close()
    return Result(
        "opening a survey in the editor",
        kc,
        raw,
        None,
        absolute_s=0.150,
        note=f"{questions} questions, fresh editor each time; GUI-thread CPU "
        f"{statistics.median(cpu[1:]) * 1000:.0f} ms (wall time includes waiting for a core)",
    )


WORKLOADS = [batch_print, open_editor]
