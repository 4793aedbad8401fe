"""Webhook subscriptions as their owners and beheer see them."""

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
from app.schemas.abonnementen import (
    AbonnementCreate,
    AbonnementCreated,
    AbonnementOut,
    AbonnementStatus,
    BeheerAbonnementOut,
)
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


def abonnement_out(abonnement: Abonnement) -> AbonnementOut:
    return AbonnementOut.model_validate(_velden(abonnement))


def _velden(a: Abonnement) -> dict[str, object]:
    actief = a.status == AbonnementStatus.ACTIEF
    return {
        "id": a.id,
        "callback_url": a.callback_url,
        "typen": a.typen,
        "expand": a.expand,
        "status": a.status,
        "afgeleverd_tot": a.afgeleverd_tot,
        "pogingen": a.pogingen,
        "volgende_poging_op": a.volgende_poging_op if actief else None,
        "laatst_geslaagd_op": a.laatst_geslaagd_op,
        "uitgeschakeld_op": a.uitgeschakeld_op,
        "reden": a.reden,
        "aangemaakt_op": a.aangemaakt_op,
    }


def beheer_overview(session: Session) -> list[BeheerAbonnementOut]:
    """Every subscription with its status, for operators (no secrets, no personal data)."""
    return [
        BeheerAbonnementOut.model_validate(
            _velden(a) | {"partner_id": p.id, "partner_naam": p.naam, "laatste_sequence": p.laatste_sequence}
        )
        for a, p in repo.met_partner(session)
    ]


def abonnement_created(abonnement: Abonnement) -> AbonnementCreated:
    return AbonnementCreated.model_validate(_velden(abonnement) | {"secret": abonnement.secret})
