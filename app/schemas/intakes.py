"""Intake (screening) payloads, DESIGN §5. The category parts are used for requests and responses alike."""

from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import Field, StrictBool

from app.schemas.casemanager import Casemanager, Deel
from app.schemas.common import ApiModel, CalendarDate, RecentDateTime, RequestModel, UtcDateTime


class Status(StrEnum):
    OP_ORDE = "op_orde"
    NIET_OP_ORDE = "niet_op_orde"
    ONBEKEND = "onbekend"


class IdSoort(StrEnum):
    ID_KAART = "id_kaart"
    PASPOORT = "paspoort"
    VREEMDELINGENDOCUMENT = "vreemdelingendocument"


class Woonsituatie(StrEnum):
    EIGEN_WONING = "eigen_woning"
    HUURWONING = "huurwoning"
    INWONEND = "inwonend"
    INSTELLING = "instelling"
    DAK_THUISLOOS = "dak_thuisloos"
    ONBEKEND = "onbekend"


class Inkomstenbron(StrEnum):
    LOONDIENST = "loondienst"
    ZELFSTANDIG = "zelfstandig"
    UITKERING = "uitkering"
    GEEN = "geen"
    ONBEKEND = "onbekend"


class Basisvoorwaarde(Deel):
    status: Status
    hulpvraag: StrictBool


class Identiteitsbewijs(Basisvoorwaarde):
    aanwezig: StrictBool | None = None
    soort: IdSoort | None = None
    geldig_tot: CalendarDate | None = Field(
        default=None, description="ISO 8601-datum (JJJJ-MM-DD) van 1900-01-01 tot en met 2100-12-31"
    )


class Onderdak(Basisvoorwaarde):
    woonsituatie: Woonsituatie | None = None
    briefadres_nodig: StrictBool | None = None
    woningzoekende: StrictBool | None = None


class WerkInkomen(Basisvoorwaarde):
    werk_voor_detentie: StrictBool | None = None
    inkomstenbron: Inkomstenbron | None = None
    uitkering_stopgezet: StrictBool | None = None


class Schulden(Basisvoorwaarde):
    schulden_bekend: StrictBool | None = None
    cjib_vorderingen: StrictBool | None = None
    schuldhulp_lopend: StrictBool | None = None


class Zorg(Basisvoorwaarde):
    zorgverzekering_opgeschort: StrictBool | None = None
    lopende_zorg: StrictBool | None = None


class SociaalNetwerk(Deel):
    hulpvraag: StrictBool


class KinderenMantelzorg(Deel):
    minderjarige_kinderen: StrictBool
    mantelzorger: StrictBool
    hulpvraag: StrictBool


class Screening(ApiModel):
    """The screening categories of DESIGN §7.1 (property = camelCase of the category's enum value).
    In a response a category the reader may not see is absent."""

    identiteitsbewijs: Identiteitsbewijs | None = None
    onderdak: Onderdak | None = None
    werk_inkomen: WerkInkomen | None = None
    schulden: Schulden | None = None
    zorg: Zorg | None = None
    zorg_toelichting: str | None = Field(default=None, description="Vrije tekst; gezondheidsgegevens")
    sociaal_netwerk: SociaalNetwerk | None = None
    kinderen_mantelzorg: KinderenMantelzorg | None = None


class IntakeCreate(RequestModel):
    free_text = frozenset({"zorg_toelichting"})

    afgenomen_op: RecentDateTime
    identiteitsbewijs: Identiteitsbewijs
    onderdak: Onderdak
    werk_inkomen: WerkInkomen
    schulden: Schulden
    zorg: Zorg
    zorg_toelichting: str | None = Field(
        default=None,
        min_length=1,
        max_length=4000,
        description="Vrije tekst; gezondheidsgegevens. Regelovergang en tab toegestaan",
    )
    sociaal_netwerk: SociaalNetwerk | None = None
    kinderen_mantelzorg: KinderenMantelzorg | None = None
    casemanager: Casemanager


class IntakeOut(Screening):
    """An intake as recorded (for the DJI partner that posted it)."""

    id: uuid.UUID
    detentie_id: uuid.UUID
    versie: int
    afgenomen_op: UtcDateTime
    casemanager: Casemanager
    aangemaakt_op: UtcDateTime
