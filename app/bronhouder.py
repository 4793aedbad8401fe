"""What the DJI partner that posted a detentie (its bronhouder) may add to it."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.detenties import repository as detenties
from app.detenties.models import Detentie
from app.errors import FieldError, NotFound, ValidationFailed


def eigen_detentie(session: Session, principal: Principal, detentie_id: uuid.UUID) -> Detentie:
    """The detentie the calling DJI partner posted, locked until the transaction ends (so versions and
    sequence numbers of what is added to it stay contiguous); anyone else's is 404."""
    detentie = detenties.get(session, detentie_id, for_update=True)
    if detentie is None or detentie.partner_id != principal.partner_id:
        raise NotFound("Detentie niet gevonden")
    return detentie


def controleer_tijdstip(detentie: Detentie, veld: str, tijdstip: dt.datetime, now: dt.datetime) -> None:
    """A statement about the detentie cannot be from the future, nor from before it began."""
    if tijdstip > now:
        raise ValidationFailed([FieldError(veld, "ligt in de toekomst")])
    if tijdstip < detentie.begindatum:
        raise ValidationFailed([FieldError(veld, "ligt voor de begindatum van de detentie")])
