"""All SQL about detenties and overplaatsingen."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.detenties.models import Detentie, Overplaatsing


def get(session: Session, detentie_id: uuid.UUID, *, for_update: bool = False) -> Detentie | None:
    stmt = select(Detentie).where(Detentie.id == detentie_id)
    if for_update:
        stmt = stmt.with_for_update()
    return session.scalar(stmt)


def by_bron(session: Session, partner_id: uuid.UUID, bron_id: str) -> Detentie | None:
    return session.scalar(
        select(Detentie).where(Detentie.partner_id == partner_id, Detentie.bron_id == bron_id)
    )


def add(session: Session, detentie: Detentie) -> None:
    session.add(detentie)
    session.flush()


def add_overplaatsing(session: Session, overplaatsing: Overplaatsing) -> None:
    session.add(overplaatsing)
    session.flush()
