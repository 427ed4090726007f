"""Content categories and support-cap rules: the bundled national defaults, a province's file,
and the settings of the proposal checks.

The bundled documents (``resources/rules``) are loaded into a database once; a province's file is
loaded with :func:`load_rules_file` (GUI, ``kcdesk proposal rules load``) or, coming from a sync
package, :func:`load_rules_document`. Loading a document again replaces what it loaded before.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from kcdesk.config import resource_path
from kcdesk.domain.errors import Issue, KcError, NotFoundError, ValidationError
from kcdesk.domain.proposals.caps import CapBasis, CapRule, Category, RuleSource
from kcdesk.domain.proposals.checks import DEFAULT_REPEAT_YEARS
from kcdesk.domain.proposals.rules_file import RuleSet, parse_rules
from kcdesk.domain.proposals.status import FundingSource
from kcdesk.services.context import Database
from kcdesk.services.files import read_chosen_file
from kcdesk.storage.models import Installation, Setting
from kcdesk.storage.models.base import utcnow
from kcdesk.storage.models.proposal_rules import ContentCategory, ProposalCapRule, ProposalRuleSet

BUNDLED_FILES = ("categories.json", "national-tt28-2018.json")
# Raise when the bundled files change, so existing databases pick the new defaults up.
BUNDLE_VERSION = 1
SEEDED_SETTING = "proposals.rules_bundle"
REPEAT_YEARS_SETTING = "proposals.repeat_years"
MAX_RULES_FILE = 5 * 1024 * 1024


@dataclass(frozen=True)
class RuleSetInfo:
    key: str
    source: str
    province_code: int | None
    province_name: str
    title: str
    legal_reference: str
    effective_from: date | None
    rule_count: int
    category_count: int
    file_name: str
    loaded_at: datetime | None
    loaded_by: str
    replaced: bool = False  # a document with the same key was there before

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["effective_from"] = self.effective_from.isoformat() if self.effective_from else None
        data["loaded_at"] = self.loaded_at.isoformat() if self.loaded_at else None
        return data


def _setting(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    return None if row is None else row.value


def _set_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def _bundled_documents() -> list[tuple[str, dict[str, Any]]]:
    docs = []
    for name in BUNDLED_FILES:
        path = resource_path("rules", name)
        docs.append((name, json.loads(path.read_text(encoding="utf-8"))))
    return docs


def _known_categories(session: Session) -> set[str]:
    return set(session.execute(select(ContentCategory.code)).scalars())


def _store(
    session: Session, rule_set: RuleSet, doc: dict[str, Any], file_name: str, loaded_by: str
) -> RuleSetInfo:
    raw = json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")
    row = session.execute(
        select(ProposalRuleSet).where(ProposalRuleSet.key == rule_set.key)
    ).scalar_one_or_none()
    replaced = row is not None
    if row is None:
        row = ProposalRuleSet(key=rule_set.key)
        session.add(row)
    row.source = rule_set.source.value
    row.province_code = rule_set.province_code
    row.province_name = rule_set.province_name
    row.title = rule_set.title
    row.legal_reference = rule_set.legal_reference
    row.effective_from = rule_set.effective_from
    row.note = rule_set.note
    row.document = doc
    row.sha256 = hashlib.sha256(raw).hexdigest()
    row.file_name = file_name
    row.loaded_at = utcnow()
    row.loaded_by = loaded_by
    row.rules = [
        ProposalCapRule(
            category_code=r.category,
            source=r.source.value,
            province_code=r.province_code,
            max_percent=r.max_percent,
            max_amount=r.max_amount,
            min_counterpart_percent=r.min_counterpart_percent,
            basis=r.basis.value,
            effective_from=r.effective_from,
            effective_to=r.effective_to,
            legal_reference=r.legal_reference,
            funding_sources=sorted(s.value for s in r.funding_sources),
            note=r.note,
        )
        for r in rule_set.rules
    ]
    session.flush()
    for cat in rule_set.categories:
        existing = session.execute(
            select(ContentCategory).where(ContentCategory.code == cat.code)
        ).scalar_one_or_none()
        if existing is None:
            existing = ContentCategory(code=cat.code)
            session.add(existing)
        existing.name_vi = cat.name_vi
        existing.name_en = cat.name_en
        existing.legal_reference = cat.legal_reference
        existing.position = cat.order
        existing.active = cat.active
        existing.rule_set_id = row.id
    session.flush()
    return _info(row, replaced, len(rule_set.categories))


def _info(
    row: ProposalRuleSet, replaced: bool = False, categories: int | None = None
) -> RuleSetInfo:
    doc_categories = row.document.get("categories") if isinstance(row.document, dict) else None
    return RuleSetInfo(
        key=row.key,
        source=row.source,
        province_code=row.province_code,
        province_name=row.province_name,
        title=row.title,
        legal_reference=row.legal_reference,
        effective_from=row.effective_from,
        rule_count=len(row.rules),
        category_count=categories if categories is not None else len(doc_categories or []),
        file_name=row.file_name,
        loaded_at=row.loaded_at,
        loaded_by=row.loaded_by,
        replaced=replaced,
    )


def seed_defaults(session: Session, *, force: bool = False) -> bool:
    """Load the bundled documents into this session's database unless already done (or
    ``force``). Returns whether anything was loaded. For use inside another unit of work."""
    if not force and (_setting(session, SEEDED_SETTING) or 0) >= BUNDLE_VERSION:
        return False
    for name, doc in _bundled_documents():
        rule_set = parse_rules(doc, _known_categories(session))
        _store(session, rule_set, doc, name, "kcdesk")
    _set_setting(session, SEEDED_SETTING, BUNDLE_VERSION)
    return True


def ensure_default_rules(db: Database) -> bool:
    """Load the bundled categories and national caps once per database (cheap when done)."""
    with db.unit_of_work() as uow:
        return seed_defaults(uow.session)


def restore_default_rules(db: Database) -> list[RuleSetInfo]:
    """Load the bundled documents again (after a rule set was removed by mistake)."""
    with db.unit_of_work() as uow:
        seed_defaults(uow.session, force=True)
    return [r for r in list_rule_sets(db) if r.file_name in BUNDLED_FILES]


def _installation(session: Session) -> Installation | None:
    return session.execute(select(Installation).limit(1)).scalar_one_or_none()


def load_rules_document(
    db: Database, doc: object, *, file_name: str = "", session: Session | None = None
) -> RuleSetInfo:
    """Check and store one rules document (all or nothing). Raises :class:`ValidationError`
    listing every problem, or :class:`KcError` for a province's file meant for another province.
    ``session``: store inside the caller's unit of work (a sync import) instead of a new one."""
    if session is None:
        with db.unit_of_work() as uow:
            return load_rules_document(db, doc, file_name=file_name, session=uow.session)
    seed_defaults(session)
    rule_set = parse_rules(doc, _known_categories(session))
    inst = _installation(session)
    if (
        rule_set.source is RuleSource.PROVINCIAL
        and inst is not None
        and inst.province_code is not None
        and rule_set.province_code != inst.province_code
    ):
        raise KcError(
            f"Tệp quy định dành cho tỉnh mã {rule_set.province_code} "
            f"({rule_set.province_name or 'không rõ tên'}), còn máy này làm việc cho tỉnh mã "
            f"{inst.province_code}. Không nạp tệp này.",
            f"The rules file is for province {rule_set.province_code}, but this installation "
            f"works for province {inst.province_code}. It was not loaded.",
        )
    assert isinstance(doc, dict)
    return _store(session, rule_set, doc, file_name, inst.person_name if inst else "")


