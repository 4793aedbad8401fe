from __future__ import annotations

import uuid

from pydantic import Field

from app.schemas.common import ApiModel, RequestModel, UtcDateTime
from app.schemas.detenties import Bsn


class PersoonVraag(RequestModel):
    """A question about one person. The BSN travels only in a body, never in a URL."""

    bsn: Bsn


class Ontvanger(ApiModel):
    partner_id: uuid.UUID
    naam: str
    rol: str


class VerstrekteCategorie(ApiModel):
    categorie: str
    grondslag: str
    doel: str
    beperking: str | None = None


class VerwerkingOut(ApiModel):
    volgnummer: int
    id: uuid.UUID
    tijd: UtcDateTime
    ontvanger: Ontvanger
    client_id: str
    kanaal: str
    object_soort: str
    object_id: uuid.UUID
    categorieen: list[VerstrekteCategorie]
    trace_id: str | None


class VerwerkingenOut(ApiModel):
    aantal: int
    verwerkingen: list[VerwerkingOut]


class InzageVerstrekking(ApiModel):
    ontvanger: str = Field(description="Naam van de ontvangende organisatie")
    rol: str
    categorieen: list[VerstrekteCategorie]
    tijd: UtcDateTime
    kanaal: str


class InzageOntvanger(ApiModel):
    ontvanger: str
    rol: str
    aantal: int
    eerste: UtcDateTime
    laatste: UtcDateTime


class InzageOut(ApiModel):
    """AVG art. 15 report: every disclosure about the person, oldest first."""

    opgesteld_op: UtcDateTime
    aantal_verstrekkingen: int
    ontvangers: list[InzageOntvanger]
    verstrekkingen: list[InzageVerstrekking]
