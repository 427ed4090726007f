"""Enrolment: the centre's set-up file for one collaborator, and taking it on the laptop.

The set-up file is a signed package (not encrypted: the laptop has no keys yet) holding the
collaborator's identity and area, a one-time secret, the centre's public keys (in the manifest)
and its reference data. Whoever holds the file can enrol one laptop as that collaborator, so it
travels like a password; both sides show key fingerprints to compare over the phone.
"""

from __future__ import annotations

import base64
import secrets
import uuid as uuid_module
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcdesk.domain.errors import Issue, KcError, ValidationError
from kcdesk.io.sync import PackageError, PackageReader, PackageWriter
from kcdesk.services.context import Database
from kcdesk.services.sync.export import _reference_lines, check_out_path
from kcdesk.services.sync.keystore import ensure_keys, seal_with_keys
from kcdesk.services.sync.peers import installation, my_party
from kcdesk.services.sync.records import utc_text
from kcdesk.services.sync.reference import install_form, install_rules
from kcdesk.services.sync.results import EnrolResult, SetupSummary
from kcdesk.storage.models.base import utcnow
from kcdesk.storage.models.sync import SyncEnrolment, SyncPeer
from kcdesk.vn.text import clean

_MAX_COMMUNES = 500


def create_setup_file(
    db: Database,
    out: Path | str,
    *,
    person_name: str,
    phone: str = "",
    communes: list[int | str] | None = None,
) -> SetupSummary:
    """The centre makes a set-up file for one collaborator (name, phone, communes served)."""
    from kcdesk.domain.validation import check_phone, require
    from kcdesk.services.places import resolve_commune

    out = Path(out)
    check_out_path(out)
    name = clean(person_name)
    issues: list[Issue] = []
    if problem := require(name, "collaborator", "họ tên cộng tác viên", "Collaborator's name"):
        issues.append(problem)
    phone_value = ""
    if clean(phone):
        try:
            phone_value = check_phone(phone).value
        except ValidationError as exc:
            issues.extend(exc.issues)
    with db.unit_of_work() as uow:
        inst = installation(uow.session)
        province_code = inst.province_code
        if inst.role != "province":
            raise KcError(
                "Chỉ Trung tâm Khuyến công tạo tệp thiết lập cho cộng tác viên.",
                "Only the provincial centre makes set-up files for collaborators.",
            )
    codes: list[int] = []
    for commune in communes or []:
        try:
            codes.append(resolve_commune(db, commune, province_code=province_code).code)
        except ValidationError as exc:
            issues.extend(exc.issues)
    if issues:
        raise ValidationError(issues)
    secret = secrets.token_bytes(32)
    enrolment_uuid = str(uuid_module.uuid4())
    with db.unit_of_work(skip_stamp=True) as uow:
        session = uow.session
        inst = installation(session)
        keys = ensure_keys(session, inst.device_id)
        kek_id, sealed = seal_with_keys(keys, secret)
        session.add(SyncEnrolment(
            uuid=enrolment_uuid, side="issued", person_name=name, phone=phone_value,
            province_code=province_code, commune_codes=list(dict.fromkeys(codes))[:_MAX_COMMUNES],
            secret_sealed=sealed, kek_id=kek_id, province_device_id=inst.device_id,
            devices=[], file_name=out.name,
        ))  # fmt: skip
        with PackageWriter(out, keys=keys, sender=my_party(inst), kind="setup",
                           created_at=utc_text(utcnow())) as writer:  # fmt: skip
            writer.add_record({
                "kind": "enrolment", "uuid": enrolment_uuid,
                "secret": base64.b64encode(secret).decode("ascii"),
                "person_name": name, "phone": phone_value, "province_code": province_code,
                "commune_codes": list(dict.fromkeys(codes)), "centre_name": inst.centre_name,
                "centre_person": inst.person_name,
            })  # fmt: skip
            for line in _reference_lines(session):
                writer.add_record(line)
            writer.finish()
        session.flush()
        return SetupSummary(str(out), enrolment_uuid, name, phone_value,
                            list(dict.fromkeys(codes)), keys.fingerprint)  # fmt: skip


def _bad_setup(detail_vi: str, detail_en: str) -> PackageError:
    return PackageError(
        "bad_setup",
        f"Tệp thiết lập không dùng được: {detail_vi}",
        f"The set-up file cannot be used: {detail_en}",
    )


