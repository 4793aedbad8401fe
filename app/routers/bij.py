from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from app.bij import service
from app.deps import DjiDep, LezingDep, PersoonsgegevensLezerDep, ReadSessionDep, SessionDep, SettingsDep
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
def meld(
    body: BijMeldingCreate,
    principal: DjiDep,
    session: SessionDep,
    settings: SettingsDep,
    lezing: LezingDep,
    response: Response,
) -> BijMeldingOut:
    melding = service.meld(session, principal, body, lezing.moment, settings.sb_datum)
    response.headers["Location"] = f"/api/v1/bij-meldingen/{melding.id}"
    return service.toon(session, lezing, melding.id)


@router.get(
    "/{melding_id}",
    summary="Een BIJ-melding, alleen voor haar ontvangers (gemandateerde, politie)",
    response_model=BijMeldingOut,
    response_model_exclude_unset=True,
)
def lees(
    melding_id: uuid.UUID, _: PersoonsgegevensLezerDep, lezing: LezingDep, session: ReadSessionDep
) -> BijMeldingOut:
    return service.toon(session, lezing, melding_id)
