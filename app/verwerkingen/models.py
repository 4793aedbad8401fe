from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class Verwerking(Base):
    """One disclosure. Never updated or deleted; `hash` chains it to the row before (`volgnummer` - 1)."""

    __tablename__ = "verwerkingen"

    volgnummer: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    tijd: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    partner_id: Mapped[uuid.UUID] = mapped_column(index=True)
    partner_naam: Mapped[str] = mapped_column(String(200))
    rol: Mapped[str] = mapped_column(String(32))
    client_id: Mapped[str] = mapped_column(String(100))
    kanaal: Mapped[str] = mapped_column(String(20))  # api | feed | webhook
    object_soort: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[uuid.UUID] = mapped_column(index=True)
    # Keyed pseudonym (HMAC) of the BSN: lets the privacy officer find a person's rows without the log
    # holding the BSN, and survives the purge of the personal data.
    bsn_pseudoniem: Mapped[str] = mapped_column(String(64), index=True)
    # {categorie: {"grondslag": ..., "doel": ...}} for every category disclosed.
    categorieen: Mapped[dict[str, Any]] = mapped_column(JSON)
    trace_id: Mapped[str | None] = mapped_column(String(32))
    vorige_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class VerwerkingenKeten(Base):
    """The head of the chain (a single row). Appending row-locks it: the chain stays linear under
    concurrent writers, and the last hash cannot be dropped without this row disagreeing."""

    __tablename__ = "verwerkingen_keten"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    laatste_volgnummer: Mapped[int] = mapped_column(Integer)
    laatste_hash: Mapped[str] = mapped_column(String(64))
