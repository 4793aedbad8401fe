"""create_app(): the ASGI application with its lifespan, middleware, routers and error handlers."""

from __future__ import annotations

import gc
import signal
import sys
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from types import FrameType
from typing import Any

import anyio.to_thread
import structlog
from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.utils import generate_unique_id
from prometheus_client import CollectorRegistry
from sqlalchemy import Engine

from app import API_VERSION
from app.auth.tokens import TokenIssuer
from app.clock import Clock, SystemClock
from app.config import Settings, get_settings
from app.db import Database, PoolSettings, is_sqlite, make_engine, normalise_url
from app.events.outbox import FEED_TOPIC
from app.feed.progress import ReadProgress
from app.feed.service import FeedReader, heads_reader
from app.feed.wakeup import FeedWakeup
from app.idempotency.middleware import IdempotencyMiddleware
from app.logging import configure_logging
from app.middleware import BodyTooLarge, ContentNegotiationMiddleware, TraceAndHeadersMiddleware
from app.openapi_doc import finish_openapi
from app.problems import install_problem_handlers, problem_response
from app.readiness import Readiness
from app.routers import abonnementen, beheer, bij, detenties, feed, health, oauth
from app.routers import informatiebladen as informatiebladen_router
from app.routers import intakes as intakes_router
from app.routers import reclassering as reclassering_router
from app.routers import toestemmingen as toestemmingen_router
from app.routers import verwerkingen as verwerkingen_router
from app.routers.operation_ids import OPERATION_IDS
from app.verwerkingen.sealer import Sealer
from app.verwerkingen.service import LOG_TOPIC
from app.webhooks.metrics import WebhookCollector
from app.webhooks.worker import Worker
from app.wiring import wire

log = structlog.get_logger()
ROUTERS = (
    oauth.router,
    detenties.router,
    feed.router,
    beheer.router,
    health.router,
    abonnementen.router,
    abonnementen.beheer_router,
    bij.router,
    intakes_router.router,
    toestemmingen_router.router,
    informatiebladen_router.router,
    reclassering_router.router,
    verwerkingen_router.router,
)


def _postgres_dsn(url: str) -> str | None:
    if is_sqlite(url):
        return None
    return normalise_url(url).replace("postgresql+psycopg://", "postgresql://", 1)


def _on_shutdown_signal(callback: Callable[[], None]) -> None:
    """Call `callback` when the server is told to stop (SIGTERM, SIGINT), then let the server's own
    handler run. Only the main thread can install handlers (not so under a test client)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(signum)
        if not callable(previous):
            continue

        def handler(number: int, frame: FrameType | None, previous: Callable[..., Any] = previous) -> None:
            callback()
            previous(number, frame)

        signal.signal(signum, handler)


def operation_id(route: APIRoute) -> str:
    """The pinned operationId (app.routers.operation_ids), not one derived from the function's name. A
    test fails for an operation of the API without a pinned id."""
    method = next(iter(route.methods or {"GET"}))
    return OPERATION_IDS.get((method, route.path_format)) or generate_unique_id(route)


def create_app(
    settings: Settings | None = None, clock: Clock | None = None, engine: Engine | None = None
) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_json, settings.log_level)
    pool = PoolSettings(size=settings.db_pool_size, timeout=settings.db_pool_timeout_seconds)
    db = Database.around(engine or make_engine(settings.database_url, pool), pool, settings.db_max_writers)
    clock = clock or SystemClock()
    wakeup = FeedWakeup(
        _postgres_dsn(settings.database_url), heads_reader(db), watch_interval=0.25 if db.sqlite else 5.0
    )
    db.subscribe(FEED_TOPIC, wakeup.committed)
    progress = ReadProgress(db.sessionmaker)
    sealer = Sealer(db.sessionmaker)
    db.subscribe(LOG_TOPIC, sealer.wake)
    readiness = Readiness(db.ping)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.request_threads
        # The event loop (long polls, readiness, wake-ups) competes with the request threads for the GIL;
        # a shorter switch interval than CPython's 5 ms keeps it responsive under load.
        sys.setswitchinterval(0.001)
        readiness.start()
        wakeup.start()
        _on_shutdown_signal(wakeup.close)
        progress.start()
        sealer.start()
        if app.state.token_issuer.ephemeral:
            log.warning("jwt_key_ephemeral", hint="set KETEN_JWT_SLEUTEL to share tokens across processes")
        # What start-up made lives as long as the process: keep it out of the collector's full passes,
        # which otherwise walk it all and pause every request (seen as readiness tail latency).
        gc.freeze()
        # The embedded default (`serve`) delivers webhooks in-process; production may run workers apart.
        worker = None
        if settings.worker_in_process:
            worker = Worker(db.sessionmaker, settings, app.state.clock)
            worker.start()
        yield
        if worker:
            worker.stop()
        await wakeup.stop()
        await readiness.stop()
        progress.stop()
        sealer.stop()
        db.dispose(engine_too=engine is None)

    app = FastAPI(
        title="Ketenmeldingen",
        version=API_VERSION,
        description="Meldingen en gegevensuitwisseling voor re-integratie van (ex-)gedetineerden.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
        lifespan=lifespan,
        redirect_slashes=False,
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    app.state.clock = clock
    app.state.db = db
    app.state.engine = db.engine
    app.state.sessionmaker = db.sessionmaker
    app.state.token_issuer = TokenIssuer(settings)
    app.state.feed_wakeup = wakeup
    app.state.feed_progress = progress
    app.state.sealer = sealer
    app.state.feed_reader = FeedReader(db, wakeup, progress, settings, clock)
    app.state.readiness = readiness
    # Collectors that read the database at scrape time; /metrics serves them after the default registry.
    app.state.metrics_registry = CollectorRegistry()
    app.state.metrics_registry.register(WebhookCollector(db.sessionmaker, clock))

    wire()
    for router in ROUTERS:
        app.include_router(router)
    install_problem_handlers(app)

    async def body_too_large(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(
            413,
            "body-te-groot",
            "Request body te groot",
            f"De body mag hoogstens {settings.max_body_bytes} bytes zijn",
            request.url.path,
        )

    app.add_exception_handler(BodyTooLarge, body_too_large)
    # Added last = outermost: trace/headers wrap negotiation, which wraps idempotency.
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(ContentNegotiationMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(TraceAndHeadersMiddleware)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            app.openapi_schema = finish_openapi(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
