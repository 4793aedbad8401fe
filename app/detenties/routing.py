"""The candidates DESIGN §6's routing table (app.consent.routing) chooses from, for events about a
detentie: gathered here with SQL, decided there."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.consent.relations import active_organisations
from app.consent.routing import Candidate, EventType, Routing, RoutingFacts, route
from app.detenties.facts import DetentieFacts
from app.detenties.models import Detentie
from app.partners import repository as partners
from app.partners.models import Partner
from app.rollen import Rol


def kandidaat(p: Partner) -> Candidate:
    return Candidate(
        partner_id=p.id,
        rol=Rol(p.rol),
        actief=p.actief,
        gemeentecode=p.gemeentecode,
        aangesloten=p.aangesloten,
        organisatie=p.organisatie,
    )


def routing_facts(
    session: Session, gemeentecodes: frozenset[str], facts: DetentieFacts, moment: dt.datetime
) -> RoutingFacts:
    gevonden = partners.gemeenten(session, gemeentecodes)
    reclassering: tuple[Candidate, ...] = ()
    if active_organisations(facts.opdrachten, moment):  # no query when no opdracht is active
        reclassering = tuple(kandidaat(p) for p in partners.by_rol(session, Rol.RECLASSERING))
    return RoutingFacts(
        gemeenten={code: kandidaat(gevonden[code]) if code in gevonden else None for code in gemeentecodes},
        opdrachten=facts.opdrachten,
        reclassering=reclassering,
        bij_ontvangers=facts.bij_ontvangers,
    )


def route_detentie(
    session: Session, type_: EventType, detentie: Detentie, facts: DetentieFacts, moment: dt.datetime
) -> Routing:
    """Who is told of an event of `type_` about the detentie as it stands (DESIGN §6)."""
    feiten = routing_facts(session, detentie.verantwoordelijke_gemeenten, facts, moment)
    return route(type_, feiten, moment)
