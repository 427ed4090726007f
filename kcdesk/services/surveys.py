"""Survey use cases: forms installed, surveys created, edited, autosaved, completed, listed.

A survey keeps the ``(form_id, form_version)`` it was started with; its answers are validated
under that version only. Answers that fail validation are saved all the same (as a draft, with
the reasons), never dropped: only "mark complete" requires them to be valid.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kcdesk.config import resource_path
from kcdesk.domain.entities import SurveyStatus
from kcdesk.domain.errors import Issue, KcError, NotFoundError, ValidationError
from kcdesk.domain.forms import (
    DEFAULT_FORM_ID,
    Completeness,
    FormDefinition,
    FormDefinitionError,
    FormRegistry,
    QType,
    completeness,
    errors_only,
    evaluate_form,
    parse_definition,
    validate_answers,
    with_calculations,
)
from kcdesk.services.context import Database
from kcdesk.services.files import read_chosen_file
from kcdesk.storage.models import Attachment, Blob, Commune, Facility, Installation, Survey
from kcdesk.storage.models.forms import FormDefinitionRecord
from kcdesk.storage.models.places import SCHEME_2025
from kcdesk.storage.models.survey import SurveyDraft
from kcdesk.storage.search import match_condition
from kcdesk.vn.dates import parse_date
from kcdesk.vn.text import clean

OWNER_KIND = "survey"
MAX_PHOTO = 25 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "image/bmp"}

# --- form definitions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FormInfo:
    form_id: str
    version: int
    title: str
    title_en: str
    fingerprint: str
    origin: str
    installed_at: datetime | None
    latest: bool
    questions: int


_parsed: dict[str, FormDefinition] = {}  # fingerprint → definition: parsed once per process
_lock = threading.Lock()


def _parse_cached(data: dict[str, Any], fingerprint: str) -> FormDefinition:
    found = _parsed.get(fingerprint)
    if found is None:
        found = parse_definition(data)
        with _lock:
            _parsed[found.fingerprint] = found
    return found


def _install(session: Session, definition: FormDefinition, origin: str) -> bool:
    """Add one version; ``False`` when already there. Refuses a changed text for a version."""
    row = session.execute(
        select(FormDefinitionRecord).where(
            FormDefinitionRecord.form_id == definition.id,
            FormDefinitionRecord.version == definition.version,
        )
    ).scalar_one_or_none()
    if row is not None:
        if row.fingerprint != definition.fingerprint:
            raise KcError(
                f"Mẫu phiếu {definition.key} đã cài với nội dung khác (mã {row.fingerprint}); một "
                "phiên bản đã dùng không được sửa: hãy tăng số phiên bản.",
                f"Form {definition.key} is installed with different content (code "
                f"{row.fingerprint}); a version in use must not change: raise the version number.",
            )
        return False
    session.add(
        FormDefinitionRecord(
            form_id=definition.id,
            version=definition.version,
            title=definition.title.vi,
            fingerprint=definition.fingerprint,
            definition=definition.source,
            origin=origin,
        )
    )
    with _lock:
        _parsed[definition.fingerprint] = definition
    return True


def ensure_builtin_forms(db: Database) -> None:
    """Install the questionnaires shipped in ``resources/forms`` that are not there yet."""
    if db.memo.get("builtin_forms"):
        return
    folder = resource_path("forms")
    builtin = FormRegistry.from_folder(folder) if folder.is_dir() else FormRegistry()
    try:
        with db.unit_of_work() as uow:
            for definition in builtin:
                _install(uow.session, definition, "builtin")
    except IntegrityError:  # another thread installed them at the same moment: check again
        with db.unit_of_work() as uow:
            for definition in builtin:
                _install(uow.session, definition, "builtin")
    db.memo["builtin_forms"] = True


def install_form(
    db: Database, source: Path | str | bytes | dict[str, Any], origin: str = "file"
) -> FormInfo:
    """Install a definition from a file, JSON text or decoded JSON (a sync package's copy).

    Raises :class:`FormDefinitionError` naming every question at fault, or :class:`KcError` when
    another text of the same version is installed.
    """
    if isinstance(source, Path):
        try:
            source = source.read_bytes()
        except OSError as exc:
            raise KcError(
                f"Không đọc được tệp mẫu phiếu: {exc.strerror or exc}.",
                f"Cannot read the form file: {exc.strerror or exc}.",
            ) from exc
    definition = parse_definition(source)
    ensure_builtin_forms(db)
    with db.unit_of_work() as uow:
        _install(uow.session, definition, origin)
    return next(f for f in list_forms(db) if (f.form_id, f.version) == definition_key(definition))


def definition_key(definition: FormDefinition) -> tuple[str, int]:
    return definition.id, definition.version


def list_forms(db: Database, latest_only: bool = False) -> list[FormInfo]:
    """Installed forms, by id then version."""
    ensure_builtin_forms(db)
    with db.unit_of_work() as uow:
        rows = (
            uow.session.execute(
                select(FormDefinitionRecord).order_by(
                    FormDefinitionRecord.form_id, FormDefinitionRecord.version
                )
            )
            .scalars()
            .all()
        )
        latest: dict[str, int] = {}
        for r in rows:
            latest[r.form_id] = max(latest.get(r.form_id, 0), r.version)
        out = []
        for r in rows:
            if latest_only and r.version != latest[r.form_id]:
                continue
            d = _parse_cached(r.definition, r.fingerprint)
            out.append(
                FormInfo(
                    r.form_id,
                    r.version,
                    d.title.vi,
                    d.title.get("en"),
                    r.fingerprint,
                    r.origin,
                    r.installed_at,
                    r.version == latest[r.form_id],
                    sum(1 for q in d.questions() if q.answerable),
                )
            )
        return out


def get_definition(
    db: Database, form_id: str = DEFAULT_FORM_ID, version: int | None = None
) -> FormDefinition:
    """One installed version (the latest when ``version`` is ``None``)."""
    ensure_builtin_forms(db)
    with db.unit_of_work() as uow:
        stmt = select(FormDefinitionRecord).where(FormDefinitionRecord.form_id == form_id)
        if version is None:
            stmt = stmt.order_by(FormDefinitionRecord.version.desc()).limit(1)
        else:
            stmt = stmt.where(FormDefinitionRecord.version == version)
        row = uow.session.execute(stmt).scalars().first()
        if row is None:
            which = f"“{form_id}”" + (f" phiên bản {version}" if version else "")
            which_en = f"“{form_id}”" + (f" version {version}" if version else "")
            raise NotFoundError(
                f"Chưa cài mẫu phiếu {which}. Hãy nhận mẫu mới qua gói đồng bộ của Trung tâm.",
                f"Form {which_en} is not installed. Get it in a sync package from the centre.",
            )
        return _parse_cached(row.definition, row.fingerprint)


# --- surveys ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyDetail:
    """A survey as the editor, the printer and the CLI see it (plain data, no ORM object)."""

    uuid: str
    facility_uuid: str
    facility_name: str
    commune_code: int | None
    commune_name: str
    form_id: str
    form_version: int
    answers: dict[str, Any]
    status: str
    surveyor: str
    survey_date: date | None
    issues: list[Issue] = field(default_factory=list)
    completeness: Completeness | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def is_complete(self) -> bool:
        return self.status == SurveyStatus.COMPLETE


@dataclass(frozen=True)
class SurveyRow:
    uuid: str
    facility_uuid: str
    facility_name: str
    commune_code: int | None
    commune_name: str
    form_id: str
    form_version: int
    status: str
    surveyor: str
    survey_date: date | None
    updated_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["survey_date"] = self.survey_date.isoformat() if self.survey_date else None
        data["updated_at"] = self.updated_at.isoformat() if self.updated_at else None
        return data


def _survey(session: Session, uuid: str) -> Survey:
    s = session.execute(
        select(Survey).where(Survey.uuid == uuid, Survey.deleted.is_(False))
    ).scalar_one_or_none()
    if s is None:
        raise NotFoundError(
            f"Không tìm thấy phiếu khảo sát “{uuid}”.", f"Survey “{uuid}” not found."
        )
    return s


def _facility(session: Session, uuid: str) -> Facility:
    f = session.execute(
        select(Facility).where(Facility.uuid == uuid, Facility.deleted.is_(False))
    ).scalar_one_or_none()
    if f is None:
        raise NotFoundError(f"Không tìm thấy cơ sở “{uuid}”.", f"Facility “{uuid}” not found.")
    return f


def _commune_names(session: Session, codes: Iterable[int | None]) -> dict[int, str]:
    wanted = {c for c in codes if c is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(Commune.code, Commune.name).where(
            Commune.scheme == SCHEME_2025, Commune.code.in_(wanted)
        )
    )
    return {int(c): str(n) for c, n in rows}


def _header_fields(answers: dict[str, Any]) -> tuple[str, date | None]:
    """Surveyor and date, kept in columns for lists and sorting, read from the answers."""
    surveyor = clean(str(answers.get("nguoi_khao_sat") or ""))[:200]
    try:
        day = parse_date(answers.get("ngay_khao_sat"))
    except (ValueError, TypeError):
        day = None
    return surveyor, day


def _detail(
    db: Database, session: Session, s: Survey, definition: FormDefinition | None = None
) -> SurveyDetail:
    f = session.execute(select(Facility).where(Facility.uuid == s.facility_uuid)).scalar_one()
    names = _commune_names(session, [f.commune_code])
    definition = definition or get_definition(db, s.form_id, s.form_version)
    answers = dict(s.answers or {})
    state = evaluate_form(definition, answers)
    issues = validate_answers(definition, answers, state=state)
    return SurveyDetail(
        uuid=s.uuid,
        facility_uuid=s.facility_uuid,
        facility_name=f.name,
        commune_code=f.commune_code,
        commune_name=names.get(f.commune_code or -1, ""),
        form_id=s.form_id,
        form_version=s.form_version,
        answers=answers,
        status=s.status,
        surveyor=s.surveyor,
        survey_date=s.survey_date,
        issues=issues,
        completeness=completeness(definition, answers, issues, state=state),
        created_at=s.created_at,
        updated_at=s.updated_at,
    )


def prefill_answers(db: Database, definition: FormDefinition, facility_uuid: str) -> dict[str, Any]:
    """Answers a new survey starts with: what the register already knows about the facility, the
    surveyor and today's date, for the questions of this definition that take them."""
    with db.unit_of_work() as uow:
        f = _facility(uow.session, facility_uuid)
        inst = uow.session.execute(select(Installation).limit(1)).scalar_one_or_none()
        names = _commune_names(uow.session, [f.commune_code])
        known: dict[str, Any] = {
            "ten_co_so": f.name,
            "loai_hinh": f.kind,
            "nguoi_dai_dien": f.owner_name,
            "dia_chi": f.address,
            "dia_chi_cu": f.old_address,
            "dien_thoai": f.phone,
            "ma_so_thue": f.tax_code,
            "nam_thanh_lap": f.year_founded,
            "tong_lao_dong": f.employees,
            "doanh_thu_nam_truoc": f.annual_revenue,
            "vi_do": f.latitude,
            "kinh_do": f.longitude,
            "nguoi_khao_sat": inst.person_name if inst else "",
            "ngay_khao_sat": date.today().isoformat(),
        }
        if f.craft_village:
            known |= {"thuoc_lang_nghe": True, "ten_lang_nghe": f.craft_village}
        if f.commune_code is not None and f.commune_scheme == SCHEME_2025:
            known["xa_phuong"] = {
                "code": str(f.commune_code),
                "scheme": SCHEME_2025,
                "name": names.get(f.commune_code, ""),
            }
        if f.industry_code:
            known["nganh_nghe"] = {
                "code": f.industry_code,
                "version": f.industry_version or "VSIC2025",
                "name": "",
            }
    out: dict[str, Any] = {}
    for name, value in known.items():
        q = definition.question(name)
        if q is None or value in (None, ""):
            continue
        if q.type is QType.CHOICE and value not in {c.value for c in q.choices}:
            continue
        out[name] = value
    return out


def create_survey(
    db: Database,
    facility_uuid: str,
    form_id: str = DEFAULT_FORM_ID,
    version: int | None = None,
    answers: dict[str, Any] | None = None,
) -> SurveyDetail:
    """Start a draft survey of a facility under the latest (or the given) form version.

    Without ``answers`` it starts from what the register knows (:func:`prefill_answers`).
    """
    definition = get_definition(db, form_id, version)
    if answers is None:
        answers = prefill_answers(db, definition, facility_uuid)
    answers = _normalise(definition, answers)
    surveyor, day = _header_fields(answers)
    with db.unit_of_work() as uow:
        _facility(uow.session, facility_uuid)
        s = Survey(
            facility_uuid=facility_uuid,
            form_id=definition.id,
            form_version=definition.version,
            answers=answers,
            status=SurveyStatus.DRAFT.value,
            surveyor=surveyor,
            survey_date=day,
        )
        uow.session.add(s)
        uow.session.flush()
        return _detail(db, uow.session, s, definition)


def _normalise(definition: FormDefinition, answers: dict[str, Any]) -> dict[str, Any]:
    """NFC text everywhere, calculations filled in; nothing dropped."""

    def nfc(value: Any) -> Any:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        if isinstance(value, list):
            return [nfc(v) for v in value]
        if isinstance(value, dict):
            return {str(k): nfc(v) for k, v in value.items()}
        return value

    return with_calculations(definition, nfc(dict(answers)))


def get_survey(db: Database, uuid: str) -> SurveyDetail:
    with db.unit_of_work() as uow:
        return _detail(db, uow.session, _survey(uow.session, uuid))


def save_survey(db: Database, uuid: str, answers: dict[str, Any]) -> SurveyDetail:
    """Save answers (the editor's Save, and on close). A complete survey whose new answers fail
    validation goes back to draft, keeping the answers and showing why."""
    with db.unit_of_work() as uow:
        s = _survey(uow.session, uuid)
        definition = get_definition(db, s.form_id, s.form_version)
        answers = _normalise(definition, answers)
        if answers != s.answers:
            s.answers = answers
            s.surveyor, s.survey_date = _header_fields(answers)
            s.updated_at = datetime.now(UTC)
        if s.status == SurveyStatus.COMPLETE and errors_only(validate_answers(definition, answers)):
            s.status = SurveyStatus.DRAFT.value
            s.completed_at = None
        uow.session.execute(delete(SurveyDraft).where(SurveyDraft.survey_uuid == uuid))
        uow.session.flush()
        return _detail(db, uow.session, s, definition)


def mark_complete(db: Database, uuid: str, answers: dict[str, Any] | None = None) -> SurveyDetail:
    """Save (when ``answers`` are given) and mark complete; refused with every reason while any
    answer fails validation (the answers are saved all the same)."""
    if answers is not None:
        save_survey(db, uuid, answers)
    with db.unit_of_work() as uow:
        s = _survey(uow.session, uuid)
        definition = get_definition(db, s.form_id, s.form_version)
        errors = errors_only(validate_answers(definition, s.answers or {}))
        if errors:
            raise ValidationError(errors)
        if s.status != SurveyStatus.COMPLETE:
            s.status = SurveyStatus.COMPLETE.value
            s.completed_at = datetime.now(UTC)
        uow.session.flush()
        return _detail(db, uow.session, s, definition)


def reopen_survey(db: Database, uuid: str) -> SurveyDetail:
    """A complete survey back to draft, to correct it."""
    with db.unit_of_work() as uow:
        s = _survey(uow.session, uuid)
        if s.status != SurveyStatus.DRAFT:
            s.status = SurveyStatus.DRAFT.value
            s.completed_at = None
        uow.session.flush()
        return _detail(db, uow.session, s)


def delete_survey(db: Database, uuid: str) -> None:
    """Delete (a tombstone, so the deletion travels by sync too)."""
    with db.unit_of_work() as uow:
        _survey(uow.session, uuid).deleted = True
        uow.session.execute(delete(SurveyDraft).where(SurveyDraft.survey_uuid == uuid))


# --- autosave and crash recovery ----------------------------------------------------------------


@dataclass(frozen=True)
class DraftInfo:
    survey_uuid: str
    facility_uuid: str
    facility_name: str
    form_id: str
    form_version: int
    answers: dict[str, Any]
    saved_at: datetime


def autosave(db: Database, uuid: str, answers: dict[str, Any]) -> None:
    """Keep what is being typed, cheaply and locally (no version stamp, no audit entry)."""
    with db.unit_of_work(skip_stamp=True) as uow:
        s = _survey(uow.session, uuid)
        draft = uow.session.get(SurveyDraft, uuid)
        now = datetime.now(UTC)
        if draft is None:
            uow.session.add(
                SurveyDraft(
                    survey_uuid=uuid,
                    facility_uuid=s.facility_uuid,
                    form_id=s.form_id,
                    form_version=s.form_version,
                    answers=dict(answers),
                    saved_at=now,
                )
            )
        else:
            draft.answers = dict(answers)
            draft.saved_at = now


def pending_drafts(db: Database) -> list[DraftInfo]:
    """Autosaved answers never saved (the app was closed by a crash or a power cut), newest first.

    A draft equal to what is stored is not offered (and is cleared)."""
    out: list[DraftInfo] = []
    with db.unit_of_work(skip_stamp=True) as uow:
        rows = uow.session.execute(
            select(SurveyDraft, Survey, Facility.name)
            .join(Survey, Survey.uuid == SurveyDraft.survey_uuid)
            .join(Facility, Facility.uuid == Survey.facility_uuid)
            .order_by(SurveyDraft.saved_at.desc())
        ).all()
        for draft, survey, name in rows:
            if survey.deleted or draft.answers == survey.answers:
                uow.session.delete(draft)
                continue
            out.append(
                DraftInfo(
                    draft.survey_uuid,
                    draft.facility_uuid,
                    name,
                    draft.form_id,
                    draft.form_version,
                    dict(draft.answers),
                    draft.saved_at,
                )
            )
    return out


def discard_draft(db: Database, uuid: str) -> None:
    with db.unit_of_work(skip_stamp=True) as uow:
        uow.session.execute(delete(SurveyDraft).where(SurveyDraft.survey_uuid == uuid))


# --- lists --------------------------------------------------------------------------------------

ORDERS = ("date", "facility", "commune", "surveyor", "form", "updated", "status")


def _filtered(
    db: Database,
    stmt: Any,
    *,
    facility_uuid: str | None,
    commune_code: int | None,
    status: str | None,
    date_from: date | None,
    date_to: date | None,
    search: str,
    form_id: str | None,
) -> Any:
    stmt = stmt.where(Survey.deleted.is_(False))
    if facility_uuid:
        stmt = stmt.where(Survey.facility_uuid == facility_uuid)
    if commune_code is not None:
        stmt = stmt.where(
            Facility.commune_code == commune_code, Facility.commune_scheme == SCHEME_2025
        )
    if status:
        try:
            stmt = stmt.where(Survey.status == SurveyStatus(status).value)
        except ValueError as exc:
            raise KcError(
                f"Tình trạng “{status}” không có (draft, complete).",
                f"No status “{status}” (draft, complete).",
            ) from exc
    if date_from is not None:
        stmt = stmt.where(Survey.survey_date >= date_from)
    if date_to is not None:
        stmt = stmt.where(Survey.survey_date <= date_to)
    if form_id:
        stmt = stmt.where(Survey.form_id == form_id)
    condition: ColumnElement[bool] | None = match_condition(db.dialect, search)
    if condition is not None:
        surveyor = Survey.surveyor.ilike(f"%{clean(search)}%")
        stmt = stmt.where(or_(condition, surveyor))
    return stmt


def list_surveys(
    db: Database,
    *,
    facility_uuid: str | None = None,
    commune_code: int | None = None,
    status: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    search: str = "",
    form_id: str | None = None,
    order: str = "date",
    descending: bool = True,
    offset: int = 0,
    limit: int | None = 200,
) -> list[SurveyRow]:
    """Surveys per facility, per commune, by status and date, with diacritic-insensitive search
    over the facility (name, owner, commune, tax code, phone) and the surveyor; sorted in SQL."""
    stmt = _filtered(
        db,
        select(Survey, Facility.name, Facility.commune_code, Facility.name_sort).join(
            Facility, Facility.uuid == Survey.facility_uuid
        ),
        facility_uuid=facility_uuid,
        commune_code=commune_code,
        status=status,
        date_from=date_from,
        date_to=date_to,
        search=search,
        form_id=form_id,
    )
    key = {
        "date": Survey.survey_date,
        "facility": Facility.name_sort,
        "commune": Facility.commune_code,
        "surveyor": Survey.surveyor,
        "form": Survey.form_version,
        "updated": Survey.updated_at,
        "status": Survey.status,
    }.get(order)
    if key is None:
        raise KcError(f"Không sắp xếp được theo “{order}”.", f"Cannot sort by “{order}”.")
    stmt = stmt.order_by(
        key.desc() if descending else key.asc(), Survey.id.desc() if descending else Survey.id.asc()
    )
    if offset:
        stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    with db.unit_of_work() as uow:
        rows = uow.session.execute(stmt).all()
        names = _commune_names(uow.session, [r[2] for r in rows])
        return [
            SurveyRow(
                s.uuid,
                s.facility_uuid,
                name,
                code,
                names.get(code or -1, ""),
                s.form_id,
                s.form_version,
                s.status,
                s.surveyor,
                s.survey_date,
                s.updated_at,
            )
            for s, name, code, _sort in rows
        ]


def count_surveys(
    db: Database,
    *,
    facility_uuid: str | None = None,
    commune_code: int | None = None,
    status: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    search: str = "",
    form_id: str | None = None,
) -> int:
    stmt = _filtered(
        db,
        select(func.count(Survey.id))
        .select_from(Survey)
        .join(Facility, Facility.uuid == Survey.facility_uuid),
        facility_uuid=facility_uuid,
        commune_code=commune_code,
        status=status,
        date_from=date_from,
        date_to=date_to,
        search=search,
        form_id=form_id,
    )
    with db.unit_of_work() as uow:
        return int(uow.session.execute(stmt).scalar_one())


def find_commune_code(db: Database, name: str) -> int:
    """A commune of the 2025 scheme by its code or (part of its) name, for ``--commune``."""
    from kcdesk.services.places import find_communes

    text = clean(name)
    if text.isdigit():
        return int(text)
    found = find_communes(db, text)
    if not found:
        raise NotFoundError(f"Không tìm thấy xã/phường “{text}”.", f"No commune “{text}”.")
    first = found[0]
    code = getattr(first, "code", None)
    if code is None:
        raise NotFoundError(f"Không tìm thấy xã/phường “{text}”.", f"No commune “{text}”.")
    return int(code)


# --- photos -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhotoRef:
    """What a photo answer stores: the content hash (the blob is stored once), and a caption."""

    sha256: str
    media_type: str
    caption: str
    filename: str

    def to_answer(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "media_type": self.media_type,
            "caption": self.caption,
            "filename": self.filename,
        }


def attach_photo(db: Database, survey_uuid: str, path: Path, caption: str = "") -> PhotoRef:
    """Store a photo once by its SHA-256 and link it to the survey; add the returned reference
    to the photo question's answer list."""
    path = Path(path)
    data = read_chosen_file(
        path, MAX_PHOTO,
        "Ảnh “{name}” quá lớn ({size_mb} MB, tối đa {limit_mb} MB).",
        "Photo “{name}” is too large ({size_mb} MB, at most {limit_mb} MB).",
    )  # fmt: skip
    media_type = mimetypes.guess_type(path.name)[0] or ""
    if media_type not in PHOTO_TYPES:
        raise KcError(
            f"“{path.name}” không phải ảnh (JPEG, PNG…).",
            f"“{path.name}” is not a picture (JPEG, PNG…).",
        )
    digest = hashlib.sha256(data).hexdigest()
    filename = unicodedata.normalize("NFC", path.name)[:300]
    with db.unit_of_work() as uow:
        session = uow.session
        s = _survey(session, survey_uuid)
        if session.get(Blob, digest) is None:
            session.add(Blob(sha256=digest, size=len(data), data=data))
        linked = session.execute(
            select(Attachment.id).where(
                Attachment.owner_kind == OWNER_KIND,
                Attachment.owner_uuid == s.uuid,
                Attachment.sha256 == digest,
                Attachment.deleted.is_(False),
            )
        ).first()
        if linked is None:
            session.add(
                Attachment(
                    sha256=digest,
                    media_type=media_type,
                    size=len(data),
                    filename=filename,
                    owner_kind=OWNER_KIND,
                    owner_uuid=s.uuid,
                    caption=clean(caption)[:300],
                )
            )
    return PhotoRef(digest, media_type, clean(caption), filename)


def photo_bytes(db: Database, sha256: str) -> bytes | None:
    """The stored picture, or ``None`` when its content has not arrived on this laptop yet."""
    with db.unit_of_work() as uow:
        blob = uow.session.get(Blob, sha256)
        return None if blob is None else bytes(blob.data)


def survey_photos(
    db: Database, answers: dict[str, Any], definition: FormDefinition
) -> dict[str, bytes]:
    """sha256 → bytes of every photo the answers name (for printing)."""
    wanted: set[str] = set()
    for q in definition.questions():
        if q.type is QType.PHOTO and isinstance(answers.get(q.name), list):
            wanted |= {str(p.get("sha256")) for p in answers[q.name] if isinstance(p, dict)}
    if not wanted:
        return {}
    with db.unit_of_work() as uow:
        rows = uow.session.execute(select(Blob.sha256, Blob.data).where(Blob.sha256.in_(wanted)))
        return {str(h): bytes(d) for h, d in rows}


__all__ = [
    "DraftInfo",
    "FormDefinitionError",
    "FormInfo",
    "PhotoRef",
    "SurveyDetail",
    "SurveyRow",
    "attach_photo",
    "autosave",
    "count_surveys",
    "create_survey",
    "delete_survey",
    "discard_draft",
    "ensure_builtin_forms",
    "find_commune_code",
    "get_definition",
    "get_survey",
    "install_form",
    "list_forms",
    "list_surveys",
    "mark_complete",
    "pending_drafts",
    "photo_bytes",
    "prefill_answers",
    "reopen_survey",
    "save_survey",
    "survey_photos",
]
