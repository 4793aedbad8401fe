"""The candidates for a BIJ-melding's recipients (DESIGN §6: the bij_gemandateerde holding the mandate for
the gemeente of the verblijfadres, not of the BRP registration, and every politie partner), gathered here
with SQL; the routing table (app.consent.routing) decides."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.bij import repository as repo
from app.consent.routing import Candidate, EventType, Routing, RoutingFacts, route
from app.detenties.routing import kandidaat
from app.partners import repository as partners
from app.rollen import Rol


def bij_routing(session: Session, gemeentecode: str, moment: dt.datetime) -> tuple[Routing, list[Candidate]]:
    """Whom a BIJ-melding with its verblijfadres in `gemeentecode` goes to, and the candidates (by id)."""
    houder = repo.mandaathouder(session, gemeentecode)
    feiten = RoutingFacts(
        verblijf_gemeentecode=gemeentecode,
        mandaathouder=kandidaat(houder) if houder is not None else None,
        politie=tuple(kandidaat(p) for p in partners.by_rol(session, Rol.POLITIE)),
    )
    candidates = [*([feiten.mandaathouder] if feiten.mandaathouder else []), *feiten.politie]
    return route(EventType.BIJ_GEMELD, feiten, moment), candidates
