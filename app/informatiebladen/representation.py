"""Informatiebladen as the API shows them: the list of versions (no personal data) and one version with
the part of its screening the reader may see now."""

from __future__ import annotations

from collections.abc import Sequence

from app.detenties.models import Detentie
from app.events.cloudevents import API_BASE
from app.informatiebladen.fan_out import informatieblad_ref
from app.informatiebladen.models import Informatieblad
from app.intakes.models import Intake
from app.intakes.representation import VisibleScreening
from app.schemas.informatiebladen import InformatiebladOut, InformatiebladVersie, InformatiebladVersies


def versies_out(bladen: Sequence[Informatieblad]) -> InformatiebladVersies:
    return InformatiebladVersies(
        versies=[
            InformatiebladVersie(
                id=b.id,
                gemeentecode=b.gemeentecode,
                versie=b.versie,
                aanleiding=b.aanleiding,
                aangemaakt_op=b.aangemaakt_op,
                href=API_BASE + informatieblad_ref(b.id),
            )
            for b in bladen
        ]
    )


def informatieblad_out(
    blad: Informatieblad, detentie: Detentie, intake: Intake, deel: VisibleScreening
) -> InformatiebladOut:
    """The version with only the visible part of its intake (app.intakes.representation.visible_part)."""
    out = InformatiebladOut(
        id=blad.id,
        detentie_id=detentie.id,
        gemeentecode=blad.gemeentecode,
        versie=blad.versie,
        intake_versie=intake.versie,
        afgenomen_op=intake.afgenomen_op,
        aangemaakt_op=blad.aangemaakt_op,
        **deel.velden,
    )
    if deel.verstrekking is not None:
        out.verstrekking = deel.verstrekking
    return out
