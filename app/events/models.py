from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class Event(Base):
    """One CloudEvent for one recipient: the transactional outbox and the feed in one table."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("partner_id", "sequence"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    sequence: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(100))
    subject: Mapped[uuid.UUID] = mapped_column(index=True)
    # Path under the API base of the resource this event is about; made absolute when rendered.
    dataref: Mapped[str] = mapped_column(String(300))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    tijd: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class OnbestelbareMelding(Base):
    """An event that had an intended recipient that is not connected (e.g. gemeente not aangesloten)."""

    __tablename__ = "onbestelbare_meldingen"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    type: Mapped[str] = mapped_column(String(100))
    subject: Mapped[uuid.UUID] = mapped_column(index=True)
    # Whom it was for, without personal data: a role plus e.g. a gemeentecode.
    ontvanger_rol: Mapped[str] = mapped_column(String(32))
    ontvanger_sleutel: Mapped[str | None] = mapped_column(String(20))
    reden: Mapped[str] = mapped_column(String(200))
    tijd: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
