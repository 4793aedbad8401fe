"""BIJ-meldingen (DESIGN §5) and BIJ mandates (beheer)."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field, ValidationInfo, field_validator
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import postcode as stdnum_postcode

from app.rollen import Rol
from app.schemas.common import (
    ApiModel,
    Gemeentecode,
    RecentDateTime,
    RequestModel,
    UtcDateTime,
    date_time_within,
    utc_z,
)
from app.schemas.detenties import PersoonOut, Verstrekking


class BijSoort(StrEnum):
    VERLOF = "verlof"
    EINDE_DETENTIE = "einde_detentie"
    OVERPLAATSING = "overplaatsing"
    RISICO_18B = "risico_18b"  # art. 18b Pbw: real risk of a new serious violent or sexual offence


class DelictCategorie(StrEnum):
    GEWELD = "geweld"
    ZEDEN = "zeden"


class VoorwaardeSoort(StrEnum):
    CONTACTVERBOD = "contactverbod"
    LOCATIEVERBOD = "locatieverbod"
    LOCATIEGEBOD = "locatiegebod"
    MELDPLICHT = "meldplicht"
    ELEKTRONISCH_TOEZICHT = "elektronisch_toezicht"


def _check_postcode(value: str) -> str:
    # The message does not repeat the value: together with the address it is personal data.
    try:
        return str(stdnum_postcode.validate(value))
    except StdnumError:
        raise ValueError("geen geldige Nederlandse postcode (4 cijfers en 2 letters, bv. 8911 AA)") from None


Postcode = Annotated[
    str,
    Field(min_length=6, max_length=10, description="Nederlandse postcode", examples=["8911 AA"]),
    AfterValidator(_check_postcode),
]
Tekst = Annotated[
    str, Field(min_length=1, max_length=2000, description="Vrije tekst; regelovergang en tab toegestaan")
]
# The end of a period may lie further ahead than its start (conditions that run for years).
PeriodeTot = Annotated[
    AwareDatetime,
    date_time_within(10, 10),
    utc_z(),
    Field(
        description="ISO 8601-tijdstip met tijdzone (offset of Z); van 10 jaar geleden tot 10 jaar vooruit, "
        "niet voor periode.van"
    ),
]


class DelictIn(RequestModel):
    free_text = frozenset({"omschrijving"})

    categorie: DelictCategorie
    omschrijving: Tekst


class VerblijfadresIn(RequestModel):
    straat: str = Field(min_length=1, max_length=200)
    huisnummer: str = Field(
        min_length=1, max_length=20, pattern=r"^[1-9][0-9]{0,4}[ -]?[A-Za-z0-9]{0,6}$", examples=["12a"]
    )
    postcode: Postcode
    woonplaats: str = Field(min_length=1, max_length=200)
    gemeentecode: Gemeentecode = Field(
        description="CBS-code van de gemeente van het adres; bepaalt de routering"
    )


class PeriodeIn(RequestModel):
    van: RecentDateTime
    tot: PeriodeTot | None = None

    @field_validator("tot")
    @classmethod
    def _niet_voor_van(cls, value: dt.datetime | None, info: ValidationInfo) -> dt.datetime | None:
        van = info.data.get("van")
        if value is not None and isinstance(van, dt.datetime) and value < van:
            raise ValueError("ligt voor periode.van")
        return value


class VoorwaardeIn(RequestModel):
    free_text = frozenset({"omschrijving"})

    soort: VoorwaardeSoort
    omschrijving: str | None = Field(
        default=None, max_length=2000, description="Vrije tekst; regelovergang en tab toegestaan"
    )


class BijMeldingCreate(RequestModel):
    detentie_id: uuid.UUID = Field(description="Een detentie in een eigen inrichting")
    soort: BijSoort
    delict: DelictIn
    verblijfadres: VerblijfadresIn
    periode: PeriodeIn
    voorwaarden: list[VoorwaardeIn] = Field(default_factory=list, max_length=50)


class DelictOut(ApiModel):
    categorie: DelictCategorie
    omschrijving: str


class VerblijfadresOut(ApiModel):
    straat: str
    huisnummer: str
    postcode: str
    woonplaats: str
    gemeentecode: str


class PeriodeOut(ApiModel):
    van: UtcDateTime
    tot: UtcDateTime | None


class VoorwaardeOut(ApiModel):
    soort: VoorwaardeSoort
    omschrijving: str | None = None


class BijOntvangerOut(ApiModel):
    naam: str
    rol: Rol


class BijOnbestelbaarOut(ApiModel):
    rol: Rol
    gemeentecode: str | None
    reden: str


class BijMeldingOut(ApiModel):
    """A BIJ-melding as the reader may see it: withheld categories are absent, not null.

    `ontvangers` and `onbestelbaar` are shown to the DJI partner that made it only."""

    id: uuid.UUID
    detentie_id: uuid.UUID
    soort: BijSoort | None = None
    persoon: PersoonOut | None = None
    delict: DelictOut | None = None
    verblijfadres: VerblijfadresOut | None = None
    periode: PeriodeOut | None = None
    voorwaarden: list[VoorwaardeOut] | None = None
    ontvangers: list[BijOntvangerOut] | None = None
    onbestelbaar: list[BijOnbestelbaarOut] | None = None
    verstrekking: Verstrekking | None = None
    aangemaakt_op: UtcDateTime | None = None


class MandaatIn(RequestModel):
    partner_id: uuid.UUID = Field(description="Een actieve partner met rol bij_gemandateerde")


class MandaatOut(ApiModel):
    gemeentecode: str
    gemeentenaam: str | None = Field(description="Naam volgens de CBS-lijst; null voor een code daarbuiten")
    partner_id: uuid.UUID
    partner_naam: str
    sinds: UtcDateTime


class MandaatList(ApiModel):
    mandaten: list[MandaatOut]
