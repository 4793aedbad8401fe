from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class IdempotencyRecord(Base):
    """A POST with an Idempotency-Key: claimed before it runs, holding its response once done."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("partner_id", "sleutel"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    sleutel: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_headers: Mapped[str | None] = mapped_column(String(4000))
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
