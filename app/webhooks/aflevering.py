"""Delivery state transitions: claim the next event of a subscription, then record the attempt's outcome.

Each step is one short transaction; the HTTP call happens between them, holding no database lock. The
lease (a token written at claim time) is what keeps two workers from both owning a subscription: only the
worker whose token is still on the row may move the cursor, so an event the cursor has passed is never
claimed, and therefore never sent, again. A crash between a successful POST and the second transaction
sends that event once more (at-least-once; receivers deduplicate on webhook-id = event id).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from dataclasses import dataclass

import structlog
from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.auth.service import principal_of
from app.config import Settings
from app.events.cloudevents import to_cloudevent
from app.events.expand import expand_dataref
from app.events.models import Event
from app.partners import repository as partners
from app.partners.models import Partner
from app.read_context import ReadContext
from app.schemas.abonnementen import AbonnementStatus
from app.webhooks import repository as repo
from app.webhooks.models import Abonnement, Aflevering
from app.webhooks.sending import Outcome

log = structlog.get_logger()


@dataclass(frozen=True)
class Job:
    """One claimed delivery: everything the HTTP step needs, so it needs no database."""

    abonnement_id: uuid.UUID
    lease_token: uuid.UUID
    event_id: uuid.UUID
    sequence: int
    poging: int
    callback_url: str
    secret: str
    body: str
    # Do not start sending after this moment: the lease would lapse while the request is in flight.
    verzenden_voor: dt.datetime


@dataclass(frozen=True)
class Skipped:
    """A claimed subscription had only events its type filter excludes: the cursor moved past them."""

    abonnement_id: uuid.UUID
    tot: int


def principal_for(partner: Partner, abonnement_id: uuid.UUID) -> Principal:
    """The subscription's partner as a reader: the disclosure engine decides for it as for its API calls."""
    return principal_of(partner, f"webhook:{abonnement_id}")


def claim(session: Session, settings: Settings, worker: str, now: dt.datetime) -> Job | Skipped | None:
    """Take the most overdue subscription with work, lease it, and prepare its next event."""
    abonnement = repo.claim_candidate(session, now)
    if abonnement is None:
        return None
    # Read the head first, then search below it: an event committed in between cannot be skipped.
    hoogste = repo.highest_sequence(session, abonnement.partner_id)
    event = repo.next_event(
        session, abonnement.partner_id, abonnement.afgeleverd_tot, hoogste, abonnement.typen
    )
    if event is None:
        abonnement.afgeleverd_tot = max(abonnement.afgeleverd_tot, hoogste)
        return Skipped(abonnement.id, abonnement.afgeleverd_tot)
    abonnement.afgeleverd_tot = event.sequence - 1
    token = uuid.uuid4()
    abonnement.lease_token, abonnement.geclaimd_door = token, worker
    abonnement.geclaimd_tot = now + dt.timedelta(seconds=settings.webhook_lease_seconden)
    body = _body(session, settings, abonnement, event, now)
    marge = dt.timedelta(seconds=2 * settings.webhook_timeout_seconden)
    return Job(
        abonnement_id=abonnement.id,
        lease_token=token,
        event_id=event.id,
        sequence=event.sequence,
        poging=abonnement.pogingen + 1,
        callback_url=abonnement.callback_url,
        secret=abonnement.secret,
        body=body,
        verzenden_voor=abonnement.geclaimd_tot - marge,
    )


def _body(
    session: Session, settings: Settings, abonnement: Abonnement, event: Event, now: dt.datetime
) -> str:
    """The CloudEvent as sent. With expand, the data is decided and logged now, for this attempt: each
    attempt is a disclosure at its own moment (a consent withdrawn meanwhile shows in the next retry)."""
    data = None
    if abonnement.expand:
        partner = partners.get(session, abonnement.partner_id, with_codes=True)
        if partner is not None:
            reading = ReadContext(
                principal=principal_for(partner, abonnement.id),
                moment=now,
                sb_datum=settings.sb_datum,
                kanaal="webhook",
            )
            data = expand_dataref(session, reading, event.dataref)
    return json.dumps(to_cloudevent(event, settings, data), ensure_ascii=False, separators=(",", ":"))


