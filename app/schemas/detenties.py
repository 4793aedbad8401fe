from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator
from stdnum.nl import bsn as stdnum_bsn

from app.schemas.casemanager import Casemanager
from app.schemas.common import (
    CALENDAR,
    ApiModel,
    CalendarDate,
    Geboortedatum,
    Gemeentecode,
    Inrichtingcode,
    RecentDateTime,
    RequestModel,
    UtcDateTime,
)


def _check_bsn(value: str) -> str:
    # The message never repeats the value: a BSN must not end up in an error body or a log.
    if not (len(value) == 9 and value.isdigit() and stdnum_bsn.is_valid(value)):
        raise ValueError("geen geldig BSN (9 cijfers, elfproef)")
    return value


Bsn = Annotated[
    str, Field(description="Burgerservicenummer; 9 cijfers, elfproef"), AfterValidator(_check_bsn)
]


def _check_geslachtsnaam(value: str) -> str:
    # "." is how the BRP marks an unknown geslachtsnaam; the melding must still go out (art. 51c).
    if value != "." and not any(ch.isalpha() for ch in value):
        raise ValueError("bevat geen letter (een onbekende geslachtsnaam is precies '.')")
    return value


Geslachtsnaam = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        description="Bevat minstens één letter, of is precies '.' (onbekende geslachtsnaam volgens de BRP)",
    ),
    AfterValidator(_check_geslachtsnaam),
]
Voornamen = Annotated[str, Field(max_length=200, description="Leeg als de persoon geen voornamen heeft")]
Voorvoegsel = Annotated[str, Field(max_length=20)]
VERWACHTE_EINDDATUM = f"{CALENDAR}; niet voor de begindatum"


class Titel(StrEnum):
    VOORLOPIGE_HECHTENIS = "voorlopige_hechtenis"
    VRIJHEIDSSTRAF = "vrijheidsstraf"
    VERVANGENDE_HECHTENIS = "vervangende_hechtenis"
    GIJZELING = "gijzeling"
    ISD_MAATREGEL = "isd_maatregel"
    TBS = "tbs"
    PIJ = "pij"


class Instroom(StrEnum):
    PREVENTIEF = "preventief"
    ZELFMELDER = "zelfmelder"
    ARRESTANT = "arrestant"
    OVERIG = "overig"


class EindeReden(StrEnum):
    EINDE_STRAF = "einde_straf"
    VOORWAARDELIJKE_INVRIJHEIDSTELLING = "voorwaardelijke_invrijheidstelling"
    SCHORSING = "schorsing"
    OPHEFFING_VOORLOPIGE_HECHTENIS = "opheffing_voorlopige_hechtenis"
    OVERDRACHT = "overdracht"
    OVERLIJDEN = "overlijden"
    ONTTREKKING = "onttrekking"
    OVERIG = "overig"


class PersoonIn(RequestModel):
    bsn: Bsn
    geslachtsnaam: Geslachtsnaam
    voorvoegsel: Voorvoegsel | None = None
    voornamen: Voornamen
    geboortedatum: Geboortedatum


class DetentieCreate(RequestModel):
    bron_id: str = Field(min_length=1, max_length=100, description="DJI's eigen id; idempotentiesleutel")
    persoon: PersoonIn
    inrichting: Inrichtingcode
    titel: Titel
    instroom: Instroom
    begindatum: RecentDateTime
    verwachte_einddatum: CalendarDate | None = Field(default=None, description=VERWACHTE_EINDDATUM)
    gemeente_van_inschrijving: Gemeentecode | None = Field(description="null als onbekend")
    gemeente_van_hervestiging: Gemeentecode | None = None

    @field_validator("verwachte_einddatum")
    @classmethod
    def _na_begin(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        begin = info.data.get("begindatum")
        if value is not None and isinstance(begin, dt.datetime) and value < begin.date():
            raise ValueError("ligt voor de begindatum")
        return value


class PersoonPatch(RequestModel):
    geslachtsnaam: Geslachtsnaam | None = None
    voorvoegsel: Voorvoegsel | None = None
    voornamen: Voornamen | None = None
    geboortedatum: Geboortedatum | None = None

    @field_validator("geslachtsnaam", "voornamen", "geboortedatum")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("mag niet leeg worden gemaakt")
        return value


class DetentiePatch(RequestModel):
    """JSON merge patch (RFC 7396): absent = unchanged, null = cleared (where a field may be empty)."""

    verwachte_einddatum: CalendarDate | None = Field(default=None, description=VERWACHTE_EINDDATUM)
    inrichting: Inrichtingcode | None = None
    titel: Titel | None = None
    instroom: Instroom | None = None
    gemeente_van_inschrijving: Gemeentecode | None = None
    gemeente_van_hervestiging: Gemeentecode | None = None
    persoon: PersoonPatch | None = None

    @field_validator("inrichting", "titel", "instroom", "persoon")
    @classmethod
    def _not_null(cls, value: object) -> object:
        # Runs only for properties present in the body: `null` here would clear a required field.
        if value is None:
            raise ValueError("mag niet leeg worden gemaakt")
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> DetentiePatch:
        if not self.model_fields_set:
            raise ValueError("lege patch: geef minstens één veld")
        return self


class OverplaatsingCreate(RequestModel):
    naar_inrichting: Inrichtingcode
    datum: RecentDateTime


class EindeCreate(RequestModel):
    einddatum: RecentDateTime
    reden: EindeReden
    gemeente_na_ontslag: Gemeentecode | None = None


class PersoonOut(ApiModel):
    bsn: str | None
    geslachtsnaam: str | None
    voorvoegsel: str | None
    voornamen: str | None
    geboortedatum: dt.date | None


class Termijnen(ApiModel):
    screening_uiterlijk: dt.date = Field(description="begin + 10 werkdagen (feestdagen uitgezonderd)")
    dr_plan_uiterlijk: dt.date = Field(description="begin + 4 weken")


class EindeOut(ApiModel):
    einddatum: UtcDateTime
    reden: EindeReden | None = None
    gemeente_na_ontslag: str | None = None


class OverplaatsingOut(ApiModel):
    id: uuid.UUID
    van_inrichting: str
    naar_inrichting: str
    datum: UtcDateTime


class Verstrekking(ApiModel):
    """Which categories were disclosed to the reader, each with its grondslag. Absent for the bronhouder."""

    tijdstip: UtcDateTime
    grondslagen: dict[str, str]


class DetentieOut(ApiModel):
    """A detentie as the reader may see it: withheld categories are absent, not null."""

    id: uuid.UUID
    bron_id: str | None = None
    persoon: PersoonOut | None = None
    inrichting: str | None = None
    titel: Titel | None = None
    instroom: Instroom | None = None
    begindatum: UtcDateTime | None = None
    verwachte_einddatum: dt.date | None = None
    gemeente_van_inschrijving: str | None = None
    gemeente_van_hervestiging: str | None = None
    status: str | None = None
    einde: EindeOut | None = None
    overplaatsingen: list[OverplaatsingOut] | None = None
    termijnen: Termijnen | None = None
    casemanager: Casemanager | None = Field(default=None, description="Contact uit de nieuwste intake")
    verstrekking: Verstrekking | None = None
    aangemaakt_op: UtcDateTime | None = None
    gewijzigd_op: UtcDateTime | None = None
