"""Webhook subscriptions (DESIGN §8): the owner's CRUD, attempts and herstart; beheer's overview."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response

from app.deps import BeheerDep, ClockDep, OntvangerDep, ReadSessionDep, SessionDep, SettingsDep
from app.schemas.abonnementen import (
    AbonnementCreate,
    AbonnementCreated,
    AbonnementList,
    AbonnementOut,
    AfleveringList,
    BeheerAbonnementList,
    Herstart,
)
from app.webhooks import representation, service

BASE = "/api/v1/abonnementen"
router = APIRouter(prefix=BASE, tags=["abonnementen"])
beheer_router = APIRouter(prefix="/api/v1/beheer", tags=["beheer"])


@router.post(
    "",
    status_code=201,
    response_model=AbonnementCreated,
    summary="Webhook-abonnement aanmaken; het secret wordt eenmalig getoond",
)
def create_abonnement(
    body: AbonnementCreate,
    principal: OntvangerDep,
    session: SessionDep,
    clock: ClockDep,
    settings: SettingsDep,
    response: Response,
) -> AbonnementCreated:
    abonnement = service.create(session, principal, body, clock.now(), settings.webhook_allow_loopback)
    response.headers["Location"] = f"{BASE}/{abonnement.id}"
    return representation.abonnement_created(abonnement)


@router.get("", response_model=AbonnementList, summary="Eigen webhook-abonnementen")
def list_abonnementen(principal: OntvangerDep, session: ReadSessionDep) -> AbonnementList:
    return representation.abonnement_list(service.list_all(session, principal))


@router.get(
    "/{abonnement_id}", response_model=AbonnementOut, summary="Een eigen abonnement met afleverstatus"
)
def get_abonnement(
    abonnement_id: uuid.UUID, principal: OntvangerDep, session: ReadSessionDep
) -> AbonnementOut:
    return representation.abonnement_out(service.own_abonnement(session, principal, abonnement_id))


@router.delete("/{abonnement_id}", status_code=204, summary="Abonnement opzeggen")
def delete_abonnement(abonnement_id: uuid.UUID, principal: OntvangerDep, session: SessionDep) -> Response:
    service.delete(session, principal, abonnement_id)
    return Response(status_code=204)


@router.post(
    "/{abonnement_id}/herstart",
    response_model=AbonnementOut,
    summary="Abonnement weer aanzetten en afleveren vanaf een sequence",
)
def herstart_abonnement(
    abonnement_id: uuid.UUID,
    principal: OntvangerDep,
    session: SessionDep,
    clock: ClockDep,
    body: Annotated[Herstart | None, Body()] = None,
) -> AbonnementOut:
    vanaf = body.vanaf_sequence if body else None
    abonnement = service.herstart(session, principal, abonnement_id, vanaf, clock.now())
    return representation.abonnement_out(abonnement)


@router.get(
    "/{abonnement_id}/afleveringen",
    response_model=AfleveringList,
    summary="Afleverpogingen, nieuwste eerst: tijd, statuscode, duur en fout",
)
def afleveringen(
    abonnement_id: uuid.UUID,
    principal: OntvangerDep,
    session: ReadSessionDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> AfleveringList:
    pogingen = service.afleveringen(session, principal, abonnement_id, limit, offset)
    return representation.aflevering_list(pogingen)


@beheer_router.get(
    "/abonnementen",
    response_model=BeheerAbonnementList,
    summary="Alle webhook-abonnementen met status (uitgeschakelde eerst)",
)
def beheer_abonnementen(_: BeheerDep, session: ReadSessionDep) -> BeheerAbonnementList:
    return representation.beheer_abonnement_list(service.beheer_overview(session))
