from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class Intake(Base):
    """One screening version. Never changed: a correction is a new version."""

    __tablename__ = "intakes"
    __table_args__ = (UniqueConstraint("detentie_id", "versie"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    detentie_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("detenties.id", ondelete="CASCADE"), index=True)
    versie: Mapped[int] = mapped_column(Integer)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"))
    afgenomen_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Per screening category (its enum value, e.g. "werk_inkomen") the data as posted, in its JSON form.
    # A category that was not screened is absent. Personal data: purged with the detentie.
    gegevens: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Contact of the PI casemanager (category `casemanager`).
    casemanager: Mapped[dict[str, Any]] = mapped_column(JSON)
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)
