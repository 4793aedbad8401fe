from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from app.deps import (
    ClockDep,
    DjiDep,
    PersoonsgegevensLezerDep,
    ReadContextDep,
    ReadSessionDep,
    SessionDep,
    SettingsDep,
)
from app.detenties import representation, service
from app.schemas.detenties import (
    DetentieCreate,
    DetentieOut,
    DetentiePatch,
    EindeCreate,
    OverplaatsingCreate,
    OverplaatsingOut,
)

router = APIRouter(prefix="/api/v1/detenties", tags=["detenties"])
# Withheld categories are unset on the model and so absent from the JSON (not null).


@router.post(
    "",
    status_code=201,
    summary="Begin detentie (insluiting)",
    response_model=DetentieOut,
    response_model_exclude_unset=True,
    responses={200: {"model": DetentieOut, "description": "Bestond al met dezelfde gegevens"}},
)
def begin_detentie(
    body: DetentieCreate,
    principal: DjiDep,
    session: SessionDep,
    clock: ClockDep,
    settings: SettingsDep,
    reading: ReadContextDep,
    response: Response,
) -> DetentieOut:
    detentie, created = service.begin(
        session, principal, body, reading.moment, settings.pseudoniem_sleutel.get_secret_value()
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    response.headers["Location"] = f"/api/v1/detenties/{detentie.id}"
    return service.show(session, reading, detentie.id)


@router.get(
    "/{detentie_id}",
    summary="Een detentie, gefilterd naar wat de lezer mag zien",
    response_model=DetentieOut,
    response_model_exclude_unset=True,
)
def get_detentie(
    detentie_id: uuid.UUID, _: PersoonsgegevensLezerDep, reading: ReadContextDep, session: ReadSessionDep
) -> DetentieOut:
    return service.show(session, reading, detentie_id)


@router.patch(
    "/{detentie_id}",
    summary="Correcties en verwachte einddatum (JSON merge patch)",
    response_model=DetentieOut,
    response_model_exclude_unset=True,
)
def patch_detentie(
    detentie_id: uuid.UUID,
    body: DetentiePatch,
    principal: DjiDep,
    session: SessionDep,
    reading: ReadContextDep,
) -> DetentieOut:
    detentie = service.correct(session, principal, detentie_id, body, reading.moment, reading.sb_datum)
    return service.show(session, reading, detentie.id)


@router.post(
    "/{detentie_id}/overplaatsingen",
    status_code=201,
    response_model=OverplaatsingOut,
    summary="Overplaatsing naar een andere inrichting",
)
def transfer(
    detentie_id: uuid.UUID,
    body: OverplaatsingCreate,
    principal: DjiDep,
    session: SessionDep,
    clock: ClockDep,
    response: Response,
) -> OverplaatsingOut:
    detentie, overplaatsing = service.transfer(session, principal, detentie_id, body, clock.now())
    response.headers["Location"] = f"/api/v1/detenties/{detentie.id}"
    return representation.overplaatsing_out(overplaatsing)


@router.post(
    "/{detentie_id}/einde",
    summary="Einde detentie",
    response_model=DetentieOut,
    response_model_exclude_unset=True,
)
def einde(
    detentie_id: uuid.UUID, body: EindeCreate, principal: DjiDep, session: SessionDep, reading: ReadContextDep
) -> DetentieOut:
    detentie, _ = service.end(session, principal, detentie_id, body, reading.moment, reading.sb_datum)
    return service.show(session, reading, detentie.id)
