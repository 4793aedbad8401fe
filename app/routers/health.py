from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from starlette.responses import Response

from app.deps import DatabaseDep
from app.errors import Unavailable

router = APIRouter(tags=["beheer"])
READY_TIMEOUT_SECONDS = 2.0


class Health(BaseModel):
    status: str


@router.get("/health/live", response_model=Health, summary="Proces leeft")
async def live() -> Health:
    return Health(status="ok")


@router.get("/health/ready", response_model=Health, summary="Database bereikbaar")
async def ready(db: DatabaseDep) -> Health:
    # Its own connection and thread (asyncio's executor, not the request threadpool): readiness is
    # answered while every request thread or pooled connection is busy.
    try:
        ok = await asyncio.wait_for(asyncio.to_thread(db.ping), READY_TIMEOUT_SECONDS)
    except TimeoutError:
        ok = False
    if not ok:
        raise Unavailable("Database niet bereikbaar", retry_after=5)
    return Health(status="ok")


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    body = generate_latest()
    registry = getattr(request.app.state, "metrics_registry", None)
    if registry is not None:
        body += generate_latest(registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
