from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from app.deps import OntvangerDep, SettingsDep
from app.events.cloudevents import absolute
from app.feed.representation import feed_page_body
from app.feed.service import FeedReader
from app.schemas.feed import FeedOut

router = APIRouter(prefix="/api/v1", tags=["notificaties"])
MAX_SEQUENCE = 2**31 - 1


@router.get("/notificaties", response_model=FeedOut, summary="Eigen notificaties na een sequence (long poll)")
async def notificaties(
    request: Request,
    principal: OntvangerDep,
    settings: SettingsDep,
    # Bounded like the 32-bit sequence column: a larger number would fail in the database, not here.
    na: Annotated[int, Query(ge=0, le=MAX_SEQUENCE, description="Laatst verwerkte sequence")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    wacht: Annotated[int, Query(ge=0, le=30, description="Seconden wachten op een eerste notificatie")] = 0,
    expand: Annotated[
        Literal["data"] | None, Query(description="`data`: gefilterde representatie insluiten")
    ] = None,
) -> Response:
    reader: FeedReader = request.app.state.feed_reader
    pagina = await reader.read(principal, na, limit, wacht, expand == "data")
    volgende = absolute(settings, f"/notificaties?na={pagina.laatste_sequence}&limit={limit}")
    if expand:
        volgende += "&expand=data"
    return Response(
        feed_page_body(pagina), media_type="application/json", headers={"Link": f'<{volgende}>; rel="next"'}
    )
