"""SQL for feed read progress."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.feed.models import FeedVoortgang


def record_progress(session: Session, notes: Mapping[uuid.UUID, tuple[int, dt.datetime]]) -> None:
    """Record the `na` each partner last asked for. An upsert that keeps the newest note: several
    processes each write what their own polls saw."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(FeedVoortgang)
    stmt = stmt.on_conflict_do_update(
        index_elements=[FeedVoortgang.partner_id],
        set_={"gelezen_tot": stmt.excluded.gelezen_tot, "gelezen_op": stmt.excluded.gelezen_op},
        where=FeedVoortgang.gelezen_op < stmt.excluded.gelezen_op,
    )
    session.execute(
        stmt,
        [
            {"partner_id": partner_id, "gelezen_tot": na, "gelezen_op": moment}
            for partner_id, (na, moment) in sorted(notes.items())
        ],
    )


def voortgang(session: Session, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, FeedVoortgang]:
    rows = session.scalars(select(FeedVoortgang).where(FeedVoortgang.partner_id.in_(list(partner_ids))))
    return {v.partner_id: v for v in rows}
