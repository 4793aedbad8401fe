"""Gathering what the disclosure policy needs to know about a detentie (app.consent.beslissing.Feiten)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.consent.beslissing import Feiten
from app.detenties.models import Detentie


def verzamel(session: Session, d: Detentie) -> Feiten:
    return Feiten(bron_partner_id=d.partner_id, verantwoordelijke_gemeenten=d.verantwoordelijke_gemeenten)
