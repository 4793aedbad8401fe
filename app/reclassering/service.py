"""Reclasseringsopdrachten, and the basisvoorwaarden read (reclassering with an active opdracht, the
responsible gemeente, the bronhouder)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.bronhouder import eigen_detentie
from app.detenties import repository as detenties
from app.detenties.feiten import verzamel
from app.errors import NotFound
from app.informatiebladen import verspreiding
from app.intakes import repository as intakes
from app.intakes.representatie import zichtbaar_deel
from app.lezing import Lezing
from app.reclassering import repository as repo
from app.reclassering.models import Reclasseringsopdracht
from app.schemas.reclassering import BasisvoorwaardenOut, OpdrachtCreate, OpdrachtOut


def nieuwe_opdracht(
    session: Session,
    principal: Principal,
    detentie_id: uuid.UUID,
    data: OpdrachtCreate,
    moment: dt.datetime,
    sb_datum: dt.date,
) -> Reclasseringsopdracht:
    """Record the opdracht. If it is active now, the organisation is told when there is a screening it
    may see (basisvoorwaarden.gewijzigd); detentie events reach it while the opdracht is active."""
    detentie = eigen_detentie(session, principal, detentie_id)
    voor = verzamel(session, detentie)
    opdracht = Reclasseringsopdracht(
        id=uuid.uuid4(),
        detentie_id=detentie.id,
        organisatie=data.organisatie.value,
        soort=data.soort.value,
        van=data.van,
        tot=data.tot,
        partner_id=principal.partner_id,
        aangemaakt_op=moment,
    )
    repo.add(session, opdracht)
    verspreiding.na_wijziging(
        session, detentie, moment, sb_datum, verspreiding.Aanleiding.OPDRACHT, voor=voor
    )
    return opdracht


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


def toon_basisvoorwaarden(session: Session, lezing: Lezing, detentie_id: uuid.UUID) -> BasisvoorwaardenOut:
    """Decide, filter and log: the latest screening as the reader may see it now. 404 when there is no
    screening or the reader may see none of its categories."""
    detentie = detenties.get(session, detentie_id)
    if detentie is None:
        raise NotFound("Basisvoorwaarden niet gevonden")
    besluit = lezing.beslis(verzamel(session, detentie))
    intake = intakes.nieuwste(session, detentie.id)
    deel = zichtbaar_deel(intake, besluit, lezing.moment)
    if intake is None or deel is None:
        raise NotFound("Basisvoorwaarden niet gevonden")
    out = BasisvoorwaardenOut(
        detentie_id=detentie.id,
        intake_id=intake.id,
        intake_versie=intake.versie,
        afgenomen_op=intake.afgenomen_op,
        **deel.velden,
    )
    if deel.verstrekking is not None:
        out.verstrekking = deel.verstrekking
    # The object disclosed is this intake version.
    lezing.registreer(
        session,
        besluit,
        deel.verstrekking.grondslagen if deel.verstrekking else None,
        object_soort="basisvoorwaarden",
        object_id=intake.id,
        bsn_pseudoniem=detentie.bsn_pseudoniem,
    )
    return out


def basisvoorwaarden_als_data(session: Session, lezing: Lezing, detentie_id: uuid.UUID) -> dict[str, Any]:
    """For `expand=data` (feed, webhook): the same decision, representation and log as a GET."""
    out = toon_basisvoorwaarden(session, lezing, detentie_id)
    return out.model_dump(mode="json", by_alias=True, exclude_unset=True)
