"""Reclasseringsopdrachten: recorded by the DJI partner acting on the detentie; an active one lets the
organisation read the detentie and its basisvoorwaarden (app.intakes.basisvoorwaarden)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.detenties import changes
from app.detenties.acting import detentie_to_act_on
from app.detenties.facts import gather_policy_facts
from app.reclassering import repository as repo
from app.reclassering.models import Reclasseringsopdracht
from app.schemas.reclassering import OpdrachtCreate


def create_opdracht(
    session: Session,
    principal: Principal,
    detentie_id: uuid.UUID,
    data: OpdrachtCreate,
    moment: dt.datetime,
    sb_datum: dt.date,
) -> Reclasseringsopdracht:
    """Record the opdracht. If it is active now, the organisation is told when there is a screening it
    may see (basisvoorwaarden.gewijzigd); detentie events reach it while the opdracht is active."""
    detentie = detentie_to_act_on(session, principal, detentie_id)
    voor = gather_policy_facts(session, detentie)
    opdracht = Reclasseringsopdracht(
        id=uuid.uuid4(),
        detentie_id=detentie.id,
        organisatie=data.organisatie.value,
        soort=data.soort.value,
        van=data.van,
        tot=data.tot,
        partner_id=principal.partner_id,
        aangemaakt_op=moment,
    )
    repo.add(session, opdracht)
    changes.changed(session, detentie, moment, sb_datum, changes.Aanleiding.OPDRACHT, voor=voor)
    return opdracht
