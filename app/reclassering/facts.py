"""The reclasseringsopdrachten as a policy fact of their detentie (app.detenties.facts)."""

from __future__ import annotations

from typing import Any

from app.consent.relations import Opdracht
from app.detenties.facts import FactSource
from app.reclassering import repository as repo
from app.timestamps import parse_date


def opdrachten_from_json(rows: list[list[Any]] | None) -> tuple[Opdracht, ...]:
    """The inverse of app.reclassering.repository.opdrachten_json."""
    return tuple(
        Opdracht(organisatie, parse_date(van), parse_date(tot) if tot else None)
        for organisatie, van, tot in rows or ()
    )


SOURCE = FactSource(
    "opdrachten", repo.opdrachten_json, lambda value: {"opdrachten": opdrachten_from_json(value)}
)
