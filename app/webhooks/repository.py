"""All SQL about webhook subscriptions and delivery attempts."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.orm import Session

from app.events.models import Event
from app.partners.models import Partner
from app.schemas.abonnementen import AbonnementStatus
from app.webhooks.models import Abonnement, Aflevering


def add(session: Session, abonnement: Abonnement) -> Abonnement:
    session.add(abonnement)
    session.flush()
    return abonnement


def get(session: Session, abonnement_id: uuid.UUID, *, for_update: bool = False) -> Abonnement | None:
    stmt = select(Abonnement).where(Abonnement.id == abonnement_id)
    if for_update:
        stmt = stmt.with_for_update()
    return session.scalar(stmt)


def van_partner(session: Session, partner_id: uuid.UUID) -> Sequence[Abonnement]:
    return session.scalars(
        select(Abonnement)
        .where(Abonnement.partner_id == partner_id)
        .order_by(Abonnement.aangemaakt_op, Abonnement.id)
    ).all()


def met_partner(session: Session) -> list[tuple[Abonnement, Partner]]:
    rows = session.execute(
        select(Abonnement, Partner)
        .join(Partner, Partner.id == Abonnement.partner_id)
        .order_by(Abonnement.status.desc(), Partner.naam, Abonnement.aangemaakt_op)
    )
    return [(a, p) for a, p in rows]


def delete(session: Session, abonnement: Abonnement) -> None:
    session.delete(abonnement)
    session.flush()


def claim_candidate(session: Session, now: dt.datetime) -> Abonnement | None:
    """The most overdue active subscription with undelivered events and no live lease, row-locked.

    SKIP LOCKED lets concurrent workers on PostgreSQL each take a different one without waiting; SQLite
    ignores it (its single write lock, taken by BEGIN IMMEDIATE, serialises claims instead).
    """
    pending = exists(
        select(Event.id).where(
            Event.partner_id == Abonnement.partner_id, Event.sequence > Abonnement.afgeleverd_tot
        )
    )
    return session.scalar(
        select(Abonnement)
        .join(Partner, Partner.id == Abonnement.partner_id)
        .where(
            Abonnement.status == AbonnementStatus.ACTIEF,
            Abonnement.volgende_poging_op <= now,
            or_(Abonnement.geclaimd_tot.is_(None), Abonnement.geclaimd_tot < now),
            Partner.actief,
            pending,
        )
        .order_by(Abonnement.volgende_poging_op, Abonnement.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=Abonnement)
    )


def highest_sequence(session: Session, partner_id: uuid.UUID) -> int:
    """The partner's newest committed event. Sequences commit in order (the partner row lock), so every
    event up to it is visible too."""
    return int(
        session.scalar(
            select(func.coalesce(func.max(Event.sequence), 0)).where(Event.partner_id == partner_id)
        )
        or 0
    )


def next_event(
    session: Session, partner_id: uuid.UUID, na: int, tot: int, typen: Sequence[str]
) -> Event | None:
    """The first event after `na` up to `tot` of one of `typen` (all types when empty)."""
    stmt = select(Event).where(Event.partner_id == partner_id, Event.sequence > na, Event.sequence <= tot)
    if typen:
        stmt = stmt.where(Event.type.in_(list(typen)))
    return session.scalar(stmt.order_by(Event.sequence).limit(1))


def eerste_onafgeleverde_tijd(
    session: Session, partner_id: uuid.UUID, na: int, typen: Sequence[str]
) -> dt.datetime | None:
    stmt = select(Event.tijd).where(Event.partner_id == partner_id, Event.sequence > na)
    if typen:
        stmt = stmt.where(Event.type.in_(list(typen)))
    return session.scalar(stmt.order_by(Event.sequence).limit(1))


def release_leases(session: Session, worker: str) -> int:
    """Release every lease held by a worker of this name (its previous incarnation died)."""
    result = session.execute(
        update(Abonnement)
        .where(Abonnement.geclaimd_door == worker)
        .values(lease_token=None, geclaimd_door=None, geclaimd_tot=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def add_aflevering(session: Session, aflevering: Aflevering) -> None:
    session.add(aflevering)


def afleveringen(session: Session, abonnement_id: uuid.UUID, limit: int, offset: int) -> Sequence[Aflevering]:
    return session.scalars(
        select(Aflevering)
        .where(Aflevering.abonnement_id == abonnement_id)
        .order_by(Aflevering.tijd.desc(), Aflevering.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
