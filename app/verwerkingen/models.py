from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class Verwerking(Base):
    """One disclosure. Written in the transaction of the disclosure, unsealed; the sealer
    (app.verwerkingen.service.seal) then gives it its place in the chain: `volgnummer`, and a `hash` over
    its content and the hash of the row before. Never updated after that, never deleted."""

    __tablename__ = "verwerkingen"
    __table_args__ = (
        # What the sealer looks for: a small index, since rows leave it within seconds.
        Index(
            "ix_verwerkingen_onverzegeld",
            "write_order",
            postgresql_where=text("volgnummer IS NULL"),
            sqlite_where=text("volgnummer IS NULL"),
        ),
    )

    # The order rows were written in; the sealer follows it.
    write_order: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    volgnummer: Mapped[int | None] = mapped_column(Integer, unique=True)
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
    # Both None until sealed.
    vorige_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class VerwerkingenKeten(Base):
    """The head of the chain (a single row). Only the sealer locks it: the chain stays linear with any
    number of sealers, and the last hash cannot be dropped without this row disagreeing."""

    __tablename__ = "verwerkingen_keten"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    laatste_volgnummer: Mapped[int] = mapped_column(Integer)
    laatste_hash: Mapped[str] = mapped_column(String(64))
