"""Webhook subscriptions: their owners create, restart and delete them; beheer lists them all."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

import structlog
from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.errors import FieldError, NotFound, ValidationFailed
from app.partners import repository as partners
from app.partners.models import Partner
from app.schemas.abonnementen import AbonnementCreate, AbonnementStatus
from app.webhooks import repository as repo
from app.webhooks.models import Abonnement, Aflevering
from app.webhooks.signing import new_secret
from app.webhooks.ssrf import UnsafeAddress, check_callback_url

log = structlog.get_logger()


def _partner(session: Session, principal: Principal) -> Partner:
    partner = partners.get(session, principal.partner_id)
    if partner is None:
        raise NotFound("Partner niet gevonden")
    return partner


def create(
    session: Session, principal: Principal, data: AbonnementCreate, now: dt.datetime, allow_loopback: bool
) -> Abonnement:
    """A new subscription receives the partner's events from now on (replay older ones with herstart)."""
    try:
        check_callback_url(data.callback_url, allow_loopback)
    except UnsafeAddress as exc:
        raise ValidationFailed([FieldError("callbackUrl", str(exc), "onveilige_url")]) from exc
    partner = _partner(session, principal)
    abonnement = Abonnement(
        id=uuid.uuid4(),
        partner_id=partner.id,
        callback_url=data.callback_url,
        typen=sorted({t.value for t in data.typen}),
        expand=data.expand,
        secret=new_secret(),
        status=AbonnementStatus.ACTIEF,
        afgeleverd_tot=partner.laatste_sequence,
        volgende_poging_op=now,
        pogingen=0,
        aantal_geslaagd=0,
        aantal_mislukt=0,
        aangemaakt_op=now,
        gewijzigd_op=now,
    )
    repo.add(session, abonnement)
    log.info("webhook_abonnement_aangemaakt", abonnement_id=str(abonnement.id), partner_id=str(partner.id))
    return abonnement


def list_all(session: Session, principal: Principal) -> Sequence[Abonnement]:
    return repo.van_partner(session, principal.partner_id)


def own_abonnement(
    session: Session, principal: Principal, abonnement_id: uuid.UUID, *, for_update: bool = False
) -> Abonnement:
    """The caller's own subscription; someone else's is 404 like a missing one."""
    abonnement = repo.get(session, abonnement_id, for_update=for_update)
    if abonnement is None or abonnement.partner_id != principal.partner_id:
        raise NotFound("Abonnement niet gevonden")
    return abonnement


def delete(session: Session, principal: Principal, abonnement_id: uuid.UUID) -> None:
    repo.delete(session, own_abonnement(session, principal, abonnement_id, for_update=True))
    log.info("webhook_abonnement_verwijderd", abonnement_id=str(abonnement_id))


def herstart(
    session: Session, principal: Principal, abonnement_id: uuid.UUID, vanaf: int | None, now: dt.datetime
) -> Abonnement:
    """(Re-)enable and deliver from sequence `vanaf` (default: the event it stopped at). Any delivery in
    flight loses its lease, so it cannot move the cursor afterwards."""
    abonnement = own_abonnement(session, principal, abonnement_id, for_update=True)
    latest = _partner(session, principal).laatste_sequence
    if vanaf is not None and vanaf > latest + 1:
        raise ValidationFailed(
            [FieldError("vanafSequence", f"ligt na de nieuwste sequence + 1 ({latest + 1})", "te_groot")]
        )
    if vanaf is not None:
        abonnement.afgeleverd_tot = vanaf - 1
    abonnement.status = AbonnementStatus.ACTIEF
    abonnement.pogingen = 0
    abonnement.volgende_poging_op = abonnement.gewijzigd_op = now
    abonnement.uitgeschakeld_op = abonnement.reden = None
    abonnement.lease_token = abonnement.geclaimd_door = abonnement.geclaimd_tot = None
    session.flush()
    log.info(
        "webhook_abonnement_herstart", abonnement_id=str(abonnement.id), vanaf=abonnement.afgeleverd_tot + 1
    )
    return abonnement


def afleveringen(
    session: Session, principal: Principal, abonnement_id: uuid.UUID, limit: int, offset: int
) -> Sequence[Aflevering]:
    own_abonnement(session, principal, abonnement_id)
    return repo.afleveringen(session, abonnement_id, limit, offset)


def beheer_overview(session: Session) -> Sequence[tuple[Abonnement, Partner]]:
    """Every subscription with its partner, disabled ones first (for operators)."""
    return repo.met_partner(session)
