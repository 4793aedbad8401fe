from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime


class Informatieblad(Base):
    """A version of the informatieblad for one gemeente.

    `categorieen` is the snapshot taken when the version was made: {categorie: grondslag} of the screening
    categories the gemeente could see then. A read shows those categories of the intake, narrowed by the
    decision at the moment of the read, so a withdrawal also takes effect for older versions.
    """

    __tablename__ = "informatiebladen"
    __table_args__ = (UniqueConstraint("detentie_id", "gemeentecode", "versie"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    detentie_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("detenties.id", ondelete="CASCADE"), index=True)
    gemeentecode: Mapped[str] = mapped_column(String(4))
    versie: Mapped[int] = mapped_column(Integer)
    intake_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("intakes.id", ondelete="CASCADE"), index=True)
    categorieen: Mapped[dict[str, str]] = mapped_column(JSON)
    # What caused the version: intake | toestemming.
    aanleiding: Mapped[str] = mapped_column(String(20))
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)
