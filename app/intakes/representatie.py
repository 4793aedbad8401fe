"""The screening categories of an intake, as a reader may see them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic.alias_generators import to_camel

from app.consent.categorieen import TOESTEMMING_CATEGORIEEN, Categorie
from app.intakes.models import Intake
from app.schemas.casemanager import Casemanager
from app.schemas.intakes import Screening

# The categories a screening consists of (everything a detainee can consent to).
SCREENING_CATEGORIEEN = TOESTEMMING_CATEGORIEEN


def aanwezig(intake: Intake) -> frozenset[Categorie]:
    """The screening categories the intake holds data for."""
    return frozenset(c for c in SCREENING_CATEGORIEEN if c.value in intake.gegevens)


def velden(intake: Intake, categorieen: Iterable[Categorie]) -> dict[str, Any]:
    """Keyword arguments for a Screening model: only the given categories, and only those with data.
    A category not returned here stays unset and so is absent from the JSON."""
    gekozen = set(categorieen) & aanwezig(intake)
    waarden = {c.value: intake.gegevens[c.value] for c in sorted(gekozen)}
    # Validate through the model so nested parts become their typed models.
    gevalideerd = Screening.model_validate({to_camel(k): v for k, v in waarden.items()})
    return {naam: getattr(gevalideerd, naam) for naam in waarden}


def casemanager(intake: Intake | None) -> Casemanager | None:
    return Casemanager.model_validate(intake.casemanager) if intake is not None else None
