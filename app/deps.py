"""Typed FastAPI dependencies: SessionDep (the request's unit of work), ClockDep, PrincipalDep, roles."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

import anyio.to_thread
from fastapi import Depends, Header, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.auth import service as auth
from app.auth.principal import Principal
from app.auth.tokens import TokenIssuer
from app.clock import Clock
from app.config import Settings
from app.db import Database, close_session
from app.errors import Forbidden
from app.read_context import ReadContext
from app.rollen import Rol


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A request's write transaction: admitted by the write gate before it takes a thread or a connection,
    committed after the endpoint returns (before the response is sent)."""
    db: Database = request.app.state.db
    async with db.gate.turn():
        session = db.write_session()
        try:
            yield session
        except BaseException:
            await anyio.to_thread.run_sync(close_session, session, False)
            raise
        await anyio.to_thread.run_sync(close_session, session, True)


async def get_read_session(request: Request) -> AsyncIterator[Session]:
    """A request's read transaction. It never waits for writers; the disclosure-log rows it queued are
    written (through the write gate on SQLite) before the response is sent."""
    db: Database = request.app.state.db
    session = db.read_session()
    try:
        yield session
    except BaseException:
        await anyio.to_thread.run_sync(close_session, session, False)
        raise
    pending = await anyio.to_thread.run_sync(db.end_read, session)
    if pending is not None:
        async with db.gate.turn(urgent=True):
            await anyio.to_thread.run_sync(db.write_pending, pending)


async def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


async def get_issuer(request: Request) -> TokenIssuer:
    issuer: TokenIssuer = request.app.state.token_issuer
    return issuer


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
ReadSessionDep = Annotated[Session, Depends(get_read_session, scope="function")]
DatabaseDep = Annotated[Database, Depends(get_database)]
ClockDep = Annotated[Clock, Depends(get_clock)]
IssuerDep = Annotated[TokenIssuer, Depends(get_issuer)]


# Declares the bearer scheme in OpenAPI; the header itself is parsed in auth.authenticate for precise errors.
bearer_scheme = HTTPBearer(auto_error=False, description="Token van POST /oauth/token (client credentials)")


def get_principal(
    request: Request,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
    db: DatabaseDep,
    clock: ClockDep,
    issuer: IssuerDep,
    settings: SettingsDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Principal:
    oin = request.headers.get(settings.mtls_oin_header) if settings.mtls_oin_header else None
    # Its own short read transaction (one statement): the principal must not hold a connection while the
    # request waits for its own unit of work, and an async endpoint such as the feed opens its own.
    session = db.lookup_session()
    try:
        principal = auth.authenticate(
            session, issuer, authorization, clock.now(), oin, require_oin=settings.mtls_oin_header is not None
        )
    finally:
        db.end_read(session)
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require_role(*rollen: Rol) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency admitting only the given roles: any other role may never call the operation (403)."""
    allowed = frozenset(rollen)

    async def check(principal: PrincipalDep) -> Principal:
        if principal.rol not in allowed:
            raise Forbidden(f"Rol {principal.rol.value} mag deze operatie niet uitvoeren")
        return principal

    return check


async def get_read_context(principal: PrincipalDep, clock: ClockDep, settings: SettingsDep) -> ReadContext:
    return ReadContext(principal=principal, moment=clock.now(), sb_datum=settings.sb_datum, kanaal="api")


ReadContextDep = Annotated[ReadContext, Depends(get_read_context)]
DjiDep = Annotated[Principal, Depends(require_role(Rol.DJI))]
# Roles that may in principle read personal data: whether a given object is visible is then the
# disclosure policy's answer (404 when not). Beheer and privacy never read it through these operations.
PersoonsgegevensLezerDep = Annotated[
    Principal,
    Depends(require_role(Rol.DJI, Rol.GEMEENTE, Rol.RECLASSERING, Rol.BIJ_GEMANDATEERDE, Rol.POLITIE)),
]
BeheerDep = Annotated[Principal, Depends(require_role(Rol.BEHEER))]
OntvangerDep = Annotated[
    Principal, Depends(require_role(Rol.GEMEENTE, Rol.BIJ_GEMANDATEERDE, Rol.RECLASSERING, Rol.POLITIE))
]
