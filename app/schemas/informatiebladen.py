from __future__ import annotations

import uuid

from app.schemas.common import ApiModel, UtcDateTime
from app.schemas.detenties import Verstrekking
from app.schemas.intakes import Screening


class InformatiebladOut(Screening):
    """One version of a gemeente's informatieblad, filtered at the moment of reading: withheld categories
    are absent (not null)."""

    id: uuid.UUID
    detentie_id: uuid.UUID
    gemeentecode: str
    versie: int
    intake_versie: int
    afgenomen_op: UtcDateTime
    aangemaakt_op: UtcDateTime
    verstrekking: Verstrekking | None = None


class InformatiebladVersie(ApiModel):
    """A version in the list: no personal data; fetch `href` for the content."""

    id: uuid.UUID
    gemeentecode: str
    versie: int
    aanleiding: str
    aangemaakt_op: UtcDateTime
    href: str


class InformatiebladVersies(ApiModel):
    versies: list[InformatiebladVersie]
