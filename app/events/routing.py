"""DESIGN §6: who is told about a detentie."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.detenties.models import Detentie
from app.events.outbox import Onbestelbaar
from app.partners import repository as partners
from app.rollen import Rol


@dataclass
class Routering:
    ontvangers: set[uuid.UUID] = field(default_factory=set)
    onbestelbaar: list[Onbestelbaar] = field(default_factory=list)


def gemeenten_routering(session: Session, codes: frozenset[str]) -> Routering:
    """The aangesloten gemeenten among `codes`; the others are recorded as undeliverable."""
    result = Routering()
    gevonden = partners.gemeenten(session, codes)
    for code in sorted(codes):
        partner = gevonden.get(code)
        if partner is None:
            result.onbestelbaar.append(
                Onbestelbaar(Rol.GEMEENTE.value, code, "geen partner voor deze gemeente")
            )
        elif not partner.aangesloten:
            result.onbestelbaar.append(Onbestelbaar(Rol.GEMEENTE.value, code, "gemeente niet aangesloten"))
        else:
            result.ontvangers.add(partner.id)
    return result


def detentie_routering(session: Session, detentie: Detentie) -> Routering:
    return gemeenten_routering(session, detentie.verantwoordelijke_gemeenten)
