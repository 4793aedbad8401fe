from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import Field, ValidationInfo, field_validator

from app.consent.categorieen import OntvangerSoort
from app.schemas.common import RECENT, ApiModel, RecentDateTime, RequestModel, UtcDateTime


class ToestemmingCategorie(StrEnum):
    """The categories a detainee can consent to (app.consent.categorieen.TOESTEMMING_CATEGORIEEN)."""

    IDENTITEITSBEWIJS = "identiteitsbewijs"
    ONDERDAK = "onderdak"
    WERK_INKOMEN = "werk_inkomen"
    SCHULDEN = "schulden"
    ZORG = "zorg"
    ZORG_TOELICHTING = "zorg_toelichting"
    SOCIAAL_NETWERK = "sociaal_netwerk"
    KINDEREN_MANTELZORG = "kinderen_mantelzorg"


def _uniek(values: list[StrEnum]) -> None:
    if len(set(values)) != len(values):
        raise ValueError("bevat dubbele waarden")


class ToestemmingCreate(RequestModel):
    """The complete current statement: it replaces the previous one. An empty `categorieen` withdraws
    all consent."""

    verklaard_op: RecentDateTime = Field(
        description=f"Wanneer de gedetineerde de verklaring aflegde. {RECENT}"
    )
    categorieen: list[ToestemmingCategorie] = Field(max_length=len(ToestemmingCategorie))
    ontvangers: list[OntvangerSoort] = Field(max_length=len(OntvangerSoort))

    @field_validator("categorieen")
    @classmethod
    def _categorieen_uniek(cls, value: list[ToestemmingCategorie]) -> list[ToestemmingCategorie]:
        _uniek(list(value))
        return value

    @field_validator("ontvangers")
    @classmethod
    def _ontvangers(cls, value: list[OntvangerSoort], info: ValidationInfo) -> list[OntvangerSoort]:
        _uniek(list(value))
        if info.data.get("categorieen") and not value:
            raise ValueError("noem minstens één ontvanger voor de categorieën")
        return value


class ToestemmingOut(ApiModel):
    id: uuid.UUID
    volgnummer: int
    verklaard_op: UtcDateTime
    geregistreerd_op: UtcDateTime = Field(description="Vanaf dit moment geldt de verklaring")
    categorieen: list[ToestemmingCategorie]
    ontvangers: list[OntvangerSoort]
    intrekking: bool = Field(description="true: alle toestemming ingetrokken (lege categorieën)")


class ToestemmingenOut(ApiModel):
    toestemmingen: list[ToestemmingOut]
