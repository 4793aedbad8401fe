from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app.auth.principal import Principal
from app.deps import DjiDep, ReadContextDep, ReadSessionDep, SessionDep, require_role
from app.intakes import basisvoorwaarden
from app.reclassering import representation, service
from app.rollen import Rol
from app.schemas.reclassering import BasisvoorwaardenOut, OpdrachtCreate, OpdrachtOut

router = APIRouter(prefix="/api/v1/detenties", tags=["reclassering"])
BasisvoorwaardenLezer = Annotated[Principal, Depends(require_role(Rol.RECLASSERING, Rol.GEMEENTE, Rol.DJI))]


@router.post(
    "/{detentie_id}/reclasseringsopdrachten",
    status_code=201,
    response_model=OpdrachtOut,
    summary="Reclasseringsorganisatie X heeft een advies- of toezichtopdracht (van/tot, inclusief)",
)
def post_opdracht(
    detentie_id: uuid.UUID,
    body: OpdrachtCreate,
    principal: DjiDep,
    session: SessionDep,
    reading: ReadContextDep,
    response: Response,
) -> OpdrachtOut:
    opdracht = service.create_opdracht(
        session, principal, detentie_id, body, reading.moment, reading.sb_datum
    )
    response.headers["Location"] = f"/api/v1/detenties/{detentie_id}/basisvoorwaarden"
    return representation.opdracht_out(opdracht)


@router.get(
    "/{detentie_id}/basisvoorwaarden",
    response_model=BasisvoorwaardenOut,
    response_model_exclude_unset=True,
    summary="De nieuwste screening, gefilterd naar wat de lezer nu mag zien",
)
def get_basisvoorwaarden(
    detentie_id: uuid.UUID,
    _principal: BasisvoorwaardenLezer,
    reading: ReadContextDep,
    session: ReadSessionDep,
) -> BasisvoorwaardenOut:
    return basisvoorwaarden.show_basisvoorwaarden(session, reading, detentie_id)
