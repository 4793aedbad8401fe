"""All SQL about events (the outbox/feed) and undeliverable meldingen."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.events.models import Event, OnbestelbareMelding

FEED_CHANNEL = "ketenmeldingen_feed"


def add(session: Session, event: Event) -> None:
    session.add(event)


def notify(session: Session, partner_ids: Sequence[uuid.UUID]) -> None:
    """PostgreSQL delivers NOTIFY only when the transaction commits: waiting pollers wake after the commit."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for partner_id in partner_ids:
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": FEED_CHANNEL, "payload": str(partner_id)},
        )


def feed(session: Session, partner_id: uuid.UUID, na: int, limit: int) -> Sequence[Event]:
    return session.scalars(
        select(Event)
        .where(Event.partner_id == partner_id, Event.sequence > na)
        .order_by(Event.sequence)
        .limit(limit)
    ).all()


def add_onbestelbaar(session: Session, melding: OnbestelbareMelding) -> None:
    session.add(melding)


def onbestelbaar(session: Session, limit: int, offset: int) -> Sequence[OnbestelbareMelding]:
    return session.scalars(
        select(OnbestelbareMelding)
        .order_by(OnbestelbareMelding.tijd.desc(), OnbestelbareMelding.id)
        .limit(limit)
        .offset(offset)
    ).all()