def release_claim(session: Session, klus: Job) -> None:
    """Give up a claim without an attempt (e.g. it was not sent in time)."""
    abonnement = repo.get(session, klus.abonnement_id, for_update=True)
    if abonnement is not None and abonnement.lease_token == klus.lease_token:
        abonnement.lease_token = abonnement.geclaimd_door = abonnement.geclaimd_tot = None


def complete_attempt(
    session: Session,
    settings: Settings,
    klus: Job,
    uitkomst: Outcome,
    worker: str,
    now: dt.datetime,
    rng: random.Random,
) -> None:
    """Record the attempt; if this worker still holds the lease, advance or schedule the retry."""
    abonnement = repo.get(session, klus.abonnement_id, for_update=True)
    if abonnement is None:
        return  # deleted meanwhile; its attempts went with it
    repo.add_aflevering(
        session,
        Aflevering(
            abonnement_id=abonnement.id,
            event_id=klus.event_id,
            sequence=klus.sequence,
            poging=klus.poging,
            tijd=now,
            statuscode=uitkomst.statuscode,
            duur_ms=uitkomst.duur_ms,
            fout=uitkomst.fout,
            geslaagd=uitkomst.geslaagd,
            worker=worker,
        ),
    )
    if uitkomst.geslaagd:
        abonnement.aantal_geslaagd += 1
    else:
        abonnement.aantal_mislukt += 1
    if abonnement.lease_token != klus.lease_token:
        log.warning("webhook_lease_verloren", abonnement_id=str(abonnement.id), sequence=klus.sequence)
        return
    abonnement.lease_token = abonnement.geclaimd_door = abonnement.geclaimd_tot = None
    abonnement.gewijzigd_op = now
    if uitkomst.geslaagd:
        abonnement.afgeleverd_tot, abonnement.pogingen = klus.sequence, 0
        abonnement.volgende_poging_op = abonnement.laatst_geslaagd_op = now
    elif uitkomst.gone:
        disable(abonnement, "ontvanger antwoordde 410 Gone", now)
    else:
        _schedule_retry(abonnement, settings, uitkomst, now, rng)


def _schedule_retry(
    abonnement: Abonnement, settings: Settings, uitkomst: Outcome, now: dt.datetime, rng: random.Random
) -> None:
    abonnement.pogingen += 1
    schema = settings.webhook_retry_schema_seconden
    if abonnement.pogingen > len(schema):
        disable(abonnement, f"aflevering {abonnement.pogingen} keer mislukt: {uitkomst.fout}", now)
        return
    abonnement.volgende_poging_op = now + retry_wait(
        schema[abonnement.pogingen - 1],
        settings.webhook_jitter,
        rng,
        uitkomst.retry_after,
        settings.webhook_retry_after_max_seconden,
    )
    log.info(
        "webhook_aflevering_mislukt",
        abonnement_id=str(abonnement.id),
        sequence=abonnement.afgeleverd_tot + 1,
        poging=abonnement.pogingen,
        statuscode=uitkomst.statuscode,
        fout=uitkomst.fout,
    )


def retry_wait(
    basis: float, jitter: float, rng: random.Random, retry_after: float | None, retry_after_max: float
) -> dt.timedelta:
    """The wait before the next attempt: the schedule's step plus 0..jitter of it (jitter only lengthens,
    so the schedule's total span is a guaranteed minimum), and never shorter than the receiver's
    Retry-After (capped, so a receiver cannot park its subscription indefinitely)."""
    seconden = basis * (1 + jitter * rng.random())
    if retry_after is not None:
        seconden = max(seconden, min(retry_after, retry_after_max))
    return dt.timedelta(seconds=seconden)


def disable(abonnement: Abonnement, reden: str, now: dt.datetime) -> None:
    abonnement.status = AbonnementStatus.UITGESCHAKELD
    abonnement.uitgeschakeld_op, abonnement.reden = now, reden[:300]
    abonnement.lease_token = abonnement.geclaimd_door = abonnement.geclaimd_tot = None
    log.warning(
        "webhook_abonnement_uitgeschakeld",
        abonnement_id=str(abonnement.id),
        partner_id=str(abonnement.partner_id),
        reden=abonnement.reden,
        afgeleverd_tot=abonnement.afgeleverd_tot,
    )