def load_rules_file(db: Database, path: Path | str) -> RuleSetInfo:
    """Read a rules file (JSON, UTF-8) and load it; see :func:`load_rules_document`."""
    path = Path(path)
    raw = read_chosen_file(
        path, MAX_RULES_FILE,
        "Tệp “{name}” quá lớn ({size} byte) để là tệp quy định.",
        "“{name}” is too large ({size_en} bytes) to be a rules file.",
    )  # fmt: skip
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise KcError(
            f"Tệp “{path.name}” không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8.",
            f"“{path.name}” is not UTF-8 text; save it again as UTF-8.",
        ) from exc
    except json.JSONDecodeError as exc:
        raise KcError(
            f"Tệp “{path.name}” không đúng cú pháp JSON (dòng {exc.lineno}, cột {exc.colno}: "
            f"{exc.msg}).",
            f"“{path.name}” is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
        ) from exc
    return load_rules_document(db, doc, file_name=path.name)


def remove_rule_set(db: Database, key: str) -> None:
    """Remove a loaded document and its rules; categories it defined stay (proposals use them)."""
    with db.unit_of_work() as uow:
        row = uow.session.execute(
            select(ProposalRuleSet).where(ProposalRuleSet.key == key)
        ).scalar_one_or_none()
        if row is None:
            raise NotFoundError(f"Không có bộ quy định “{key}”.", f"No rule set “{key}” is loaded.")
        uow.session.execute(
            update(ContentCategory)
            .where(ContentCategory.rule_set_id == row.id)
            .values(rule_set_id=None)
        )
        uow.session.execute(delete(ProposalCapRule).where(ProposalCapRule.rule_set_id == row.id))
        uow.session.delete(row)


