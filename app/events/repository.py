"""All SQL about events (the outbox/feed) and undeliverable meldingen."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Row, bindparam, insert, select, text
from sqlalchemy.orm import Session

from app.events.models import Event, OnbestelbareMelding
from app.partners.models import Partner

FEED_CHANNEL = "ketenmeldingen_feed"


def insert_events(session: Session, events: Sequence[Event]) -> None:
    """Write numbered events in one statement (Core: no ORM bookkeeping for rows nobody reads back)."""
    session.execute(
        insert(Event),
        [
            {
                "id": e.id,
                "partner_id": e.partner_id,
                "sequence": e.sequence,
                "type": e.type,
                "subject": e.subject,
                "dataref": e.dataref,
                "data": e.data,
                "tijd": e.tijd,
            }
            for e in events
        ],
    )


# PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; one entry is "<uuid>:<sequence>".
_PAYLOAD_ENTRIES = 150


def notify(session: Session, newest: Mapping[uuid.UUID, int]) -> None:
    """Tell listening processes each recipient's newest sequence. PostgreSQL delivers NOTIFY only when
    the transaction commits, so a woken poller finds the events committed."""
    if session.get_bind().dialect.name != "postgresql":
        return
    entries = [f"{partner_id}:{sequence}" for partner_id, sequence in newest.items()]
    for i in range(0, len(entries), _PAYLOAD_ENTRIES):
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": FEED_CHANNEL, "payload": ";".join(entries[i : i + _PAYLOAD_ENTRIES])},
        )


def parse_notification(payload: str) -> dict[uuid.UUID, int]:
    """The inverse of `notify`'s payload; malformed entries are ignored."""
    newest: dict[uuid.UUID, int] = {}
    for entry in payload.split(";"):
        partner, _, sequence = entry.partition(":")
        try:
            newest[uuid.UUID(partner)] = int(sequence)
        except ValueError:
            continue
    return newest


FEED_COLUMNS = (
    Event.id,
    Event.sequence,
    Event.type,
    Event.subject,
    Event.dataref,
    Event.data,
    Event.tijd,
)


# Built once: every poll runs these.
_FEED = (
    select(*FEED_COLUMNS)
    .where(Event.partner_id == bindparam("partner_id"), Event.sequence > bindparam("na"))
    .order_by(Event.sequence)
    .limit(bindparam("limit"))
)
_HEAD = select(Partner.laatste_sequence).where(Partner.id == bindparam("partner_id"))


def feed(session: Session, partner_id: uuid.UUID, na: int, limit: int) -> Sequence[Row[Any]]:
    """The partner's events after `na`, oldest first (rows with the FEED_COLUMNS)."""
    return session.execute(_FEED, {"partner_id": partner_id, "na": na, "limit": limit}).all()


def newest_sequence(session: Session, partner_id: uuid.UUID) -> int:
    """The partner's newest committed sequence (its counter: sequences commit in order)."""
    return int(session.scalar(_HEAD, {"partner_id": partner_id}) or 0)


def newest_sequences(session: Session, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Each partner's newest committed sequence (its counter: sequences commit in order)."""
    rows = session.execute(
        select(Partner.id, Partner.laatste_sequence).where(Partner.id.in_(list(partner_ids)))
    )
    return {pid: seq for pid, seq in rows}  # noqa: C416 (a Row is not accepted by dict())


def add_onbestelbaar(session: Session, melding: OnbestelbareMelding) -> None:
    session.add(melding)


def onbestelbaar(session: Session, limit: int, offset: int) -> Sequence[OnbestelbareMelding]:
    return session.scalars(
        select(OnbestelbareMelding)
        .order_by(OnbestelbareMelding.tijd.desc(), OnbestelbareMelding.id)
        .limit(limit)
        .offset(offset)
    ).all()
