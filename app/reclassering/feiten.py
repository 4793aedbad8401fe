"""Reclasseringsopdrachten as the disclosure policy sees them (app.consent.beslissing.Opdracht)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.consent.beslissing import Opdracht
from app.reclassering import repository as repo


def opdrachten(session: Session, detentie_id: uuid.UUID) -> tuple[Opdracht, ...]:
    return tuple(Opdracht(o.organisatie, o.van, o.tot) for o in repo.van_detentie(session, detentie_id))
