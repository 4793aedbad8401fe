"""The privacy officer's questions about one person: which disclosures were made (zoeken) and the AVG
art. 15 report (inzage). The person is found by the keyed pseudonym of the BSN; the BSN is not stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.pseudonym import bsn_pseudoniem
from app.schemas.verwerkingen import (
    InzageOntvanger,
    InzageOut,
    InzageVerstrekking,
    Ontvanger,
    VerstrekteCategorie,
    VerwerkingenOut,
    VerwerkingOut,
)
from app.verwerkingen import repository as repo
from app.verwerkingen.models import Verwerking
from app.verwerkingen.service import SEAL_BATCH, seal


def _of_person(session: Session, bsn: str, sleutel: str) -> Sequence[Verwerking]:
    """The person's rows, all sealed first: the answer lists every disclosure with its chain number."""
    while seal(session, SEAL_BATCH) == SEAL_BATCH:
        pass
    return repo.of_person(session, bsn_pseudoniem(bsn, sleutel))


def _categorieen(v: Verwerking) -> list[VerstrekteCategorie]:
    def een(categorie: str, t: dict[str, Any]) -> VerstrekteCategorie:
        return VerstrekteCategorie(
            categorie=categorie, grondslag=t["grondslag"], doel=t["doel"], beperking=t.get("beperking")
        )

    return [een(c, t) for c, t in sorted(v.categorieen.items())]


def search(session: Session, bsn: str, sleutel: str) -> VerwerkingenOut:
    rows = _of_person(session, bsn, sleutel)
    return VerwerkingenOut(
        aantal=len(rows),
        verwerkingen=[
            VerwerkingOut(
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
            for v in rows
        ],
    )


def report(session: Session, bsn: str, sleutel: str, moment: dt.datetime) -> InzageOut:
    rows = _of_person(session, bsn, sleutel)
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
