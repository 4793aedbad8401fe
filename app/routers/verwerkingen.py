from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from app.auth.principal import Principal
from app.deps import ClockDep, SessionDep, SettingsDep, require_role
from app.rollen import Rol
from app.schemas.verwerkingen import InzageOut, PersoonVraag, VerwerkingenOut
from app.verwerkingen import inzage, representation

router = APIRouter(prefix="/api/v1", tags=["verwerkingen"])
PrivacyDep = Annotated[Principal, Depends(require_role(Rol.PRIVACY))]


@router.post(
    "/verwerkingen/zoeken",
    response_model=VerwerkingenOut,
    summary="Verstrekkingen over een persoon (BSN in de body, nooit in de URL)",
)
def search_verwerkingen(
    body: PersoonVraag, _principal: PrivacyDep, session: SessionDep, settings: SettingsDep
) -> VerwerkingenOut:
    rows = inzage.of_person(session, body.bsn, settings.pseudoniem_sleutel.get_secret_value())
    return representation.verwerkingen_out(rows)


@router.post(
    "/inzage",
    response_model=InzageOut,
    summary="AVG art. 15-overzicht voor een persoon: ontvanger, categorieën, grondslag, doel, tijd",
)
def inzage_report(
    body: PersoonVraag, _principal: PrivacyDep, session: SessionDep, settings: SettingsDep, clock: ClockDep
) -> InzageOut:
    rows = inzage.of_person(session, body.bsn, settings.pseudoniem_sleutel.get_secret_value())
    return representation.inzage_out(rows, clock.now())
