from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from app.bij import mandaten
from app.bij.representation import mandaat_list, mandaat_out
from app.deps import BeheerDep, ClockDep, ReadSessionDep, SessionDep
from app.events import repository as events
from app.events.representation import onbestelbaar_list
from app.feed import lag
from app.partners import representation, service
from app.schemas.beheer import OnbestelbaarList
from app.schemas.bij import MandaatIn, MandaatList, MandaatOut
from app.schemas.partners import (
    ClientCreate,
    ClientCreated,
    ClientList,
    PartnerCreate,
    PartnerList,
    PartnerOut,
    PartnerUpdate,
)

router = APIRouter(prefix="/api/v1/beheer", tags=["beheer"])
ClientIdPad = Annotated[str, Path(max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")]  # no control characters


@router.post("/partners", status_code=201, response_model=PartnerOut, summary="Partner registreren")
def create_partner(
    body: PartnerCreate, _: BeheerDep, session: SessionDep, clock: ClockDep, response: Response
) -> PartnerOut:
    partner = service.create_partner(session, body, clock.now())
    response.headers["Location"] = f"/api/v1/beheer/partners/{partner.id}"
    return representation.partner_out(partner, lag.partner_lag(session, partner))


@router.get("/partners", response_model=PartnerList, summary="Partners met feed-achterstand")
def list_partners(_: BeheerDep, session: ReadSessionDep) -> PartnerList:
    partners = service.list_partners(session)
    return representation.partner_list(partners, lag.partner_lags(session, partners))


@router.get("/partners/{partner_id}", response_model=PartnerOut)
def get_partner(partner_id: uuid.UUID, _: BeheerDep, session: ReadSessionDep) -> PartnerOut:
    partner = service.get_partner(session, partner_id)
    return representation.partner_out(partner, lag.partner_lag(session, partner))


@router.patch("/partners/{partner_id}", response_model=PartnerOut, summary="Partner bijwerken (merge patch)")
def update_partner(
    partner_id: uuid.UUID, body: PartnerUpdate, _: BeheerDep, session: SessionDep, clock: ClockDep
) -> PartnerOut:
    partner = service.update_partner(session, partner_id, body, clock.now())
    return representation.partner_out(partner, lag.partner_lag(session, partner))


@router.post(
    "/partners/{partner_id}/clients",
    status_code=201,
    response_model=ClientCreated,
    summary="Client aanmaken; het secret wordt eenmalig getoond",
)
def create_client(
    partner_id: uuid.UUID,
    _: BeheerDep,
    session: SessionDep,
    clock: ClockDep,
    body: ClientCreate | None = None,
) -> ClientCreated:
    client, secret = service.create_client(session, partner_id, clock.now(), body.client_id if body else None)
    return representation.client_created(client, secret)


@router.get("/partners/{partner_id}/clients", response_model=ClientList)
def list_clients(partner_id: uuid.UUID, _: BeheerDep, session: ReadSessionDep) -> ClientList:
    return representation.client_list(service.list_clients(session, partner_id))


@router.post(
    "/partners/{partner_id}/clients/{client_id}/rotatie",
    response_model=ClientCreated,
    summary="Nieuw secret; het oude werkt direct niet meer",
)
def rotate_client(
    partner_id: uuid.UUID, client_id: ClientIdPad, _: BeheerDep, session: SessionDep, clock: ClockDep
) -> ClientCreated:
    client, secret = service.rotate_client(session, partner_id, client_id, clock.now())
    return representation.client_created(client, secret)


@router.delete("/partners/{partner_id}/clients/{client_id}", status_code=204, summary="Client intrekken")
def revoke_client(
    partner_id: uuid.UUID, client_id: ClientIdPad, _: BeheerDep, session: SessionDep, clock: ClockDep
) -> None:
    service.revoke_client(session, partner_id, client_id, clock.now())


@router.get(
    "/onbestelbaar",
    response_model=OnbestelbaarList,
    summary="Meldingen die een beoogde ontvanger niet konden bereiken (bv. gemeente niet aangesloten)",
)
def onbestelbaar(
    _: BeheerDep,
    session: ReadSessionDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> OnbestelbaarList:
    return onbestelbaar_list(events.onbestelbaar(session, limit, offset))


GemeentecodePad = Annotated[str, Path(pattern=r"^[0-9]{4}$", description="CBS-gemeentecode")]


@router.get("/mandaten", response_model=MandaatList, summary="BIJ-mandaten per gemeente")
def list_mandaten(_: BeheerDep, session: ReadSessionDep) -> MandaatList:
    return mandaat_list(mandaten.list_all(session))


@router.put(
    "/mandaten/{gemeentecode}",
    response_model=MandaatOut,
    summary="BIJ-mandaat voor een gemeente toekennen of verplaatsen",
    description="Geldt voor BIJ-meldingen vanaf nu; eerdere meldingen houden hun ontvangers.",
)
def put_mandaat(
    gemeentecode: GemeentecodePad, body: MandaatIn, _: BeheerDep, session: SessionDep, clock: ClockDep
) -> MandaatOut:
    mandaat, holder = mandaten.assign(session, gemeentecode, body.partner_id, clock.now())
    return mandaat_out(mandaat, holder)


@router.delete("/mandaten/{gemeentecode}", status_code=204, summary="BIJ-mandaat voor een gemeente intrekken")
def delete_mandaat(gemeentecode: GemeentecodePad, _: BeheerDep, session: SessionDep) -> None:
    mandaten.delete(session, gemeentecode)
