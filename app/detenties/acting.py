"""Which DJI partner may act on a detentie (DESIGN §3): the partner speaking for its current inrichting
reads and writes it. The relation itself is app.consent.relations.dji_acts_for."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.consent.relations import dji_acts_for
from app.detenties import repository as repo
from app.detenties.models import Detentie
from app.errors import FieldError, NotFound, ValidationFailed


def detentie_to_act_on(session: Session, principal: Principal, detentie_id: uuid.UUID) -> Detentie:
    """The detentie, if the calling DJI partner speaks for its current inrichting, locked until the
    transaction ends (so versions and sequence numbers of what is added to it stay contiguous); for
    anyone else 404 (no probing)."""
    detentie = repo.get(session, detentie_id, for_update=True)
    if detentie is None or not dji_acts_for(principal.inrichtingen, detentie.inrichting):
        raise NotFound("Detentie niet gevonden")
    return detentie


def check_moment(detentie: Detentie, veld: str, tijdstip: dt.datetime, now: dt.datetime) -> None:
    """A statement about the detentie cannot be from the future, nor from before it began."""
    if tijdstip > now:
        raise ValidationFailed([FieldError(veld, "ligt in de toekomst")])
    if tijdstip < detentie.begindatum:
        raise ValidationFailed([FieldError(veld, "ligt voor de begindatum van de detentie")])
