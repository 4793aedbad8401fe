from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.rollen import ReclasseringOrganisatie, Rol
from app.schemas.common import (
    CALENDAR,
    ApiModel,
    CalendarDate,
    Gemeentecode,
    Inrichtingcode,
    RequestModel,
    UtcDateTime,
)

Oin = str


class PartnerCreate(RequestModel):
    naam: str = Field(min_length=1, max_length=200)
    rol: Rol
    oin: Oin | None = Field(default=None, pattern=r"^[0-9]{20}$")
    # validate_default: the role checks below must also run when the attribute is absent.
    gemeentecode: Gemeentecode | None = Field(default=None, validate_default=True)
    aangesloten: bool = Field(default=False, validate_default=True)
    aangesloten_sinds: CalendarDate | None = Field(default=None, description=CALENDAR)
    organisatie: ReclasseringOrganisatie | None = Field(default=None, validate_default=True)
    inrichtingen: list[Inrichtingcode] = Field(default_factory=list, max_length=100, validate_default=True)
    bij_gemeentecodes: list[Gemeentecode] = Field(default_factory=list, max_length=400, validate_default=True)

    # Field validators rather than one model validator, so that invalidParams names the attribute.
    @field_validator("gemeentecode")
    @classmethod
    def _gemeentecode(cls, value: str | None, info: ValidationInfo) -> str | None:
        rol = info.data.get("rol")
        if rol == Rol.GEMEENTE and value is None:
            raise ValueError("verplicht voor rol gemeente")
        if rol not in (None, Rol.GEMEENTE) and value is not None:
            raise ValueError("alleen toegestaan voor rol gemeente")
        return value

    @field_validator("aangesloten")
    @classmethod
    def _aangesloten(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("rol") not in (None, Rol.GEMEENTE):
            raise ValueError("geldt alleen voor rol gemeente")
        return value

    @field_validator("organisatie")
    @classmethod
    def _organisatie(
        cls, value: ReclasseringOrganisatie | None, info: ValidationInfo
    ) -> ReclasseringOrganisatie | None:
        rol = info.data.get("rol")
        if rol == Rol.RECLASSERING and value is None:
            raise ValueError("verplicht voor rol reclassering")
        if rol not in (None, Rol.RECLASSERING) and value is not None:
            raise ValueError("alleen toegestaan voor rol reclassering")
        return value

    @field_validator("inrichtingen")
    @classmethod
    def _inrichtingen(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if value and info.data.get("rol") not in (None, Rol.DJI):
            raise ValueError("horen alleen bij rol dji")
        return value

    @field_validator("bij_gemeentecodes")
    @classmethod
    def _bij_gemeentecodes(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if value and info.data.get("rol") not in (None, Rol.BIJ_GEMANDATEERDE):
            raise ValueError("horen alleen bij rol bij_gemandateerde")
        return value


class PartnerUpdate(RequestModel):
    naam: str | None = Field(default=None, min_length=1, max_length=200)
    oin: Oin | None = Field(default=None, pattern=r"^[0-9]{20}$")
    gemeentecode: Gemeentecode | None = Field(default=None, description="Alleen rol gemeente (herindeling)")
    aangesloten: bool | None = None
    aangesloten_sinds: CalendarDate | None = Field(default=None, description=CALENDAR)
    actief: bool | None = None
    inrichtingen: list[Inrichtingcode] | None = Field(default=None, max_length=100)
    bij_gemeentecodes: list[Gemeentecode] | None = Field(default=None, max_length=400)

    @field_validator("naam", "gemeentecode", "aangesloten", "actief")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("mag niet leeg worden gemaakt")
        return value


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
