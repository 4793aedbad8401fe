from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class Reclasseringsopdracht(Base):
    """Reclassering organisation X holds an advies or toezicht assignment for the detentie, active on the
    Dutch calendar days van..tot inclusive (no tot: open-ended)."""

    __tablename__ = "reclasseringsopdrachten"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    detentie_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("detenties.id", ondelete="CASCADE"), index=True)
    organisatie: Mapped[str] = mapped_column(String(8))
    soort: Mapped[str] = mapped_column(String(20))
    van: Mapped[dt.date] = mapped_column(Date)
    tot: Mapped[dt.date | None] = mapped_column(Date)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"))
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)
