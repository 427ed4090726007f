"""The domain rules every incoming record must pass, the same as in the editors.

Rules that depend on today's date are checked as of the record's own date (a survey on the day
it was made), so a laptop whose clock is years off neither lets a bad record through nor refuses
a good one: the outcome of an import never depends on either side's clock.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from kcdesk.domain.errors import Issue, Severity, ValidationError
from kcdesk.domain.forms import FormDefinition, parse_definition
from kcdesk.services.answer_batches import AnswerChecks
from kcdesk.services.facilities import FacilityInput, validate_facility
from kcdesk.services.sync.records import (
    Incoming,
    RawJSON,
    RecordFormatError,
    check_values,
    from_json,
    record_label,
)
from kcdesk.storage.models import Blob, Commune, Facility
from kcdesk.storage.models.forms import FormDefinitionRecord
from kcdesk.storage.models.places import SCHEME_2025, SCHEME_LEGACY

_FACILITY_FIELDS = {f.name for f in fields(FacilityInput)}
# A record without a date of its own is checked as if made in the far future: upper bounds
# relative to today ("not after today") cannot refuse it because of a wrong clock.
_NO_DATE = date(9000, 1, 1)
OWNER_KINDS = frozenset({"facility", "survey", "proposal"})


class RecordChecker:
    """Checks incoming records inside the import's transaction, caching reference data."""

    def __init__(self, session: Session, answers: AnswerChecks | None = None) -> None:
        self.session = session
        self._communes: dict[str, set[int]] | None = None
        self._forms: dict[tuple[str, int], FormDefinition | None] = {}
        self._facilities: set[str] = set()
        self._blobs: set[str] = set()
        self._rules_seeded = False
        # Completed surveys' answers: inline unless the import hands in workers for many.
        self.answers = answers or AnswerChecks(0, wrap_survey)

    # --- reference data -----------------------------------------------------------------------

    def communes(self, scheme: str) -> set[int]:
        if self._communes is None:
            self._communes = {SCHEME_2025: set(), SCHEME_LEGACY: set()}
            # Core, not ORM: ten thousand rows, read once per import.
            conn = self.session.connection()
            for s, code in conn.execute(select(Commune.scheme, Commune.code)):
                self._communes.setdefault(str(s), set()).add(int(code))
        return self._communes.get(scheme, set())

    def form(self, form_id: str, version: int) -> FormDefinition | None:
        key = (form_id, version)
        if key not in self._forms:
            row = self.session.execute(
                select(FormDefinitionRecord).where(
                    FormDefinitionRecord.form_id == form_id,
                    FormDefinitionRecord.version == version,
                )
            ).scalar_one_or_none()
            self._forms[key] = None if row is None else parse_definition(row.definition)
        return self._forms[key]

    def forget_form(self, form_id: str, version: int) -> None:
        self._forms.pop((form_id, version), None)

    def note_facilities(self, uuids: set[str]) -> None:
        """Facilities that exist (in the database or earlier in this package)."""
        self._facilities |= uuids

    def has_facility(self, uuid: str) -> bool:
        if uuid in self._facilities:
            return True
        found = self.session.execute(select(Facility.id).where(Facility.uuid == uuid)).first()
        if found is not None:
            self._facilities.add(uuid)
        return found is not None

    def note_blobs(self, hashes: set[str]) -> None:
        self._blobs |= hashes

    def has_blob(self, sha256: str) -> bool:
        if sha256 in self._blobs:
            return True
        found = self.session.execute(select(Blob.size).where(Blob.sha256 == sha256)).first()
        if found is not None:
            self._blobs.add(sha256)
        return found is not None

    # --- records ------------------------------------------------------------------------------

    def check(self, record: Incoming) -> list[Issue]:
        """Every error of one record (empty when it may be written)."""
        if record.columns is None:  # a skimmed line comes with its columns checked
            try:
                record.columns = check_values(record.kind, record.fields)
            except RecordFormatError as exc:
                return [_issue(record, "format", f"dữ liệu sai kiểu ({exc}).",
                               f"bad data ({exc}).")]  # fmt: skip
        if record.deleted:
            # A deletion is not re-validated (the editor does not check a record it deletes),
            # but what it points to must exist for the row to be stored at all.
            self._decode_skimmed(record)
            return self._references(record)
        check = getattr(self, f"_{record.kind}")
        issues: list[Issue] = check(record)
        return [i for i in issues if i.severity is Severity.ERROR]

    def _decode_skimmed(self, record: Incoming) -> None:
        """JSON that was only skimmed is decoded in full by a worker (see fast_lines): msgspec
        decoded the rest of the line."""
        if record.skimmed:
            for value in record.fields.values():
                if value.__class__ is RawJSON:
                    self.answers.decode(record.uuid, value.text)

    def _references(self, record: Incoming) -> list[Issue]:
        data = record.fields
        issues: list[Issue] = []
        if record.kind == "survey" and not self.has_facility(str(data.get("facility_uuid"))):
            issues.append(_issue(record, "facility_uuid", "thuộc cơ sở không có ở máy này.",
                                 "belongs to a facility unknown here."))  # fmt: skip
        elif record.kind == "attachment" and not self.has_blob(str(data.get("sha256"))):
            issues.append(_issue(record, "sha256", "thiếu nội dung tệp.",
                                 "the file's content is missing."))  # fmt: skip
        elif record.kind == "proposal":
            for uuid in data.get("beneficiaries") or []:
                if not self.has_facility(str(uuid)):
                    issues.append(_issue(record, "beneficiaries",
                                         f"cơ sở thụ hưởng {str(uuid)[:8]} không có ở máy này.",
                                         f"beneficiary {str(uuid)[:8]} is unknown here."))  # fmt: skip
        return issues

    def _facility(self, record: Incoming) -> list[Issue]:
        data = record.data
        scheme = data.get("commune_scheme")
        code = data.get("commune_code")
        given = {k: v for k, v in data.items() if k in _FACILITY_FIELDS}
        given["commune_code"] = code if scheme == SCHEME_2025 else None
        issues: list[Issue] = []
        try:
            validate_facility(None, FacilityInput(**given))
        except ValidationError as exc:
            for i in exc.issues:
                year = data.get("year_founded")
                # "Not after this year" depends on the clock: only the lower bound is kept.
                if i.code == "year_range" and isinstance(year, int) and year >= 1900:
                    continue
                issues.append(_wrap(record, i))
        if code is not None and (scheme not in (SCHEME_2025, SCHEME_LEGACY) or code not in
                                 self.communes(str(scheme))):  # fmt: skip
            issues.append(_issue(record, "commune_code",
                                 f"mã xã/phường {code} ({scheme}) không có trong danh mục.",
                                 f"commune code {code} ({scheme}) is not in the list."))  # fmt: skip
        return issues

    def _survey(self, record: Incoming) -> list[Issue]:
        data = record.fields
        issues: list[Issue] = []
        facility = str(data.get("facility_uuid") or "")
        if not self.has_facility(facility):
            issues.append(_issue(record, "facility_uuid",
                                 f"thuộc cơ sở {facility[:8]} không có ở máy này cũng như trong gói.",
                                 f"belongs to facility {facility[:8]}, found neither here nor in "
                                 "the package."))  # fmt: skip
        status = data.get("status")
        if status not in ("draft", "complete"):
            issues.append(_issue(record, "status", f"trạng thái “{status}” không hợp lệ.",
                                 f"status “{status}” is not valid."))  # fmt: skip
        answers = data.get("answers")
        if not (isinstance(answers, dict) or (isinstance(answers, RawJSON) and answers.is_object)):
            issues.append(_issue(record, "answers", "câu trả lời không phải một đối tượng.",
                                 "answers are not an object."))  # fmt: skip
            return issues
        form_id, version = str(data.get("form_id")), data.get("form_version")
        definition = self.form(form_id, version) if isinstance(version, int) else None
        if definition is None:
            issues.append(_issue(record, "form",
                                 f"dùng mẫu phiếu {form_id} phiên bản {version} chưa cài ở máy "
                                 "này. Hãy nhận mẫu phiếu mới từ Trung tâm rồi nhập lại.",
                                 f"uses form {form_id} version {version}, not installed here. "
                                 "Get the new form from the centre, then import again."))  # fmt: skip
            return issues
        if status == "complete":
            # A draft is saved whatever its answers (as in the editor); a complete survey passes.
            day = data.get("survey_date")
            today = date.fromisoformat(day) if isinstance(day, str) else _NO_DATE
            if isinstance(answers, RawJSON):  # decoded where they are checked
                issues += self.answers.check(record.uuid, data, definition, None, today,
                                             text=answers.text)  # fmt: skip
            else:
                issues += self.answers.check(record.uuid, data, definition, answers, today,
                                             record.line)  # fmt: skip
        else:
            self._decode_skimmed(record)
        return issues

    def _proposal(self, record: Incoming) -> list[Issue]:
        from kcdesk.domain.proposals.status import ProposalStatus
        from kcdesk.services.proposal_detail import line_of
        from kcdesk.services.proposal_input import LineInput, ProposalInput, build_content
        from kcdesk.services.proposal_rules import seed_defaults

        if not self._rules_seeded:
            seed_defaults(self.session)
            self._rules_seeded = True
        data = record.data
        issues: list[Issue] = []
        try:
            ProposalStatus(str(data.get("status")))
        except ValueError:
            issues.append(_issue(record, "status", f"trạng thái “{data.get('status')}” lạ.",
                                 f"unknown status “{data.get('status')}”."))  # fmt: skip
        lines = []
        for raw in data.get("lines") or []:
            # A stored line may lack its shares (older data): derive them as the editor does.
            line = line_of(SimpleNamespace(**_line_values(raw)))  # type: ignore[arg-type]
            lines.append(LineInput(
                item=line.item, unit=line.unit, quantity=line.quantity,
                unit_price=line.unit_price, support_percent=line.support_percent,
                counterpart_percent=line.counterpart_percent, note=line.note,
            ))  # fmt: skip
        given = ProposalInput(
            title=str(data.get("title") or ""),
            category=str(data.get("category_code") or ""),
            funding_source=str(data.get("funding_source") or ""),
            plan_year=data.get("year"),
            implementing_unit=str(data.get("implementing_unit") or ""),
            facility_uuids=[str(u) for u in data.get("beneficiaries") or []],
            commune_code=data.get("commune_code") if data.get("commune_scheme") == SCHEME_2025
            else None,
            place=str(data.get("place") or ""),
            period_start=_date(data.get("period_start")),
            period_end=_date(data.get("period_end")),
            background=str(data.get("background") or ""),
            objectives=str(data.get("objectives") or ""),
            activities=str(data.get("activities") or ""),
            expected_jobs=data.get("expected_jobs"),
            expected_trainees=data.get("expected_trainees"),
            expected_revenue=data.get("expected_revenue"),
            expected_other=str(data.get("expected_other") or ""),
            lines=list(lines),
        )  # fmt: skip
        try:
            build_content(self.session, given)
        except ValidationError as exc:
            issues += [_wrap(record, i) for i in exc.issues]
        return issues

    def _attachment(self, record: Incoming) -> list[Issue]:
        data = record.data
        issues: list[Issue] = []
        sha = str(data.get("sha256") or "")
        if not self.has_blob(sha):
            issues.append(_issue(record, "sha256",
                                 "nội dung tệp không có trong gói cũng như ở máy này.",
                                 "the file's content is neither in the package nor here."))  # fmt: skip
        if data.get("owner_kind") not in OWNER_KINDS:
            issues.append(_issue(record, "owner_kind", "thuộc loại bản ghi lạ.",
                                 "belongs to an unknown kind of record."))  # fmt: skip
        return issues


