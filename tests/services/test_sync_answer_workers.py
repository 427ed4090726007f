"""Big packages have their survey answers checked in worker processes: same verdicts as inline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kcdesk.domain.errors import ValidationError
from kcdesk.services import answer_batches, surveys
from kcdesk.services.sync import export_package, import_package
from kcdesk.storage.models import Survey

from .sync_world import Laptop, facility


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every package counts as big, in batches of two, with one worker even on one core."""
    monkeypatch.setattr(answer_batches, "PARALLEL_FROM", 1)
    monkeypatch.setattr(answer_batches, "_BATCH", 2)
    monkeypatch.setattr(answer_batches, "_workers", lambda: 1)
    made: list[Any] = []
    real = answer_batches.AnswerChecks.__init__

    def spy(self: Any, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        made.append(self.parallel)

    monkeypatch.setattr(answer_batches.AnswerChecks, "__init__", spy)
    return made


def completed(db: Any, owner: str, n: int) -> list[str]:
    done = []
    for i in range(n):
        detail = surveys.create_survey(db, owner)
        answers = dict(detail.answers)
        answers.update(san_pham_chinh=f"Chiếu cói loại {i + 1}", nguoi_khao_sat="Nguyễn Văn An",
                       ngay_khao_sat="2025-02-05", nguoi_dai_dien="Phạm Văn Đạt",
                       tong_lao_dong=20 + i, lao_dong_nu=10)  # fmt: skip
        assert surveys.mark_complete(db, detail.uuid, answers).status == "complete"
        done.append(detail.uuid)
    return done


def count_surveys(db: Any) -> int:
    with db.unit_of_work() as uow:
        return int(uow.session.execute(select(func.count(Survey.id))).scalar_one())


def test_a_big_package_is_checked_in_workers_and_imported(
    an: Laptop, centre: Laptop, tmp_path: Path, workers: list[Any]
) -> None:
    owner = facility(an.db)
    made = completed(an.db, owner, 5)
    out = tmp_path / "p.kcsync"
    export_package(an.db, out)
    result = import_package(centre.db, out)
    assert workers == [True], "the answers went to a worker process"
    assert result.status == "imported" and result.counts["survey"]["inserted"] == 5
    with centre.db.unit_of_work() as uow:
        uuids = set(uow.session.execute(select(Survey.uuid)).scalars())
    assert uuids == set(made)


def test_a_survey_failing_in_a_worker_refuses_the_whole_package(
    an: Laptop, centre: Laptop, tmp_path: Path, workers: list[Any]
) -> None:
    owner = facility(an.db, "HTX chiếu cói Lật Dương")
    made = completed(an.db, owner, 5)
    with an.db.engine.begin() as conn:  # a hand-edited database: more women than workers
        raw = conn.exec_driver_sql("SELECT answers FROM survey WHERE uuid = ?", (made[3],)).scalar()
        answers = json.loads(raw)
        answers["lao_dong_nu"] = answers["tong_lao_dong"] + 5
        conn.exec_driver_sql("UPDATE survey SET answers = ? WHERE uuid = ?",
                             (json.dumps(answers, ensure_ascii=False), made[3]))  # fmt: skip
    out = tmp_path / "p.kcsync"
    export_package(an.db, out)
    with pytest.raises(ValidationError) as refused:
        import_package(centre.db, out)
    assert workers == [True]
    message = str(refused.value)
    assert "không nhập gì" in message
    assert f"Phiếu khảo sát “HTX chiếu cói Lật Dương” ({made[3][:8]})" in message
    assert "“Trong đó: lao động nữ”: không được nhiều hơn tổng số lao động." in message
    assert count_surveys(centre.db) == 0


def test_workers_that_cannot_start_leave_the_checks_to_the_import(
    an: Laptop, centre: Laptop, tmp_path: Path, workers: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A broken pool (say, a frozen app that cannot start itself again) changes nothing."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("cannot schedule new futures after shutdown")

    monkeypatch.setattr(answer_batches.ProcessPoolExecutor, "submit", broken)
    owner = facility(an.db)
    made = completed(an.db, owner, 3)
    with an.db.engine.begin() as conn:
        raw = conn.exec_driver_sql("SELECT answers FROM survey WHERE uuid = ?", (made[0],)).scalar()
        answers = json.loads(raw)
        answers["lao_dong_nu"] = answers["tong_lao_dong"] + 1
        conn.exec_driver_sql("UPDATE survey SET answers = ? WHERE uuid = ?",
                             (json.dumps(answers), made[0]))  # fmt: skip
    out = tmp_path / "p.kcsync"
    export_package(an.db, out)
    with pytest.raises(ValidationError, match=made[0][:8]):
        import_package(centre.db, out)
    assert count_surveys(centre.db) == 0


def test_the_answers_waiting_for_workers_stay_a_few_batches(
    workers: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package of tens of thousands of surveys must not sit in memory waiting for the workers
    (the import's peak memory promise): answered batches are taken as they come and a long
    queue waits for its oldest; every survey's verdict still arrives, in order."""
    from datetime import date

    from kcdesk.config import resource_path
    from kcdesk.domain.forms import load_definition_file

    definition = load_definition_file(resource_path("forms", "khao-sat-co-so-v1.json"))
    checks = answer_batches.AnswerChecks(1, lambda uuid, data, issue: issue)
    assert checks.parallel
    longest = 0
    try:
        for i in range(40):
            answers = {"tong_lao_dong": 10, "lao_dong_nu": 20 if i % 7 == 0 else 5}
            assert checks.check(f"u{i}", {}, definition, answers, date(2025, 3, 1)) == []
            longest = max(longest, len(checks._sent))
        errors = checks.finish()
    finally:
        checks.close()
    assert longest <= checks._in_flight, "at most a few batches wait for a worker"
    flagged = [e for e in errors if e.field == "lao_dong_nu"]
    assert len(flagged) == len(range(0, 40, 7))
