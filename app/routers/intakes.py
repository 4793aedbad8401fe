from __future__ import annotations

import uuid

from fastapi import APIRouter

from app.deps import DjiDep, ReadContextDep, SessionDep
from app.intakes import representation, service
from app.schemas.intakes import IntakeCreate, IntakeOut

router = APIRouter(prefix="/api/v1/detenties", tags=["intakes"])


@router.post(
    "/{detentie_id}/intakes",
    status_code=201,
    response_model=IntakeOut,
    summary="Een screening (intake) op de basisvoorwaarden; elke intake is een nieuwe versie",
)
def post_intake(
    detentie_id: uuid.UUID,
    body: IntakeCreate,
    principal: DjiDep,
    session: SessionDep,
    reading: ReadContextDep,
) -> IntakeOut:
    intake = service.record(session, principal, detentie_id, body, reading.moment, reading.sb_datum)
    return representation.intake_out(intake)
