"""Typed FastAPI dependencies: SessionDep (the request's unit of work), ClockDep, PrincipalDep, roles."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Annotated

from fastapi import Depends, Header, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from app.auth import service as auth
from app.auth.principal import Principal
from app.auth.tokens import TokenIssuer
from app.clock import Clock
from app.config import Settings
from app.db import unit_of_work
from app.errors import Forbidden
from app.lezing import Lezing
from app.rollen import Rol


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_sessionmaker(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    return factory


def get_session(request: Request) -> Iterator[Session]:
    """The request's transaction: committed after the endpoint returns (before the response is sent)."""
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


async def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


async def get_issuer(request: Request) -> TokenIssuer:
    issuer: TokenIssuer = request.app.state.token_issuer
    return issuer


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SessionFactoryDep = Annotated[sessionmaker[Session], Depends(get_sessionmaker)]
ClockDep = Annotated[Clock, Depends(get_clock)]
IssuerDep = Annotated[TokenIssuer, Depends(get_issuer)]


# Declares the bearer scheme in OpenAPI; the header itself is parsed in auth.authenticate for precise errors.
bearer_scheme = HTTPBearer(auto_error=False, description="Token van POST /oauth/token (client credentials)")


def get_principal(
    request: Request,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
    factory: SessionFactoryDep,
    clock: ClockDep,
    issuer: IssuerDep,
    settings: SettingsDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Principal:
    oin = request.headers.get(settings.mtls_oin_header) if settings.mtls_oin_header else None
    # Its own short read-only transaction: the principal must not hold the request's transaction open
    # (an async endpoint such as the feed opens its own units of work).
    with unit_of_work(factory, readonly=True) as session:
        principal = auth.authenticate(
            session, issuer, authorization, clock.now(), oin, require_oin=settings.mtls_oin_header is not None
        )
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


async def get_lezing(principal: PrincipalDep, clock: ClockDep, settings: SettingsDep) -> Lezing:
    return Lezing(principal=principal, moment=clock.now(), sb_datum=settings.sb_datum, kanaal="api")


LezingDep = Annotated[Lezing, Depends(get_lezing)]
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
