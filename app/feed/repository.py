"""SQL for feed read progress."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.feed.models import FeedVoortgang


def markeer_gelezen(session: Session, partner_id: uuid.UUID, na: int, moment: dt.datetime) -> None:
    """Record the `na` a partner last asked for. An upsert: two first polls of one partner at the same
    moment must not both try to insert the row."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(FeedVoortgang).values(partner_id=partner_id, gelezen_tot=na, gelezen_op=moment)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=[FeedVoortgang.partner_id],
            set_={"gelezen_tot": stmt.excluded.gelezen_tot, "gelezen_op": stmt.excluded.gelezen_op},
        )
    )


def voortgang(session: Session, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, FeedVoortgang]:
    rows = session.scalars(select(FeedVoortgang).where(FeedVoortgang.partner_id.in_(list(partner_ids))))
    return {v.partner_id: v for v in rows}
