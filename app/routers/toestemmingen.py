from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from app.auth.principal import Principal
from app.deps import DjiDep, ReadContextDep, ReadSessionDep, SessionDep, require_role
from app.rollen import Rol
from app.schemas.toestemmingen import ToestemmingCreate, ToestemmingenOut, ToestemmingOut
from app.toestemmingen import representation, service

router = APIRouter(prefix="/api/v1/detenties", tags=["toestemmingen"])
DjiOfPrivacy = Annotated[Principal, Depends(require_role(Rol.DJI, Rol.PRIVACY))]


@router.put(
    "/{detentie_id}/toestemming",
    response_model=ToestemmingOut,
    summary="De huidige toestemmingsverklaring (vervangt de vorige; lege categorieën = intrekking)",
)
def put_toestemming(
    detentie_id: uuid.UUID,
    body: ToestemmingCreate,
    principal: DjiDep,
    session: SessionDep,
    reading: ReadContextDep,
) -> ToestemmingOut:
    toestemming, _ = service.record_statement(
        session, principal, detentie_id, body, reading.moment, reading.sb_datum
    )
    return representation.toestemming_out(toestemming)


@router.get(
    "/{detentie_id}/toestemmingen",
    response_model=ToestemmingenOut,
    summary="De geschiedenis van toestemmingsverklaringen (alleen toevoegen, nooit wijzigen)",
)
def get_toestemmingen(
    detentie_id: uuid.UUID, principal: DjiOfPrivacy, session: ReadSessionDep
) -> ToestemmingenOut:
    return representation.toestemmingen_out(service.history(session, principal, detentie_id))
