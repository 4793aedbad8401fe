"""BIJ mandates (beheer): which bij_gemandateerde receives the BIJ-meldingen for a gemeente.

A change applies to meldingen made after it; earlier meldingen keep the recipients recorded on them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

import structlog
from sqlalchemy.orm import Session

from app.bij import repository as repo
from app.bij.service import known_gemeentecode
from app.errors import FieldError, NotFound, ValidationFailed
from app.partners import repository as partners
from app.partners.models import BijMandaat, Partner
from app.rollen import Rol

log = structlog.get_logger()


def list_all(session: Session) -> Sequence[tuple[BijMandaat, Partner]]:
    """Every mandate with the partner holding it, by gemeentecode."""
    return repo.mandaten(session)


def assign(
    session: Session, gemeentecode: str, partner_id: uuid.UUID, now: dt.datetime
) -> tuple[BijMandaat, Partner]:
    """Give the mandate for the gemeente to the partner (moving it from any current holder); returns the
    mandate and its holder."""
    errors = []
    if not known_gemeentecode(session, gemeentecode):
        errors.append(FieldError("gemeentecode", "onbekende gemeentecode", "onbekend"))
    partner = partners.get(session, partner_id)
    if partner is None or partner.rol != Rol.BIJ_GEMANDATEERDE or not partner.actief:
        errors.append(FieldError("partnerId", "geen actieve partner met rol bij_gemandateerde", "onbekend"))
    if errors or partner is None:
        raise ValidationFailed(errors)
    mandaat = repo.mandaat(session, gemeentecode)
    if mandaat is None:
        mandaat = BijMandaat(gemeentecode=gemeentecode, partner_id=partner.id, sinds=now)
        repo.add_mandaat(session, mandaat)
    elif mandaat.partner_id != partner.id:
        mandaat.partner_id, mandaat.sinds = partner.id, now
        session.flush()
    log.info("bij_mandaat_gezet", gemeentecode=gemeentecode, partner_id=str(partner.id))
    return mandaat, partner


def delete(session: Session, gemeentecode: str) -> None:
    mandaat = repo.mandaat(session, gemeentecode)
    if mandaat is None:
        raise NotFound("Geen mandaat voor deze gemeente")
    repo.delete_mandaat(session, mandaat)
    log.info("bij_mandaat_verwijderd", gemeentecode=gemeentecode)
