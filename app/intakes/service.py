"""Posting a screening (intake): a new version, after which recipients are told what changed for them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.detenties import changes
from app.detenties.acting import check_moment, detentie_to_act_on
from app.errors import FieldError, ValidationFailed
from app.intakes import repository as repo
from app.intakes.models import Intake
from app.intakes.representation import SCREENING_CATEGORIEEN
from app.schemas.intakes import IntakeCreate


def _gegevens(data: IntakeCreate) -> dict[str, Any]:
    """Per screening category its JSON form; categories not screened are left out."""
    gegevens: dict[str, Any] = {}
    for categorie in sorted(SCREENING_CATEGORIEEN):
        waarde = getattr(data, categorie.value)
        if waarde is not None:
            gegevens[categorie.value] = waarde if isinstance(waarde, str) else waarde.model_dump(mode="json")
    return gegevens


def record(
    session: Session,
    principal: Principal,
    detentie_id: uuid.UUID,
    data: IntakeCreate,
    moment: dt.datetime,
    sb_datum: dt.date,
) -> Intake:
    detentie = detentie_to_act_on(session, principal, detentie_id)
    check_moment(detentie, "afgenomenOp", data.afgenomen_op, moment)
    if detentie.einddatum is not None and data.afgenomen_op > detentie.einddatum:
        raise ValidationFailed([FieldError("afgenomenOp", "ligt na de einddatum van de detentie")])
    intake = Intake(
        id=uuid.uuid4(),
        detentie_id=detentie.id,
        versie=repo.latest_version(session, detentie.id) + 1,
        partner_id=principal.partner_id,
        afgenomen_op=data.afgenomen_op,
        gegevens=_gegevens(data),
        casemanager=data.casemanager.model_dump(mode="json"),
        aangemaakt_op=moment,
    )
    repo.add(session, intake)
    changes.changed(session, detentie, moment, sb_datum, changes.Aanleiding.INTAKE)
    return intake
