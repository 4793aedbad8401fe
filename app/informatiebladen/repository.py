"""All SQL about informatiebladen."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.informatiebladen.models import Informatieblad


def add(session: Session, blad: Informatieblad) -> None:
    session.add(blad)
    session.flush()


def get(session: Session, blad_id: uuid.UUID) -> Informatieblad | None:
    return session.get(Informatieblad, blad_id)


def latest(session: Session, detentie_id: uuid.UUID, gemeentecode: str) -> Informatieblad | None:
    return session.scalar(
        select(Informatieblad)
        .where(Informatieblad.detentie_id == detentie_id, Informatieblad.gemeentecode == gemeentecode)
        .order_by(Informatieblad.versie.desc())
        .limit(1)
    )


def van_gemeente(session: Session, detentie_id: uuid.UUID, gemeentecode: str) -> Sequence[Informatieblad]:
    return session.scalars(
        select(Informatieblad)
        .where(Informatieblad.detentie_id == detentie_id, Informatieblad.gemeentecode == gemeentecode)
        .order_by(Informatieblad.versie)
    ).all()


def van_detentie(session: Session, detentie_id: uuid.UUID) -> Sequence[Informatieblad]:
    return session.scalars(
        select(Informatieblad)
        .where(Informatieblad.detentie_id == detentie_id)
        .order_by(Informatieblad.gemeentecode, Informatieblad.versie)
    ).all()
