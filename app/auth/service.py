"""Client-credentials grant and bearer-token authentication."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.auth.tokens import TokenClaims, TokenIssuer
from app.errors import BadRequest, Unauthorized
from app.partners import repository as partners
from app.partners.models import Partner
from app.partners.secrets import verify_secret
from app.rollen import Rol


class InvalidClient(Unauthorized):
    slug, title = "ongeldige-client", "Client-authenticatie mislukt"


class InvalidGrant(BadRequest):
    slug, title = "ongeldig-token-verzoek", "Ongeldig tokenverzoek"


@dataclass(frozen=True)
class IssuedToken:
    """A bearer token, its lifetime in seconds, and the role it grants (its one scope)."""

    token: str
    ttl: int
    rol: str


def issue_token(
    session: Session,
    issuer: TokenIssuer,
    client_id: str,
    client_secret: str,
    scope: str | None,
    now: dt.datetime,
    oin: str | None,
    require_oin: bool,
) -> IssuedToken:
    caller = partners.caller(session, client_id)
    # One answer for unknown client, wrong secret, revoked client and inactive partner: no probing.
    if (
        caller is None
        or caller.ingetrokken
        or not caller.actief
        or not verify_secret(client_secret, caller.secret_hash)
    ):
        raise InvalidClient("Onbekende client of onjuist secret", error="invalid_client")
    if require_oin and (oin is None or caller.oin is None or oin != caller.oin):
        raise InvalidClient("Het clientcertificaat (OIN) hoort niet bij deze partner", error="invalid_client")
    if scope not in (None, "", caller.rol):
        raise InvalidGrant(f"Toegestane scope voor deze client: {caller.rol}", error="invalid_scope")
    token, ttl = issuer.issue(TokenClaims(caller.client_id, caller.partner_id, caller.rol), now)
    return IssuedToken(token, ttl, caller.rol)


def authenticate(
    session: Session,
    issuer: TokenIssuer,
    authorization: str | None,
    now: dt.datetime,
    oin: str | None,
    require_oin: bool,
) -> Principal:
    if not authorization:
        raise Unauthorized("Authorization-header met Bearer-token ontbreekt")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Authorization-header moet de vorm 'Bearer <token>' hebben")
    claims = issuer.verify(token.strip(), now)
    # Read on every request, not cached: revocation and deactivation take effect at once, in every process.
    caller = partners.caller(session, claims.client_id)
    if caller is None or caller.ingetrokken or caller.client_partner_id != claims.partner_id:
        raise Unauthorized("Het token hoort bij een ingetrokken of onbekende client", error="invalid_token")
    if not caller.actief or caller.rol != claims.rol:
        raise Unauthorized(
            "Het token hoort bij een onbekende of gedeactiveerde partner", error="invalid_token"
        )
    if require_oin and (oin is None or oin != caller.oin):
        raise Unauthorized("Het clientcertificaat (OIN) hoort niet bij deze partner")
    return Principal(
        partner_id=caller.partner_id,
        client_id=caller.client_id,
        naam=caller.naam,
        rol=Rol(caller.rol),
        gemeentecode=caller.gemeentecode,
        aangesloten=caller.aangesloten,
        organisatie=caller.organisatie,
        inrichtingen=caller.inrichtingen,
        bij_gemeentecodes=caller.bij_gemeentecodes,
    )


def principal_of(partner: Partner, client_id: str) -> Principal:
    """The partner as a caller, through the given client (or channel, e.g. a webhook subscription)."""
    return Principal(
        partner_id=partner.id,
        client_id=client_id,
        naam=partner.naam,
        rol=Rol(partner.rol),
        gemeentecode=partner.gemeentecode,
        aangesloten=partner.aangesloten,
        organisatie=partner.organisatie,
        inrichtingen=partner.inrichting_codes,
        bij_gemeentecodes=partner.bij_gemeentecodes,
    )
