"""All SQL about reclasseringsopdrachten."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.reclassering.models import Reclasseringsopdracht


def add(session: Session, opdracht: Reclasseringsopdracht) -> None:
    session.add(opdracht)
    session.flush()


def van_detentie(session: Session, detentie_id: uuid.UUID) -> Sequence[Reclasseringsopdracht]:
    return session.scalars(
        select(Reclasseringsopdracht)
        .where(Reclasseringsopdracht.detentie_id == detentie_id)
        .order_by(Reclasseringsopdracht.aangemaakt_op, Reclasseringsopdracht.id)
    ).all()
