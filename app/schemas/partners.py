from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, Field, model_validator

from app.rollen import ReclasseringOrganisatie, Rol
from app.schemas.common import ApiModel, Gemeentecode, Inrichtingcode, RequestModel, UtcDateTime

Oin = str


class PartnerCreate(RequestModel):
    naam: str = Field(min_length=1, max_length=200)
    rol: Rol
    oin: Oin | None = Field(default=None, pattern=r"^[0-9]{20}$")
    gemeentecode: Gemeentecode | None = None
    aangesloten: bool = False
    aangesloten_sinds: dt.date | None = None
    organisatie: ReclasseringOrganisatie | None = None
    inrichtingen: list[Inrichtingcode] = Field(default_factory=list, max_length=100)
    bij_gemeentecodes: list[Gemeentecode] = Field(default_factory=list, max_length=400)

    @model_validator(mode="after")
    def _attributes_fit_role(self) -> PartnerCreate:
        _check_role_attributes(
            self.rol,
            self.gemeentecode,
            self.organisatie,
            self.inrichtingen,
            self.bij_gemeentecodes,
            self.aangesloten,
        )
        return self


class PartnerUpdate(RequestModel):
    naam: str | None = Field(default=None, min_length=1, max_length=200)
    oin: Oin | None = Field(default=None, pattern=r"^[0-9]{20}$")
    aangesloten: bool | None = None
    aangesloten_sinds: dt.date | None = None
    actief: bool | None = None
    inrichtingen: list[Inrichtingcode] | None = Field(default=None, max_length=100)
    bij_gemeentecodes: list[Gemeentecode] | None = Field(default=None, max_length=400)


def _check_role_attributes(
    rol: Rol,
    gemeentecode: str | None,
    organisatie: object,
    inrichtingen: list[str],
    bij_gemeentecodes: list[str],
    aangesloten: bool,
) -> None:
    if (rol == Rol.GEMEENTE) != (gemeentecode is not None):
        raise ValueError("gemeentecode is verplicht voor rol gemeente en alleen daar toegestaan")
    if (rol == Rol.RECLASSERING) != (organisatie is not None):
        raise ValueError("organisatie is verplicht voor rol reclassering en alleen daar toegestaan")
    if inrichtingen and rol != Rol.DJI:
        raise ValueError("inrichtingen horen alleen bij rol dji")
    if bij_gemeentecodes and rol != Rol.BIJ_GEMANDATEERDE:
        raise ValueError("bijGemeentecodes horen alleen bij rol bij_gemandateerde")
    if aangesloten and rol != Rol.GEMEENTE:
        raise ValueError("aangesloten geldt alleen voor rol gemeente")


class FeedStand(ApiModel):
    laatste_sequence: int
    gelezen_tot: int
    achterstand: int = Field(description="Events in the feed after what the partner last asked for")
    laatst_gelezen_op: UtcDateTime | None


class PartnerOut(ApiModel):
    id: uuid.UUID
    naam: str
    rol: Rol
    oin: str | None
    gemeentecode: str | None
    aangesloten: bool
    aangesloten_sinds: dt.date | None
    organisatie: str | None
    actief: bool
    inrichtingen: list[str]
    bij_gemeentecodes: list[str]
    feed: FeedStand
    aangemaakt_op: UtcDateTime
    gewijzigd_op: UtcDateTime


class PartnerList(ApiModel):
    partners: list[PartnerOut]


class ClientCreated(ApiModel):
    client_id: str
    client_secret: str = Field(description="Wordt alleen nu getoond; bewaar het veilig.")
    aangemaakt_op: UtcDateTime


class ClientCreate(RequestModel):
    client_id: str | None = Field(
        default=None, min_length=3, max_length=100, pattern=r"^[a-z0-9][a-z0-9._-]*$"
    )


class ClientOut(ApiModel):
    client_id: str
    aangemaakt_op: UtcDateTime
    geroteerd_op: UtcDateTime | None
    ingetrokken_op: UtcDateTime | None


class ClientList(ApiModel):
    clients: list[ClientOut]


class TokenResponse(BaseModel):
    """RFC 6749 §5.1: snake_case by that standard, not ours."""

    access_token: str
    token_type: str
    expires_in: int
    scope: str