def list_rule_sets(db: Database) -> list[RuleSetInfo]:
    ensure_default_rules(db)
    with db.unit_of_work() as uow:
        rows = uow.session.execute(
            select(ProposalRuleSet).order_by(ProposalRuleSet.source, ProposalRuleSet.id)
        ).scalars()
        return [_info(r) for r in rows]


def rule_set_document(db: Database, key: str) -> dict[str, Any]:
    """The document as loaded, to send on (a centre to its collaborators)."""
    with db.unit_of_work() as uow:
        doc = uow.session.execute(
            select(ProposalRuleSet.document).where(ProposalRuleSet.key == key)
        ).scalar_one_or_none()
    if doc is None:
        raise NotFoundError(f"Không có bộ quy định “{key}”.", f"No rule set “{key}” is loaded.")
    return dict(doc)


def category_rows(session: Session, include_inactive: bool = False) -> list[Category]:
    stmt = select(ContentCategory).order_by(ContentCategory.position, ContentCategory.code)
    if not include_inactive:
        stmt = stmt.where(ContentCategory.active.is_(True))
    return [
        Category(c.code, c.name_vi, c.name_en, c.legal_reference, c.position, c.active)
        for c in session.execute(stmt).scalars()
    ]


def list_categories(db: Database, include_inactive: bool = False) -> list[Category]:
    """Content categories in display order (inactive ones only when asked)."""
    ensure_default_rules(db)
    with db.unit_of_work() as uow:
        return category_rows(uow.session, include_inactive)


def category_names(db: Database) -> dict[str, str]:
    """Vietnamese name of every content category, inactive ones too (old records name them)."""
    return {c.code: c.name_vi for c in list_categories(db, include_inactive=True)}


def category_codes(db: Database) -> list[str]:
    return [c.code for c in list_categories(db)]


def _cap_rule(r: ProposalCapRule) -> CapRule:
    return CapRule(
        category=r.category_code,
        source=RuleSource(r.source),
        effective_from=r.effective_from,
        legal_reference=r.legal_reference,
        max_percent=r.max_percent,
        max_amount=r.max_amount,
        min_counterpart_percent=r.min_counterpart_percent,
        basis=CapBasis(r.basis),
        effective_to=r.effective_to,
        province_code=r.province_code,
        funding_sources=frozenset(FundingSource(s) for s in r.funding_sources or []),
        note=r.note,
    )


def rule_rows(session: Session) -> list[CapRule]:
    rows = session.execute(select(ProposalCapRule).order_by(ProposalCapRule.id)).scalars()
    return [_cap_rule(r) for r in rows]


def cap_rules(db: Database) -> list[CapRule]:
    """Every loaded cap rule as domain objects (the editor evaluates budgets against them)."""
    ensure_default_rules(db)
    with db.unit_of_work() as uow:
        return rule_rows(uow.session)


def rules_by_set(db: Database) -> list[tuple[RuleSetInfo, list[CapRule]]]:
    """Each loaded document with the cap rules it brought (for the rules dialog)."""
    ensure_default_rules(db)
    with db.unit_of_work() as uow:
        out = []
        sets = uow.session.execute(
            select(ProposalRuleSet).order_by(ProposalRuleSet.source, ProposalRuleSet.id)
        ).scalars()
        for row in sets:
            out.append((_info(row), [_cap_rule(r) for r in row.rules]))
        return out


def rule_count(db: Database) -> int:
    with db.unit_of_work() as uow:
        return int(uow.session.execute(select(func.count(ProposalCapRule.id))).scalar_one())


def repeat_years(db: Database) -> int:
    """N of "same facility, same category in the last N years" (0 turns the check off)."""
    with db.unit_of_work() as uow:
        return repeat_years_in(uow.session)


def repeat_years_in(session: Session) -> int:
    value = _setting(session, REPEAT_YEARS_SETTING)
    return DEFAULT_REPEAT_YEARS if value is None else int(value)


def set_repeat_years(db: Database, years: int) -> None:
    if isinstance(years, bool) or not isinstance(years, int) or not 0 <= years <= 20:
        raise ValidationError(
            [
                Issue(
                    "repeat_years",
                    "out_of_range",
                    f"Số năm kiểm tra hỗ trợ trùng phải từ 0 đến 20 (đang là {years}).",
                    f"The repeat-support window must be 0 to 20 years (it is {years}).",
                )
            ]
        )
    with db.unit_of_work() as uow:
        _set_setting(uow.session, REPEAT_YEARS_SETTING, years)
