from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from app.auth.principal import Principal
from app.deps import ReadContextDep, ReadSessionDep, require_role
from app.informatiebladen import representation, service
from app.rollen import Rol
from app.schemas.informatiebladen import InformatiebladOut, InformatiebladVersies

router = APIRouter(prefix="/api/v1", tags=["informatiebladen"])
GemeenteOfDji = Annotated[Principal, Depends(require_role(Rol.GEMEENTE, Rol.DJI))]


@router.get(
    "/detenties/{detentie_id}/informatiebladen",
    response_model=InformatiebladVersies,
    summary="Versies van het informatieblad voor de eigen gemeente",
)
def get_informatiebladen(
    detentie_id: uuid.UUID, _principal: GemeenteOfDji, reading: ReadContextDep, session: ReadSessionDep
) -> InformatiebladVersies:
    return representation.versies_out(service.versies(session, reading, detentie_id))


@router.get(
    "/informatiebladen/{informatieblad_id}",
    response_model=InformatiebladOut,
    response_model_exclude_unset=True,
    summary="Eén versie van het informatieblad, gefilterd naar wat de gemeente nu mag zien",
)
def get_informatieblad(
    informatieblad_id: uuid.UUID, _principal: GemeenteOfDji, reading: ReadContextDep, session: ReadSessionDep
) -> InformatiebladOut:
    return service.show(session, reading, informatieblad_id)
