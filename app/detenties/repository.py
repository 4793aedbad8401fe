"""All SQL about detenties and overplaatsingen."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnExpressionArgument, ScalarSelect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.db import json_rows
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


def insert_if_new(session: Session, detentie: Detentie) -> bool:
    """Insert the detentie unless its (partner, bronId) exists; True when it was inserted. One statement:
    a concurrent request with the same bronId makes this one find the other's row, not an error."""
    dialect_insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = {c.key: getattr(detentie, c.key) for c in Detentie.__table__.columns}
    stmt = (
        dialect_insert(Detentie)
        .values(values)
        .on_conflict_do_nothing(index_elements=[Detentie.partner_id, Detentie.bron_id])
        .returning(Detentie.id)
    )
    return session.execute(stmt).first() is not None


def add(session: Session, detentie: Detentie) -> None:
    session.add(detentie)
    session.flush()


def add_overplaatsing(session: Session, overplaatsing: Overplaatsing) -> None:
    session.add(overplaatsing)
    session.flush()


def overplaatsingen_json(detentie_id: ColumnExpressionArgument[uuid.UUID]) -> ScalarSelect[Any]:
    """The detentie's overplaatsingen (id, van, naar, datum) as one JSON value (see app.detenties.feiten)."""
    o = Overplaatsing
    return (
        select(json_rows(o.id, o.van_inrichting, o.naar_inrichting, o.datum))
        .where(o.detentie_id == detentie_id)
        .scalar_subquery()
    )
