from __future__ import annotations

from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from starlette.responses import Response

from app.errors import Unavailable
from app.readiness import Readiness

router = APIRouter(tags=["beheer"])


class Health(BaseModel):
    status: str


@router.get("/health/live", response_model=Health, summary="Proces leeft")
async def live() -> Health:
    return Health(status="ok")


@router.get("/health/ready", response_model=Health, summary="Database bereikbaar")
async def ready(request: Request) -> Health:
    # From the background probe (app.readiness): answered while every request thread is busy.
    readiness: Readiness = request.app.state.readiness
    if not await readiness.ready():
        raise Unavailable("Database niet bereikbaar")
    return Health(status="ok")


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    body = generate_latest()
    registry = getattr(request.app.state, "metrics_registry", None)
    if registry is not None:
        body += generate_latest(registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
