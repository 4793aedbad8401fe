from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime


class Detentie(Base):
    __tablename__ = "detenties"
    __table_args__ = (UniqueConstraint("partner_id", "bron_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # The DJI partner that posted it (the bronhouder).
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"), index=True)
    bron_id: Mapped[str] = mapped_column(String(100))
    # Fingerprint of the begin-melding as first posted: a repeat with the same bronId must match it.
    bron_hash: Mapped[str] = mapped_column(String(64))

    # Personal data. Purged after retention; bsn_pseudoniem (keyed HMAC) stays for the verwerkingenlog.
    bsn: Mapped[str | None] = mapped_column(String(9))
    bsn_pseudoniem: Mapped[str] = mapped_column(String(64), index=True)
    geslachtsnaam: Mapped[str | None] = mapped_column(String(200))
    voorvoegsel: Mapped[str | None] = mapped_column(String(20))
    voornamen: Mapped[str | None] = mapped_column(String(200))
    geboortedatum: Mapped[dt.date | None] = mapped_column(Date)

    inrichting: Mapped[str] = mapped_column(String(40))
    titel: Mapped[str] = mapped_column(String(40))
    instroom: Mapped[str] = mapped_column(String(20))
    begindatum: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    verwachte_einddatum: Mapped[dt.date | None] = mapped_column(Date)
    gemeente_van_inschrijving: Mapped[str | None] = mapped_column(String(4), index=True)
    gemeente_van_hervestiging: Mapped[str | None] = mapped_column(String(4), index=True)

    einddatum: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    einde_reden: Mapped[str | None] = mapped_column(String(40))
    gemeente_na_ontslag: Mapped[str | None] = mapped_column(String(4), index=True)

    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    gewijzigd_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    # Loaded with the detentie only where it is shown (app.detenties.repository.get `shown`).
    overplaatsingen: Mapped[list[Overplaatsing]] = relationship(
        back_populates="detentie", lazy="raise", order_by="Overplaatsing.datum"
    )

    @property
    def verantwoordelijke_gemeenten(self) -> frozenset[str]:
        """The gemeenten responsible for this person's re-integratie (DESIGN §6)."""
        codes = (self.gemeente_van_inschrijving, self.gemeente_van_hervestiging, self.gemeente_na_ontslag)
        return frozenset(c for c in codes if c)


class Overplaatsing(Base):
    __tablename__ = "overplaatsingen"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    detentie_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("detenties.id", ondelete="CASCADE"), index=True)
    van_inrichting: Mapped[str] = mapped_column(String(40))
    naar_inrichting: Mapped[str] = mapped_column(String(40))
    datum: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    detentie: Mapped[Detentie] = relationship(back_populates="overplaatsingen", lazy="raise")
