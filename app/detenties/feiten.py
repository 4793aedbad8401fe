"""Gathering what the disclosure policy needs to know about a detentie (app.consent.beslissing.Feiten)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.bij import feiten as bij
from app.consent.beslissing import Feiten
from app.detenties.models import Detentie
from app.reclassering.feiten import opdrachten
from app.toestemmingen.feiten import verklaringen


def verzamel(session: Session, d: Detentie) -> Feiten:
    return Feiten(
        bron_partner_id=d.partner_id,
        verantwoordelijke_gemeenten=d.verantwoordelijke_gemeenten,
        opdrachten=opdrachten(session, d.id),
        toestemmingen=verklaringen(session, d.id),
        bij_ontvangers=bij.ontvangers(session, d.id),
        bij_soort=bij.soort(session, d.id),
    )
