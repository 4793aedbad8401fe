from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime
from app.schemas.abonnementen import AbonnementStatus


class Abonnement(Base):
    """A partner's webhook subscription and its delivery state (Open Notificaties style: all in rows).

    The cursor `afgeleverd_tot` is the last sequence of the partner's events that was delivered (or skipped
    by the type filter). Exactly one worker at a time owns a subscription, through the lease
    (`lease_token` until `geclaimd_tot`); only the owner of the current lease may move the cursor.
    """

    __tablename__ = "abonnementen"
    __table_args__ = (Index("ix_abonnementen_status_volgende_poging_op", "status", "volgende_poging_op"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    callback_url: Mapped[str] = mapped_column(String(2000))
    # Event types to deliver; empty = all.
    typen: Mapped[list[str]] = mapped_column(JSON)
    expand: Mapped[bool] = mapped_column(Boolean, default=False)
    # The Standard Webhooks signing key (whsec_...). Needed to sign, so stored as is: it is a shared
    # HMAC key, not a password.
    secret: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default=AbonnementStatus.ACTIEF)
    afgeleverd_tot: Mapped[int] = mapped_column(Integer, default=0)
    volgende_poging_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Failed attempts on the event at the cursor (reset when it is delivered).
    pogingen: Mapped[int] = mapped_column(Integer, default=0)
    geclaimd_door: Mapped[str | None] = mapped_column(String(100))
    lease_token: Mapped[uuid.UUID | None] = mapped_column()
    geclaimd_tot: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Running totals for /metrics (counted here so a scrape does not scan every attempt).
    aantal_geslaagd: Mapped[int] = mapped_column(Integer, default=0)
    aantal_mislukt: Mapped[int] = mapped_column(Integer, default=0)
    laatst_geslaagd_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    uitgeschakeld_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reden: Mapped[str | None] = mapped_column(String(300))
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    gewijzigd_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Aflevering(Base):
    """One delivery attempt of one event to one subscription. Append-only."""

    __tablename__ = "afleveringen"
    __table_args__ = (Index("ix_afleveringen_abonnement_id_tijd", "abonnement_id", "tijd"),)

    # Increasing: orders attempts that share a timestamp.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    abonnement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("abonnementen.id", ondelete="CASCADE"))
    # Not a foreign key: the attempt history outlives purged events.
    event_id: Mapped[uuid.UUID] = mapped_column()
    sequence: Mapped[int] = mapped_column(Integer)
    poging: Mapped[int] = mapped_column(Integer)
    tijd: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    statuscode: Mapped[int | None] = mapped_column(Integer)
    duur_ms: Mapped[int] = mapped_column(Integer)
    fout: Mapped[str | None] = mapped_column(String(300))
    geslaagd: Mapped[bool] = mapped_column(Boolean)
    worker: Mapped[str] = mapped_column(String(100))
