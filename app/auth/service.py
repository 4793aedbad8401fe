"""Client-credentials grant and bearer-token authentication."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.auth.secrets import verify_secret
from app.auth.tokens import TokenClaims, TokenIssuer
from app.errors import BadRequest, Unauthorized
from app.partners import repository as partners
from app.partners.models import Partner
from app.rollen import Rol


class InvalidClient(Unauthorized):
    slug, title = "ongeldige-client", "Client-authenticatie mislukt"


class InvalidGrant(BadRequest):
    slug, title = "ongeldig-token-verzoek", "Ongeldig tokenverzoek"


def issue_token(
    session: Session,
    issuer: TokenIssuer,
    client_id: str,
    client_secret: str,
    scope: str | None,
    now: dt.datetime,
    oin: str | None,
    require_oin: bool,
) -> tuple[str, int, str]:
    client = partners.client_by_client_id(session, client_id)
    # One answer for unknown client, wrong secret and revoked client: no probing for client ids.
    if (
        client is None
        or client.ingetrokken_op is not None
        or not verify_secret(client_secret, client.secret_hash)
    ):
        raise InvalidClient("Onbekende client of onjuist secret", error="invalid_client")
    partner = partners.get(session, client.partner_id)
    if partner is None or not partner.actief:
        raise InvalidClient("Onbekende client of onjuist secret", error="invalid_client")
    _check_oin(partner, oin, require_oin)
    if scope not in (None, "", partner.rol):
        raise InvalidGrant(f"Toegestane scope voor deze client: {partner.rol}", error="invalid_scope")
    token, ttl = issuer.issue(TokenClaims(client.client_id, partner.id, partner.rol), now)
    return token, ttl, partner.rol


def _check_oin(partner: Partner, oin: str | None, require_oin: bool) -> None:
    if require_oin and (oin is None or partner.oin is None or oin != partner.oin):
        raise InvalidClient("Het clientcertificaat (OIN) hoort niet bij deze partner", error="invalid_client")


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
    client = partners.client_by_client_id(session, claims.client_id)
    # Revocation and deactivation take effect at once, not at token expiry.
    if client is None or client.ingetrokken_op is not None or client.partner_id != claims.partner_id:
        raise Unauthorized("Het token hoort bij een ingetrokken of onbekende client", error="invalid_token")
    partner = partners.get(session, claims.partner_id)
    if partner is None or not partner.actief or partner.rol != claims.rol:
        raise Unauthorized(
            "Het token hoort bij een onbekende of gedeactiveerde partner", error="invalid_token"
        )
    if require_oin and (oin is None or oin != partner.oin):
        raise Unauthorized("Het clientcertificaat (OIN) hoort niet bij deze partner")
    return principal_van(partner, client.client_id)


def principal_van(partner: Partner, client_id: str) -> Principal:
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
