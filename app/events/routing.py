"""DESIGN §6: who is told about a detentie."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.bij import repository as bij
from app.detenties.models import Detentie
from app.events.outbox import Onbestelbaar
from app.partners import repository as partners
from app.reclassering.feiten import opdrachten
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


def detentie_routering(session: Session, detentie: Detentie, moment: dt.datetime | None = None) -> Routering:
    """The responsible gemeenten, plus the reclassering partners whose organisation holds an opdracht
    active at `moment` (default: the detentie's last change, i.e. the time of the event being routed)."""
    result = gemeenten_routering(session, detentie.verantwoordelijke_gemeenten)
    result.ontvangers |= reclassering_ontvangers(session, detentie.id, moment or detentie.gewijzigd_op)
    return result


def reclassering_ontvangers(session: Session, detentie_id: uuid.UUID, moment: dt.datetime) -> set[uuid.UUID]:
    """Reclassering partners of an organisation with an opdracht for the detentie active at `moment`."""
    actief = {o.organisatie for o in opdrachten(session, detentie_id) if o.actief_op(moment)}
    if not actief:
        return set()
    return {p.id for p in partners.by_rol(session, Rol.RECLASSERING) if p.organisatie in actief}


def beeindigd_routering(session: Session, detentie: Detentie) -> Routering:
    """detentie.beeindigd: the responsible gemeenten, plus every partner recorded as recipient of a
    BIJ-melding about this detentie (they may read its identity and end date only: app/consent)."""
    result = detentie_routering(session, detentie)
    for o in bij.ontvangers_van_detentie(session, detentie.id):
        if o.actief:
            result.ontvangers.add(o.partner_id)
        else:
            result.onbestelbaar.append(Onbestelbaar(o.rol, None, "BIJ-ontvanger niet meer actief"))
    return result
