"""Printing surveys: the blank form of a definition, one filled survey, a batch of many.

Each survey prints under its own definition version. reportlab is imported only when printing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kcdesk.domain.errors import KcError
from kcdesk.domain.forms import DEFAULT_FORM_ID, FormDefinition
from kcdesk.services.context import Database
from kcdesk.services.installation import get_installation
from kcdesk.services.surveys import (
    get_definition,
    get_survey,
    list_surveys,
    survey_photos,
)
from kcdesk.storage.models import Facility, Survey

CHUNK = 200


@dataclass(frozen=True)
class PrintResult:
    path: Path
    pages: int
    surveys: int = 0


def print_options(db: Database, lang: str = "vi", include_photos: bool = True) -> Any:
    """Header lines from this installation: the centre and its Sở Công Thương."""
    from kcdesk.io.pdf.survey_common import PrintOptions

    info = get_installation(db)
    province = info.province_name if info else ""
    centre = (info.centre_name if info else "") or (
        f"Trung tâm Khuyến công {province}" if province else ""
    )
    agency = f"Sở Công Thương {province}" if province else ""
    return PrintOptions(centre=centre, agency=agency, lang=lang, include_photos=include_photos)


def _target(out: Path | str) -> Path:
    path = Path(out)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    if not path.parent.exists():
        raise KcError(f"Thư mục “{path.parent}” không tồn tại.", f"No folder “{path.parent}”.")
    return path


def print_blank_form(
    db: Database,
    out: Path | str,
    form_id: str = DEFAULT_FORM_ID,
    version: int | None = None,
    lang: str = "vi",
) -> PrintResult:
    """The blank form of an installed definition (the latest version by default)."""
    from kcdesk.io.pdf.survey_blank import render_blank_form

    definition = get_definition(db, form_id, version)
    path = _target(out)
    pages = render_blank_form(definition, path, print_options(db, lang))
    return PrintResult(path, pages)


def print_survey(
    db: Database, uuid: str, out: Path | str, lang: str = "vi", include_photos: bool = True
) -> PrintResult:
    """One filled survey, under the form version it was recorded with."""
    from kcdesk.io.pdf.survey_filled import SurveyDoc, render_survey

    detail = get_survey(db, uuid)
    definition = get_definition(db, detail.form_id, detail.form_version)
    photos = survey_photos(db, detail.answers, definition) if include_photos else {}
    doc = SurveyDoc(
        definition,
        detail.answers,
        uuid=detail.uuid,
        status=detail.status,
        facility_name=detail.facility_name,
        commune_name=detail.commune_name,
        photos=photos,
    )
    path = _target(out)
    pages = render_survey(doc, path, print_options(db, lang, include_photos))
    return PrintResult(path, pages, 1)


def _docs(
    db: Database, uuids: list[str], include_photos: bool, commune_names: dict[str, str]
) -> Iterator[Any]:
    """Surveys to print, read in chunks so a batch of thousands never sits in memory whole."""
    from kcdesk.io.pdf.survey_filled import SurveyDoc

    definitions: dict[tuple[str, int], FormDefinition] = {}
    for start in range(0, len(uuids), CHUNK):
        chunk = uuids[start : start + CHUNK]
        with db.unit_of_work() as uow:
            rows = uow.session.execute(
                select(
                    Survey.uuid,
                    Survey.form_id,
                    Survey.form_version,
                    Survey.answers,
                    Survey.status,
                    Facility.name,
                )
                .join(Facility, Facility.uuid == Survey.facility_uuid)
                .where(Survey.uuid.in_(chunk))
            ).all()
        by_uuid = {r[0]: r for r in rows}
        for uuid in chunk:
            r = by_uuid.get(uuid)
            if r is None:  # deleted meanwhile
                continue
            _u, form_id, version, answers, status, name = r
            key = (form_id, version)
            if key not in definitions:
                definitions[key] = get_definition(db, form_id, version)
            definition = definitions[key]
            photos = survey_photos(db, answers or {}, definition) if include_photos else {}
            yield SurveyDoc(
                definition,
                dict(answers or {}),
                uuid=uuid,
                status=status,
                facility_name=name,
                commune_name=commune_names.get(uuid, ""),
                photos=photos,
            )


def print_surveys(
    db: Database,
    out: Path | str,
    *,
    uuids: list[str] | None = None,
    commune_code: int | None = None,
    status: str | None = None,
    facility_uuid: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    search: str = "",
    lang: str = "vi",
    include_photos: bool = False,
    progress: Any = None,
    cancelled: Any = None,
) -> PrintResult:
    """Many surveys in one PDF (the given ``uuids``, or those the filters select, in the list's
    order). ``progress(done, total)`` after each survey; ``cancelled()`` stops between two
    surveys with no file left behind (:class:`kcdesk.io.pdf.survey_common.PrintCancelled`)."""
    from kcdesk.io.pdf.survey_filled import render_surveys

    rows = list_surveys(
        db,
        commune_code=commune_code,
        status=status,
        facility_uuid=facility_uuid,
        date_from=date_from,
        date_to=date_to,
        search=search,
        limit=None,
    )
    if uuids is not None:
        wanted = set(uuids)
        rows = [r for r in rows if r.uuid in wanted]
    if not rows:
        raise KcError(
            "Không có phiếu khảo sát nào khớp điều kiện để in.",
            "No survey matches the conditions to print.",
        )
    ordered = [r.uuid for r in rows]
    communes = {r.uuid: r.commune_name for r in rows}
    path = _target(out)
    pages = render_surveys(
        _docs(db, ordered, include_photos, communes),
        path,
        print_options(db, lang, include_photos),
        total=len(ordered),
        progress=progress,
        cancelled=cancelled,
    )
    return PrintResult(path, pages, len(ordered))
