from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from app.bij import service
from app.deps import DjiDep, PersoonsgegevensLezerDep, ReadContextDep, ReadSessionDep, SessionDep, SettingsDep
from app.schemas.bij import BijMeldingCreate, BijMeldingOut

router = APIRouter(prefix="/api/v1/bij-meldingen", tags=["bij-meldingen"])


@router.post(
    "",
    status_code=201,
    summary="BIJ-melding of art. 18b Pbw-risicomelding (TULP-selectie)",
    description=(
        "Gerouteerd naar de BIJ-gemandateerde met mandaat voor de gemeente van het verblijfadres en naar "
        "de politie (Landelijke Eenheid); het antwoord noemt die ontvangers. Zonder mandaathouder wordt de "
        "melding aanvaard en als onbestelbaar vastgelegd voor beheer."
    ),
    response_model=BijMeldingOut,
    response_model_exclude_unset=True,
)
def create_melding(
    body: BijMeldingCreate,
    principal: DjiDep,
    session: SessionDep,
    settings: SettingsDep,
    reading: ReadContextDep,
    response: Response,
) -> BijMeldingOut:
    melding = service.create_melding(session, principal, body, reading.moment, settings.sb_datum)
    response.headers["Location"] = f"/api/v1/bij-meldingen/{melding.id}"
    return service.show(session, reading, melding.id)


@router.get(
    "/{melding_id}",
    summary="Een BIJ-melding, alleen voor haar ontvangers (gemandateerde, politie)",
    response_model=BijMeldingOut,
    response_model_exclude_unset=True,
)
def read(
    melding_id: uuid.UUID, _: PersoonsgegevensLezerDep, reading: ReadContextDep, session: ReadSessionDep
) -> BijMeldingOut:
    return service.show(session, reading, melding_id)
