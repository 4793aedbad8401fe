"""Reclasseringsopdrachten as the disclosure policy sees them (app.consent.beslissing.Opdracht)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.consent.beslissing import Opdracht
from app.db import parse_date
from app.reclassering import repository as repo


def opdrachten(session: Session, detentie_id: uuid.UUID) -> tuple[Opdracht, ...]:
    return tuple(Opdracht(o.organisatie, o.van, o.tot) for o in repo.van_detentie(session, detentie_id))


def opdrachten_uit_json(rows: list[list[Any]] | None) -> tuple[Opdracht, ...]:
    """The inverse of app.reclassering.repository.opdrachten_json."""
    return tuple(
        Opdracht(organisatie, parse_date(van), parse_date(tot) if tot else None)
        for organisatie, van, tot in rows or ()
    )
