from __future__ import annotations

from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.responses import Response

from app.deps import SessionFactoryDep
from app.errors import Unavailable

router = APIRouter(tags=["beheer"])


class Health(BaseModel):
    status: str


@router.get("/health/live", response_model=Health, summary="Proces leeft")
def live() -> Health:
    return Health(status="ok")


@router.get("/health/ready", response_model=Health, summary="Database bereikbaar")
def ready(factory: SessionFactoryDep) -> Health:
    try:
        with factory() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        raise Unavailable("Database niet bereikbaar") from exc
    return Health(status="ok")


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    body = generate_latest()
    registry = getattr(request.app.state, "metrics_registry", None)
    if registry is not None:
        body += generate_latest(registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
