"""All SQL about reclasseringsopdrachten."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnExpressionArgument, ScalarSelect, select
from sqlalchemy.orm import Session

from app.db import json_rows
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


def opdrachten_json(detentie_id: ColumnExpressionArgument[uuid.UUID]) -> ScalarSelect[Any]:
    """The detentie's opdrachten (organisatie, van, tot) as one JSON value (see app.detenties.feiten)."""
    r = Reclasseringsopdracht
    return (
        select(json_rows(r.organisatie, r.van, r.tot)).where(r.detentie_id == detentie_id).scalar_subquery()
    )
