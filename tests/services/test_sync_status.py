"""The status bar's sync figures: changes not yet acknowledged by the province, last export."""

from __future__ import annotations

from kcdesk.services.sync import sync_status

from .sync_world import collaborator, facility, province, send


def test_changes_count_until_the_province_acknowledges_them(template_db, kcdesk_home, tmp_path):
    centre = province(template_db, tmp_path / "tinh")
    laptop = collaborator(template_db, tmp_path / "an", centre, "an", "Nguyễn Văn An")
    before = sync_status(laptop.db)
    assert before.unacknowledged == 0 and before.last_export is None
    facility(laptop.db, "HTX chiếu cói Lật Dương")
    facility(laptop.db, "Cơ sở rèn Đa Sỹ")
    assert sync_status(laptop.db).unacknowledged == 2
    send(laptop, centre, tmp_path)
    sent = sync_status(laptop.db)
    assert sent.unacknowledged == 2 and sent.last_export is not None  # no receipt yet
    send(centre, laptop, tmp_path)  # the receipt
    assert sync_status(laptop.db).unacknowledged == 0
    assert sync_status(centre.db).unacknowledged is None
    for db in (laptop.db, centre.db):
        db.close()
