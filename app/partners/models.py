from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime


class Partner(Base):
    __tablename__ = "partners"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    naam: Mapped[str] = mapped_column(String(200), unique=True)
    rol: Mapped[str] = mapped_column(String(32), index=True)
    oin: Mapped[str | None] = mapped_column(String(20))
    # gemeente: its CBS code (one partner per gemeente).
    gemeentecode: Mapped[str | None] = mapped_column(String(4), unique=True)
    aangesloten: Mapped[bool] = mapped_column(Boolean, default=False)
    aangesloten_sinds: Mapped[dt.date | None] = mapped_column(Date)
    # reclassering: RN | SVG | LJR.
    organisatie: Mapped[str | None] = mapped_column(String(8))
    actief: Mapped[bool] = mapped_column(Boolean, default=True)
    # The feed counter: the last sequence handed out to this partner. Incrementing it row-locks the
    # partner, which is what keeps concurrent writers from committing sequence n+1 before n.
    laatste_sequence: Mapped[int] = mapped_column(Integer, default=0)
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    gewijzigd_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    # Loaded only where asked for (app.partners.repository `with_codes`): routing, which reads partners on
    # every write, needs neither list.
    inrichtingen: Mapped[list[PartnerInrichting]] = relationship(
        back_populates="partner",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="PartnerInrichting.code",
    )
    bij_mandaten: Mapped[list[BijMandaat]] = relationship(
        back_populates="partner",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="BijMandaat.gemeentecode",
    )
    clients: Mapped[list[Client]] = relationship(back_populates="partner", lazy="raise")

    @property
    def inrichting_codes(self) -> frozenset[str]:
        return frozenset(i.code for i in self.inrichtingen)

    @property
    def bij_gemeentecodes(self) -> frozenset[str]:
        return frozenset(m.gemeentecode for m in self.bij_mandaten)


class PartnerInrichting(Base):
    """An inrichting (PI) a DJI partner speaks for. An inrichting code is known iff some partner has it."""

    __tablename__ = "partner_inrichtingen"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    partner: Mapped[Partner] = relationship(back_populates="inrichtingen", lazy="raise")


class BijMandaat(Base):
    """A burgemeester's mandate for BIJ-meldingen about one gemeente, held by a bij_gemandateerde."""

    __tablename__ = "bij_mandaten"

    gemeentecode: Mapped[str] = mapped_column(String(4), primary_key=True)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    sinds: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    partner: Mapped[Partner] = relationship(back_populates="bij_mandaten", lazy="raise")


class Client(Base):
    """An OAuth2 client of a partner. Only a hash of the secret is kept."""

    __tablename__ = "clients"
    __table_args__ = (UniqueConstraint("client_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(128))
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    geroteerd_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ingetrokken_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    partner: Mapped[Partner] = relationship(back_populates="clients", lazy="raise")
