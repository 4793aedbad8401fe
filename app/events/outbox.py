"""Writing events: in the caller's transaction, one row per recipient, numbered as the transaction commits.

Each recipient's feed is contiguous and gap-free (DESIGN §8): its counter row is locked while a number is
taken, so transactions numbering events for one recipient commit in number order. That lock is taken
only in the transaction's last statements (before COMMIT), for all of the transaction's recipients at
once and in one fixed order (partner id), so no request holds a counter while it does other work, and two
transactions cannot each hold a counter the other needs (no deadlock).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.consent.routing import EventType, Onbestelbaar
from app.db import signal_after_commit
from app.events import repository as repo
from app.events.models import Event, OnbestelbareMelding
from app.partners import repository as partners

FEED_TOPIC = "feed"  # after commit: {partner_id: its newest sequence}, for waking long polls
_PENDING = "keten_outbox"


def publish(
    session: Session,
    type_: EventType,
    subject: uuid.UUID,
    dataref: str,
    ontvangers: Iterable[uuid.UUID],
    tijd: dt.datetime,
    data: Mapping[str, Any] | None = None,
    onbestelbaar: Iterable[Onbestelbaar] = (),
) -> list[Event]:
    """Queue one event per recipient in the transaction that makes the change. The events get their
    sequence numbers and are written when that transaction commits; a rollback drops them."""
    events = [
        Event(
            id=uuid.uuid4(),
            partner_id=partner_id,
            type=type_.value,
            subject=subject,
            dataref=dataref,
            data=dict(data or {}),
            tijd=tijd,
        )
        for partner_id in sorted(set(ontvangers))
    ]
    session.info.setdefault(_PENDING, []).extend(events)
    for o in onbestelbaar:
        repo.add_onbestelbaar(
            session,
            OnbestelbareMelding(
                type=type_.value,
                subject=subject,
                ontvanger_rol=o.rol,
                ontvanger_sleutel=o.sleutel,
                reden=o.reden,
                tijd=tijd,
            ),
        )
    return events


@event.listens_for(Session, "before_commit")
def _number_and_write(session: Session) -> None:
    """Number the transaction's events per recipient, in partner-id order, and write them."""
    if session.in_nested_transaction():
        return
    pending: list[Event] = session.info.pop(_PENDING, [])
    if not pending:
        return
    per_partner: dict[uuid.UUID, list[Event]] = {}
    for e in pending:
        per_partner.setdefault(e.partner_id, []).append(e)
    newest: dict[uuid.UUID, int] = {}
    for partner_id in sorted(per_partner):
        events = per_partner[partner_id]
        first = partners.reserve_sequences(session, partner_id, len(events))
        for offset, e in enumerate(events):
            e.sequence = first + offset
        newest[partner_id] = events[-1].sequence
    repo.insert_events(session, pending)
    repo.notify(session, newest)
    signal_after_commit(session, FEED_TOPIC, newest)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: Any) -> None:
    """A transaction that ends without commit (rollback, close) publishes nothing."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
