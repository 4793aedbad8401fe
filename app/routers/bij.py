from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app.auth.principal import Principal
from app.bij import service
from app.deps import DjiDep, LezingDep, SessionDep, SettingsDep, require_role
from app.rollen import Rol
from app.schemas.bij import BijMeldingCreate, BijMeldingOut

router = APIRouter(prefix="/api/v1/bij-meldingen", tags=["bij-meldingen"])
# Roles that may ask; only the DJI partner that made a melding and its recorded recipients get it, the
# others get 404. Beheer and privacy may never read personal data through this operation: 403.
BijLezerDep = Annotated[
    Principal,
    Depends(require_role(Rol.DJI, Rol.GEMEENTE, Rol.RECLASSERING, Rol.BIJ_GEMANDATEERDE, Rol.POLITIE)),
]


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
def lees(melding_id: uuid.UUID, _: BijLezerDep, lezing: LezingDep, session: SessionDep) -> BijMeldingOut:
    return service.toon(session, lezing, melding_id)
