"""The basisvoorwaarden read: the newest screening as the reader may see it now (reclassering with an
active opdracht, the responsible gemeente, the DJI partner acting on the detentie)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.detenties import repository as detenties
from app.detenties.facts import gather_policy_facts
from app.errors import NotFound
from app.intakes import repository as intakes
from app.intakes.representation import basisvoorwaarden_out, visible_part
from app.read_context import ReadContext
from app.schemas.reclassering import BasisvoorwaardenOut


def show_basisvoorwaarden(
    session: Session, reading: ReadContext, detentie_id: uuid.UUID
) -> BasisvoorwaardenOut:
    """Decide, filter and log: the latest screening as the reader may see it now. 404 when there is no
    screening or the reader may see none of its categories. It returns the representation because
    what is logged is what that representation shows (its verstrekking block)."""
    detentie = detenties.get(session, detentie_id)
    if detentie is None:
        raise NotFound("Basisvoorwaarden niet gevonden")
    decision = reading.decide(gather_policy_facts(session, detentie))
    intake = intakes.newest(session, detentie.id)
    deel = visible_part(intake, decision, reading.moment)
    if intake is None or deel is None:
        raise NotFound("Basisvoorwaarden niet gevonden")
    out = basisvoorwaarden_out(intake, deel)
    # The object disclosed is this intake version.
    reading.record(
        session,
        decision,
        deel.verstrekking.grondslagen if deel.verstrekking else None,
        object_soort="basisvoorwaarden",
        object_id=intake.id,
        bsn_pseudoniem=detentie.bsn_pseudoniem,
    )
    return out


def basisvoorwaarden_als_data(
    session: Session, reading: ReadContext, detentie_id: uuid.UUID
) -> dict[str, Any]:
    """For `expand=data` (feed, webhook): the same decision, representation and log as a GET."""
    out = show_basisvoorwaarden(session, reading, detentie_id)
    return out.model_dump(mode="json", by_alias=True, exclude_unset=True)
