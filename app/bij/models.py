from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime


class BijMelding(Base):
    """A BIJ-melding (or art. 18b Pbw risk notice) about a detentie, as DJI posted it.

    Who received it is decided once, when it is made, and kept in `ontvangers`: a later change of mandate
    routes later meldingen elsewhere but leaves this one with the recipients it had.
    """

    __tablename__ = "bij_meldingen"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    detentie_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("detenties.id", ondelete="CASCADE"), index=True)
    # The DJI partner that made it (the bronhouder).
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"), index=True)
    # Keyed pseudonym of the person's BSN, for the verwerkingenlog.
    bsn_pseudoniem: Mapped[str] = mapped_column(String(64), index=True)
    soort: Mapped[str] = mapped_column(String(20))
    delict_categorie: Mapped[str] = mapped_column(String(10))
    delict_omschrijving: Mapped[str] = mapped_column(String(2000))
    straat: Mapped[str] = mapped_column(String(200))
    huisnummer: Mapped[str] = mapped_column(String(20))
    postcode: Mapped[str] = mapped_column(String(7))
    woonplaats: Mapped[str] = mapped_column(String(200))
    # The gemeente of the verblijfadres: what the melding is routed by (not the BRP registration).
    gemeentecode: Mapped[str] = mapped_column(String(4), index=True)
    periode_van: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    periode_tot: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # [{"soort": ..., "omschrijving": ...}]
    voorwaarden: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # Intended recipients that could not be reached when it was made: [{"rol", "sleutel", "reden"}].
    onbestelbaar: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    ontvangers: Mapped[list[BijOntvanger]] = relationship(
        back_populates="melding", lazy="selectin", cascade="all, delete-orphan", order_by="BijOntvanger.rol"
    )

    @property
    def ontvanger_ids(self) -> frozenset[uuid.UUID]:
        return frozenset(o.partner_id for o in self.ontvangers)


class BijOntvanger(Base):
    """A partner a BIJ-melding was routed to when it was made (bij_gemandateerde or politie)."""

    __tablename__ = "bij_ontvangers"

    melding_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("bij_meldingen.id", ondelete="CASCADE"), primary_key=True
    )
    partner_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    rol: Mapped[str] = mapped_column(String(32))

    melding: Mapped[BijMelding] = relationship(back_populates="ontvangers", lazy="raise")
