from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class FeedVoortgang(Base):
    """How far a partner has read its feed (the `na` it last asked for): beheer's view of feed lag.

    Kept apart from the partner row, whose sequence counter writers hold locked: a poll must never wait
    for a writer's transaction.
    """

    __tablename__ = "feed_voortgang"

    partner_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True
    )
    gelezen_tot: Mapped[int] = mapped_column(Integer, default=0)
    gelezen_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)