def _line_values(raw: Any) -> dict[str, Any]:
    from kcdesk.storage.models import ProposalBudgetLine

    table: Table = ProposalBudgetLine.__table__  # type: ignore[assignment]
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.name in ("id", "proposal_id"):
            continue
        value = raw.get(column.name) if isinstance(raw, dict) else None
        values[column.name] = None if value is None else from_json(column, value)
    return values


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _issue(record: Incoming, field: str, vi: str, en: str) -> Issue:
    return Issue(f"{record.kind}.{field}", "sync_record", f"{record.label()}: {vi}",
                 f"{record.kind} {record.uuid[:8]}: {en}")  # fmt: skip


def wrap_survey(uuid: str, data: dict[str, Any], issue: Issue) -> Issue:
    return Issue(
        f"survey.{issue.field}",
        issue.code,
        f"{record_label('survey', data, uuid)}: {issue.message_vi}",
        f"survey {uuid[:8]}: {issue.message_en}",
        issue.severity,
    )


def _wrap(record: Incoming, issue: Issue) -> Issue:
    return Issue(
        f"{record.kind}.{issue.field}",
        issue.code,
        f"{record.label()}: {issue.message_vi}",
        f"{record.kind} {record.uuid[:8]}: {issue.message_en}",
        issue.severity,
    )
