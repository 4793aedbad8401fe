"""The disclosure log as the privacy officer sees it: the rows about one person (zoeken) and the AVG
art. 15 report (inzage)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from app.schemas.verwerkingen import (
    InzageOntvanger,
    InzageOut,
    InzageVerstrekking,
    Ontvanger,
    VerstrekteCategorie,
    VerwerkingenOut,
    VerwerkingOut,
)
from app.verwerkingen.models import Verwerking


def _categorieen(v: Verwerking) -> list[VerstrekteCategorie]:
    def one(categorie: str, t: dict[str, Any]) -> VerstrekteCategorie:
        return VerstrekteCategorie(
            categorie=categorie, grondslag=t["grondslag"], doel=t["doel"], beperking=t.get("beperking")
        )

    return [one(c, t) for c, t in sorted(v.categorieen.items())]


def verwerking_out(v: Verwerking) -> VerwerkingOut:
    return VerwerkingOut(
        volgnummer=v.volgnummer,
        id=v.id,
        tijd=v.tijd,
        ontvanger=Ontvanger(partner_id=v.partner_id, naam=v.partner_naam, rol=v.rol),
        client_id=v.client_id,
        kanaal=v.kanaal,
        object_soort=v.object_soort,
        object_id=v.object_id,
        categorieen=_categorieen(v),
        trace_id=v.trace_id,
    )


def verwerkingen_out(rows: Sequence[Verwerking]) -> VerwerkingenOut:
    return VerwerkingenOut(aantal=len(rows), verwerkingen=[verwerking_out(v) for v in rows])


def inzage_out(rows: Sequence[Verwerking], moment: dt.datetime) -> InzageOut:
    """The report drawn up at `moment`: per recipient (by name and role) how often and when, then every
    disclosure in chain order."""
    per_ontvanger: dict[tuple[str, str], list[Verwerking]] = {}
    for v in rows:
        per_ontvanger.setdefault((v.partner_naam, v.rol), []).append(v)
    return InzageOut(
        opgesteld_op=moment,
        aantal_verstrekkingen=len(rows),
        ontvangers=[
            InzageOntvanger(ontvanger=naam, rol=rol, aantal=len(vs), eerste=vs[0].tijd, laatste=vs[-1].tijd)
            for (naam, rol), vs in sorted(per_ontvanger.items())
        ],
        verstrekkingen=[
            InzageVerstrekking(
                ontvanger=v.partner_naam, rol=v.rol, categorieen=_categorieen(v), tijd=v.tijd, kanaal=v.kanaal
            )
            for v in rows
        ],
    )
