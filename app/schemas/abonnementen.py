from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import Field

from app.consent.routing import EventType
from app.schemas.common import MAX_INTEGER, ApiModel, RequestModel, UtcDateTime


class AbonnementStatus(StrEnum):
    ACTIEF = "actief"
    UITGESCHAKELD = "uitgeschakeld"


class AbonnementCreate(RequestModel):
    callback_url: str = Field(
        min_length=1,
        max_length=2000,
        description="https-URL die de events ontvangt (POST, Standard Webhooks-ondertekend)",
        examples=["https://nazorg.gemeente.example/ketenmeldingen/webhook"],
    )
    typen: list[EventType] = Field(
        default_factory=list, max_length=len(EventType), description="Eventtypen; leeg = alle"
    )
    expand: bool = Field(
        default=False,
        description="Gefilterde representatie in `data` meesturen (een verstrekking, gelogd per poging)",
    )


class AbonnementOut(ApiModel):
    id: uuid.UUID
    callback_url: str
    typen: list[str]
    expand: bool
    status: AbonnementStatus
    afgeleverd_tot: int = Field(
        description="Laatste sequence die is afgeleverd (of door het filter overgeslagen)"
    )
    pogingen: int = Field(description="Mislukte pogingen op het event dat nu aan de beurt is")
    volgende_poging_op: UtcDateTime | None
    laatst_geslaagd_op: UtcDateTime | None
    uitgeschakeld_op: UtcDateTime | None
    reden: str | None = Field(description="Waarom het abonnement is uitgeschakeld")
    aangemaakt_op: UtcDateTime


class AbonnementCreated(AbonnementOut):
    secret: str = Field(
        description="Sleutel (whsec_...) om de webhook-signature te controleren; wordt alleen nu getoond"
    )


class AbonnementList(ApiModel):
    abonnementen: list[AbonnementOut]


class Herstart(RequestModel):
    vanaf_sequence: int | None = Field(
        default=None,
        ge=1,
        le=MAX_INTEGER,
        description="Eerste sequence om (opnieuw) af te leveren; leeg = waar het stokte",
    )


class AfleveringOut(ApiModel):
    id: int
    event_id: uuid.UUID
    sequence: int
    poging: int
    tijd: UtcDateTime
    statuscode: int | None
    duur_ms: int
    fout: str | None
    geslaagd: bool


class AfleveringList(ApiModel):
    afleveringen: list[AfleveringOut]


class BeheerAbonnementOut(AbonnementOut):
    partner_id: uuid.UUID
    partner_naam: str
    laatste_sequence: int = Field(description="Nieuwste sequence in de feed van de partner")


class BeheerAbonnementList(ApiModel):
    abonnementen: list[BeheerAbonnementOut]
