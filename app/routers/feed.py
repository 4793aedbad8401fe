from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from app.deps import ClockDep, OntvangerDep, SessionFactoryDep, SettingsDep
from app.events.cloudevents import absolute
from app.feed import service
from app.feed.signaal import FeedSignaal
from app.schemas.feed import CloudEvent, FeedOut

router = APIRouter(prefix="/api/v1", tags=["notificaties"])
MAX_SEQUENCE = 2**31 - 1


@router.get("/notificaties", response_model=FeedOut, summary="Eigen notificaties na een sequence (long poll)")
async def notificaties(
    request: Request,
    response: Response,
    principal: OntvangerDep,
    factory: SessionFactoryDep,
    settings: SettingsDep,
    clock: ClockDep,
    # Bounded like the 32-bit sequence column: a larger number would fail in the database, not here.
    na: Annotated[int, Query(ge=0, le=MAX_SEQUENCE, description="Laatst verwerkte sequence")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    wacht: Annotated[int, Query(ge=0, le=30, description="Seconden wachten op een eerste notificatie")] = 0,
    expand: Annotated[
        Literal["data"] | None, Query(description="`data`: gefilterde representatie insluiten")
    ] = None,
) -> FeedOut:
    signaal: FeedSignaal = request.app.state.feed_signaal
    pagina = await service.lees(
        factory, signaal, principal, na, limit, wacht, expand == "data", settings, clock
    )
    volgende = absolute(settings, f"/notificaties?na={pagina.laatste_sequence}&limit={limit}")
    if expand:
        volgende += "&expand=data"
    response.headers["Link"] = f'<{volgende}>; rel="next"'
    return FeedOut(
        notificaties=[CloudEvent.model_validate(n) for n in pagina.notificaties],
        laatste_sequence=pagina.laatste_sequence,
    )
