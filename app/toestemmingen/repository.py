"""All SQL about consent statements. Only inserts and reads: the history is never changed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnExpressionArgument, ScalarSelect, select
from sqlalchemy.orm import Session

from app.db import json_rows, json_value
from app.toestemmingen.models import Toestemming


def add(session: Session, toestemming: Toestemming) -> None:
    session.add(toestemming)
    session.flush()


def van_detentie(session: Session, detentie_id: uuid.UUID) -> Sequence[Toestemming]:
    """The history, oldest first."""
    return session.scalars(
        select(Toestemming).where(Toestemming.detentie_id == detentie_id).order_by(Toestemming.volgnummer)
    ).all()


def latest(session: Session, detentie_id: uuid.UUID) -> Toestemming | None:
    return session.scalar(
        select(Toestemming)
        .where(Toestemming.detentie_id == detentie_id)
        .order_by(Toestemming.volgnummer.desc())
        .limit(1)
    )


def verklaringen_json(detentie_id: ColumnExpressionArgument[uuid.UUID]) -> ScalarSelect[Any]:
    """The consent history of the detentie `detentie_id` (a correlated column) as one JSON value, for a
    read that fetches a detentie and its policy facts in one statement (app.detenties.feiten)."""
    return (
        select(
            json_rows(
                Toestemming.geregistreerd_op,
                json_value(Toestemming.categorieen),
                json_value(Toestemming.ontvangers),
                Toestemming.volgnummer,
            )
        )
        .where(Toestemming.detentie_id == detentie_id)
        .scalar_subquery()
    )
