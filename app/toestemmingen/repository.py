"""All SQL about consent statements. Only inserts and reads: the history is never changed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.toestemmingen.models import Toestemming


def add(session: Session, toestemming: Toestemming) -> None:
    session.add(toestemming)
    session.flush()


def van_detentie(session: Session, detentie_id: uuid.UUID) -> Sequence[Toestemming]:
    """The history, oldest first."""
    return session.scalars(
        select(Toestemming).where(Toestemming.detentie_id == detentie_id).order_by(Toestemming.volgnummer)
    ).all()


def laatste(session: Session, detentie_id: uuid.UUID) -> Toestemming | None:
    return session.scalar(
        select(Toestemming)
        .where(Toestemming.detentie_id == detentie_id)
        .order_by(Toestemming.volgnummer.desc())
        .limit(1)
    )
