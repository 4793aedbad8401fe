"""SQL for feed read progress."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.feed.models import FeedVoortgang


def markeer_gelezen(session: Session, partner_id: uuid.UUID, na: int, moment: dt.datetime) -> None:
    voortgang = session.get(FeedVoortgang, partner_id)
    if voortgang is None:
        session.add(FeedVoortgang(partner_id=partner_id, gelezen_tot=na, gelezen_op=moment))
    else:
        voortgang.gelezen_tot, voortgang.gelezen_op = na, moment


def voortgang(session: Session, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, FeedVoortgang]:
    rows = session.scalars(select(FeedVoortgang).where(FeedVoortgang.partner_id.in_(list(partner_ids))))
    return {v.partner_id: v for v in rows}
