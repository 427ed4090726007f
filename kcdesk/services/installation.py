"""This installation's identity: set up by the first-run wizard or ``kcdesk init``."""

from __future__ import annotations

import platform
from dataclasses import dataclass, field

from sqlalchemy import select

from kcdesk.domain.entities import Role
from kcdesk.domain.errors import Issue, ValidationError
from kcdesk.domain.validation import check_phone, require
from kcdesk.services.context import Database
from kcdesk.storage.models import Commune, Installation, Province
from kcdesk.storage.models.base import utcnow
from kcdesk.storage.models.places import SCHEME_2025
from kcdesk.storage.tracking import new_device_id
from kcdesk.vn.text import clean


@dataclass(frozen=True)
class InstallationInfo:
    device_id: str
    role: Role
    person_name: str
    phone: str
    centre_name: str
    province_code: int | None
    province_name: str
    commune_codes: list[int] = field(default_factory=list)
    language: str = "vi"
    counter: int = 0
    past_device_ids: list[str] = field(default_factory=list)


def _info(session: object, inst: Installation) -> InstallationInfo:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    province_name = ""
    if inst.province_code is not None:
        province_name = (
            session.execute(
                select(Province.name).where(
                    Province.scheme == SCHEME_2025, Province.code == inst.province_code
                )
            ).scalar_one_or_none()
            or ""
        )
    return InstallationInfo(
        device_id=inst.device_id,
        role=Role(inst.role),
        person_name=inst.person_name,
        phone=inst.phone,
        centre_name=inst.centre_name,
        province_code=inst.province_code,
        province_name=province_name,
        commune_codes=[int(c) for c in inst.commune_codes or []],
        language=inst.language,
        counter=inst.counter,
        past_device_ids=list(inst.past_device_ids or []),
    )


def get_installation(db: Database) -> InstallationInfo | None:
    """The identity, or ``None`` before the first-run set-up."""
    with db.unit_of_work() as uow:
        inst = uow.session.execute(select(Installation).limit(1)).scalar_one_or_none()
        return None if inst is None else _info(uow.session, inst)


def _instance_marker(db: Database) -> str:
    path = db.path
    return "" if path is None else f"{platform.node()}|{path.resolve()}"


def init_installation(
    db: Database,
    *,
    role: Role | str,
    person_name: str,
    phone: str = "",
    centre_name: str = "",
    province: int | str | None = None,
    communes: list[int | str] | None = None,
    language: str = "vi",
) -> InstallationInfo:
    """Create this installation's identity, or update it (same device id, no data lost).

    ``province`` and ``communes`` may be codes or names of the 2025 scheme ("Hải Phòng",
    "Tiên Lãng"); names are matched ignoring diacritics.
    """
    from kcdesk.services.places import resolve_commune, resolve_province

    issues: list[Issue] = []
    try:
        role = Role(role)
    except ValueError:
        issues.append(
            Issue(
                "role",
                "role",
                "Vai trò phải là cộng tác viên hoặc tỉnh.",
                "Role must be collaborator or province.",
            )
        )
    name = clean(person_name)
    if problem := require(name, "person_name", "họ tên người dùng", "Person's name"):
        issues.append(problem)
    phone_value = ""
    if clean(phone):
        try:
            phone_value = check_phone(phone).value
        except ValidationError as exc:
            issues.extend(exc.issues)
    province_code: int | None = None
    if province not in (None, ""):
        try:
            province_code = resolve_province(db, province).code
        except ValidationError as exc:
            issues.extend(exc.issues)
    commune_codes: list[int] = []
    for commune in communes or []:
        try:
            found = resolve_commune(db, commune, province_code=province_code)
            commune_codes.append(found.code)
            province_code = province_code or found.province_code
        except ValidationError as exc:
            issues.extend(exc.issues)
    if language not in ("vi", "en"):
        issues.append(
            Issue(
                "language", "language", "Ngôn ngữ phải là vi hoặc en.", "Language must be vi or en."
            )
        )
    if issues:
        raise ValidationError(issues)
    with db.unit_of_work() as uow:
        inst = uow.session.execute(select(Installation).limit(1)).scalar_one_or_none()
        if inst is None:
            inst = Installation(
                device_id=new_device_id(),
                past_device_ids=[],
                counter=0,
                instance_marker=_instance_marker(db),
            )
            uow.session.add(inst)
        inst.role = Role(role).value
        inst.person_name = name
        inst.phone = phone_value
        inst.centre_name = clean(centre_name)
        inst.province_code = province_code
        inst.commune_codes = list(dict.fromkeys(commune_codes))
        inst.language = language
        inst.updated_at = utcnow()
        uow.session.flush()
        return _info(uow.session, inst)


def rotate_device_id(db: Database, reason: str = "") -> str:
    """Give this database a new device id, keeping the old ones as its lineage."""
    with db.unit_of_work() as uow:
        inst = uow.session.execute(select(Installation).limit(1)).scalar_one_or_none()
        if inst is None:
            return ""
        inst.past_device_ids = [*(inst.past_device_ids or []), inst.device_id]
        inst.device_id = new_device_id()
        inst.instance_marker = _instance_marker(db)
        return inst.device_id


def check_identity(db: Database) -> bool:
    """A database file opened on another machine or at another path is a copy (or a restore):
    it takes a new device id so that two laptops never stamp changes with the same id.
    Returns whether the id changed. PostgreSQL servers are shared, not copied: never rotated."""
    marker = _instance_marker(db)
    if not marker:
        return False
    with db.unit_of_work() as uow:
        inst = uow.session.execute(select(Installation).limit(1)).scalar_one_or_none()
        if inst is None or inst.instance_marker == marker:
            return False
        if not inst.instance_marker:
            inst.instance_marker = marker
            return False
    rotate_device_id(db, "copied")
    db.messages.append(
        "Cơ sở dữ liệu được mở ở máy hoặc thư mục khác nên đã nhận mã thiết bị mới; "
        "không mất dữ liệu."
    )
    return True


def communes_served(db: Database) -> list[tuple[int, str]]:
    info = get_installation(db)
    if info is None or not info.commune_codes:
        return []
    with db.unit_of_work() as uow:
        rows = uow.session.execute(
            select(Commune.code, Commune.name).where(
                Commune.scheme == SCHEME_2025, Commune.code.in_(info.commune_codes)
            )
        ).all()
        return [(int(c), str(n)) for c, n in rows]
