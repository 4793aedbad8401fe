"""All SQL about intakes."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnExpressionArgument, ScalarSelect, func, select
from sqlalchemy.orm import Session

from app.intakes.models import Intake


def add(session: Session, intake: Intake) -> None:
    session.add(intake)
    session.flush()


def get(session: Session, intake_id: uuid.UUID) -> Intake | None:
    return session.get(Intake, intake_id)


def latest_version(session: Session, detentie_id: uuid.UUID) -> int:
    return int(session.scalar(select(func.max(Intake.versie)).where(Intake.detentie_id == detentie_id)) or 0)


def newest(session: Session, detentie_id: uuid.UUID) -> Intake | None:
    return session.scalar(
        select(Intake).where(Intake.detentie_id == detentie_id).order_by(Intake.versie.desc()).limit(1)
    )


def casemanager_json(detentie_id: ColumnExpressionArgument[uuid.UUID]) -> ScalarSelect[Any]:
    """The casemanager contact of the detentie's newest intake (see app.detenties.feiten)."""
    return (
        select(Intake.casemanager)
        .where(Intake.detentie_id == detentie_id)
        .order_by(Intake.versie.desc())
        .limit(1)
        .scalar_subquery()
    )
