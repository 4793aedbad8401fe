"""Intakes as the API shows them: the screening categories as a reader may see them, the intake as recorded
(for its bronhouder)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic.alias_generators import to_camel

from app.consent.categorieen import TOESTEMMING_CATEGORIEEN, Categorie
from app.consent.decision import Decision
from app.detenties.representation import verstrekking
from app.intakes.models import Intake
from app.schemas.casemanager import Casemanager
from app.schemas.detenties import Verstrekking
from app.schemas.intakes import IntakeOut, Screening
from app.schemas.reclassering import BasisvoorwaardenOut

# The categories a screening consists of (everything a detainee can consent to).
SCREENING_CATEGORIEEN = TOESTEMMING_CATEGORIEEN


def present_categories(intake: Intake) -> frozenset[Categorie]:
    """The screening categories the intake holds data for."""
    return frozenset(c for c in SCREENING_CATEGORIEEN if c.value in intake.gegevens)


def velden(intake: Intake, categorieen: Iterable[Categorie]) -> dict[str, Any]:
    """Keyword arguments for a Screening model: only the given categories, and only those with data.
    A category not returned here stays unset and so is absent from the JSON."""
    gekozen = set(categorieen) & present_categories(intake)
    waarden = {c.value: intake.gegevens[c.value] for c in sorted(gekozen)}
    # Validate through the model so nested parts become their typed models.
    gevalideerd = Screening.model_validate({to_camel(k): v for k, v in waarden.items()})
    return {naam: getattr(gevalideerd, naam) for naam in waarden}


@dataclass(frozen=True)
class VisibleScreening:
    """The part of an intake a reader may see: keyword arguments for a Screening model, and the
    verstrekking block listing the grondslag of each category in it."""

    velden: dict[str, Any]
    verstrekking: Verstrekking | None


def visible_part(
    intake: Intake | None, decision: Decision, moment: dt.datetime, binnen: Iterable[Categorie] | None = None
) -> VisibleScreening | None:
    """What of the screening the policy lets the reader see now (optionally only within `binnen`, e.g. an
    informatieblad version's categories); None when that is nothing."""
    toegestaan = {c for c in SCREENING_CATEGORIEEN if decision.may(c)}
    if binnen is not None:
        toegestaan &= set(binnen)
    if intake is None or not toegestaan & present_categories(intake):
        return None
    getoond = velden(intake, toegestaan)
    return VisibleScreening(getoond, verstrekking(decision, {Categorie(c) for c in getoond}, moment))


def intake_out(intake: Intake) -> IntakeOut:
    """The intake as recorded: for its bronhouder only (no disclosure)."""
    return IntakeOut(
        id=intake.id,
        detentie_id=intake.detentie_id,
        versie=intake.versie,
        afgenomen_op=intake.afgenomen_op,
        casemanager=Casemanager.model_validate(intake.casemanager),
        aangemaakt_op=intake.aangemaakt_op,
        **velden(intake, SCREENING_CATEGORIEEN),
    )


def basisvoorwaarden_out(intake: Intake, deel: VisibleScreening) -> BasisvoorwaardenOut:
    """The newest screening as `deel` (what the reader may see of it) allows."""
    out = BasisvoorwaardenOut(
        detentie_id=intake.detentie_id,
        intake_id=intake.id,
        intake_versie=intake.versie,
        afgenomen_op=intake.afgenomen_op,
        **deel.velden,
    )
    if deel.verstrekking is not None:
        out.verstrekking = deel.verstrekking
    return out
