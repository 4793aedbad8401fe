"""Reclasseringsopdrachten as the API shows them (to the DJI partner that recorded them)."""

from __future__ import annotations

from app.reclassering.models import Reclasseringsopdracht
from app.schemas.reclassering import OpdrachtOut


def opdracht_out(o: Reclasseringsopdracht) -> OpdrachtOut:
    return OpdrachtOut.model_validate(
        {
            "id": o.id,
            "detentie_id": o.detentie_id,
            "organisatie": o.organisatie,
            "soort": o.soort,
            "van": o.van,
            "tot": o.tot,
            "aangemaakt_op": o.aangemaakt_op,
        }
    )
