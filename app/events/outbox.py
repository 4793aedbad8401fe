"""Writing events: in the caller's transaction, one row per recipient with its next contiguous sequence."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.events import repository as repo
from app.events.models import Event, OnbestelbareMelding
from app.events.types import EventType
from app.partners import repository as partners


@dataclass(frozen=True)
class Onbestelbaar:
    """An intended recipient that cannot receive (no partner, or a gemeente not aangesloten)."""

    rol: str
    sleutel: str | None
    reden: str


def publiceer(
    session: Session,
    type_: EventType,
    subject: uuid.UUID,
    dataref: str,
    ontvangers: Iterable[uuid.UUID],
    tijd: dt.datetime,
    data: Mapping[str, Any] | None = None,
    onbestelbaar: Iterable[Onbestelbaar] = (),
) -> list[Event]:
    """Write one event per recipient. Must run inside the transaction that makes the change.

    Recipients' counters are taken in a fixed (id) order so that two transactions publishing to
    overlapping recipients cannot deadlock.
    """
    events = []
    ordered = sorted(set(ontvangers))
    for partner_id in ordered:
        event = Event(
            id=uuid.uuid4(),
            partner_id=partner_id,
            sequence=partners.next_sequence(session, partner_id),
            type=type_.value,
            subject=subject,
            dataref=dataref,
            data=dict(data or {}),
            tijd=tijd,
        )
        repo.add(session, event)
        events.append(event)
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
    session.flush()
    repo.notify(session, ordered)
    return events