def _read_setup(path: Path) -> tuple[Any, dict[str, Any], list[dict[str, Any]]]:
    with PackageReader(path) as reader:
        reader.verify(None)
        manifest = reader.manifest
        if manifest.kind != "setup":
            raise _bad_setup(
                "đây là gói dữ liệu, không phải tệp thiết lập (hãy dùng “Nhập gói”).",
                "this is a data package, not a set-up file (use “Import”).",
            )
        enrolment: dict[str, Any] | None = None
        reference = []
        for line in reader.records(None):
            if line["kind"] == "enrolment" and enrolment is None:
                enrolment = line
            elif line["kind"] in ("rules", "form"):
                reference.append(line)
            else:
                raise _bad_setup(
                    f"có bản ghi lạ “{line['kind']}”.", f"odd record “{line['kind']}”."
                )
    if enrolment is None:
        raise _bad_setup("thiếu thông tin cộng tác viên.", "the collaborator's data is missing.")
    try:
        secret = base64.b64decode(str(enrolment.get("secret")), validate=True)
        str(uuid_module.UUID(str(enrolment.get("uuid"))))
    except ValueError as exc:
        raise _bad_setup("thông tin thiết lập hỏng.", "damaged set-up data.") from exc
    if len(secret) != 32:
        raise _bad_setup("thông tin thiết lập hỏng.", "damaged set-up data.")
    return manifest, enrolment, reference


def enrol(db: Database, path: Path | str) -> EnrolResult:
    """A collaborator's laptop takes its set-up file: creates (or updates) the installation,
    makes its keys, pins the centre's keys and installs the reference data."""
    from kcdesk.services.installation import get_installation, init_installation

    path = Path(path)
    manifest, enrolment, reference = _read_setup(path)
    province_keys = manifest.sender.keys
    assert province_keys is not None
    existing = get_installation(db)
    if existing is not None and existing.role.value != "collaborator":
        raise KcError(
            "Máy này đang làm việc với vai trò Trung tâm; tệp thiết lập chỉ dành cho máy của "
            "cộng tác viên.",
            "This installation works as a provincial centre; set-up files are for "
            "collaborators' laptops.",
        )
    if existing is not None and existing.device_id == manifest.sender.device_id:
        raise KcError("Tệp thiết lập này do chính máy này tạo.", "This set-up file was made here.")
    communes = [int(c) for c in enrolment.get("commune_codes") or [] if isinstance(c, int)]
    init_installation(
        db,
        role="collaborator",
        person_name=str(enrolment.get("person_name") or (existing.person_name if existing else "")),
        phone=str(enrolment.get("phone") or (existing.phone if existing else "")),
        province=enrolment.get("province_code") or (existing.province_code if existing else None),
        communes=list(communes or (existing.commune_codes if existing else [])),  # type: ignore[arg-type]
        language=existing.language if existing else "vi",
    )
    with db.unit_of_work(skip_stamp=True) as uow:
        session = uow.session
        inst = installation(session)
        keys = ensure_keys(session, inst.device_id)
        secret = base64.b64decode(str(enrolment["secret"]))
        kek_id, sealed = seal_with_keys(keys, secret)
        taken = session.execute(
            select(SyncEnrolment).where(SyncEnrolment.uuid == str(enrolment["uuid"]))
        ).scalar_one_or_none()
        if taken is None:
            taken = SyncEnrolment(uuid=str(enrolment["uuid"]), side="taken", devices=[])
            session.add(taken)
        taken.person_name = inst.person_name
        taken.phone = inst.phone
        taken.province_code = inst.province_code
        taken.commune_codes = list(inst.commune_codes or [])
        taken.secret_sealed = sealed
        taken.kek_id = kek_id
        taken.province_device_id = manifest.sender.device_id
        taken.file_name = path.name
        taken.devices = list(dict.fromkeys([*(taken.devices or []), inst.device_id]))
        _pin_province(session, manifest, enrolment)
        rules, forms = _install_reference(db, session, reference)
        session.flush()
        return EnrolResult(
            device_id=inst.device_id, person_name=inst.person_name, fingerprint=keys.fingerprint,
            province_name=str(enrolment.get("centre_name") or manifest.sender.person),
            province_device=manifest.sender.device_id,
            province_fingerprint=province_keys.fingerprint,
            created_installation=existing is None, rules_loaded=rules, forms_installed=forms,
        )  # fmt: skip


def _pin_province(session: Session, manifest: Any, enrolment: dict[str, Any]) -> None:
    sender = manifest.sender
    keys = sender.keys
    peer = session.execute(
        select(SyncPeer).where(SyncPeer.device_id == sender.device_id)
    ).scalar_one_or_none()
    if peer is None:
        peer = SyncPeer(device_id=sender.device_id, acked_counter=0)
        session.add(peer)
    peer.role = "province"
    peer.person_name = str(enrolment.get("centre_person") or sender.person)
    peer.centre_name = str(enrolment.get("centre_name") or "")
    peer.province_code = enrolment.get("province_code")
    peer.sign_public = keys.sign
    peer.box_public = keys.box
    peer.fingerprint = keys.fingerprint
    peer.status = "active"
    peer.enrolment_uuid = str(enrolment["uuid"])


def _install_reference(
    db: Database, session: Session, lines: list[dict[str, Any]]
) -> tuple[int, int]:
    rules = forms = 0
    for line in lines:
        if line["kind"] == "rules":
            install_rules(db, session, line)
            rules += 1
        elif install_form(session, line) is not None:
            forms += 1
    return rules, forms
