from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from pydantic import Field, ValidationInfo, field_validator

from app.rollen import ReclasseringOrganisatie
from app.schemas.common import CALENDAR, ApiModel, CalendarDate, RequestModel, UtcDateTime
from app.schemas.detenties import Verstrekking
from app.schemas.intakes import Screening


class OpdrachtSoort(StrEnum):
    ADVIES = "advies"
    TOEZICHT = "toezicht"


class OpdrachtCreate(RequestModel):
    organisatie: ReclasseringOrganisatie
    soort: OpdrachtSoort
    van: CalendarDate = Field(description=f"{CALENDAR}; eerste dag van de opdracht")
    tot: CalendarDate | None = Field(default=None, description=f"{CALENDAR}; laatste dag, niet voor van")

    @field_validator("tot")
    @classmethod
    def _na_van(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        van = info.data.get("van")
        if value is not None and isinstance(van, dt.date) and value < van:
            raise ValueError("ligt voor van")
        return value


class OpdrachtOut(ApiModel):
    id: uuid.UUID
    detentie_id: uuid.UUID
    organisatie: ReclasseringOrganisatie
    soort: OpdrachtSoort
    van: dt.date
    tot: dt.date | None
    aangemaakt_op: UtcDateTime


class BasisvoorwaardenOut(Screening):
    """The latest screening as the reader may see it: withheld categories are absent (not null)."""

    detentie_id: uuid.UUID
    intake_id: uuid.UUID
    intake_versie: int
    afgenomen_op: UtcDateTime
    verstrekking: Verstrekking | None = None
