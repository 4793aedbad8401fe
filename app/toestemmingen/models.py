from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class Toestemming(Base):
    """One consent statement as registered. Append-only: a change or withdrawal is a new row.

    It governs from `geregistreerd_op` (when this service learnt of it) until the next statement;
    `verklaard_op` is when the detainee made it, kept as recorded data.
    """

    __tablename__ = "toestemmingen"
    __table_args__ = (UniqueConstraint("detentie_id", "volgnummer"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    detentie_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("detenties.id", ondelete="CASCADE"), index=True)
    volgnummer: Mapped[int] = mapped_column(Integer)
    verklaard_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    geregistreerd_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Category enum values; empty = withdrawal of everything.
    categorieen: Mapped[list[str]] = mapped_column(JSON)
    # OntvangerSoort values: to which kind of recipient the categories may go.
    ontvangers: Mapped[list[str]] = mapped_column(JSON)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"))
    client_id: Mapped[str] = mapped_column(String(100))
