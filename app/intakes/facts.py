"""The casemanager contact of a detentie's newest intake, read with the detentie (app.detenties.facts):
it is shown as the detentie's category `casemanager`."""

from __future__ import annotations

from app.detenties.facts import FactSource
from app.intakes import repository as repo
from app.schemas.casemanager import Casemanager

SOURCE = FactSource(
    "casemanager",
    repo.casemanager_json,
    lambda value: {"casemanager": Casemanager.model_validate(value) if value else None},
)
