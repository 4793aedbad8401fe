"""The built-in token issuer: short-lived HS256 JWTs for OAuth2 client credentials."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass

import jwt

from app.config import Settings
from app.errors import Unauthorized

ALGORITHM = "HS256"
AUDIENCE = "ketenmeldingen"
LEEWAY_SECONDS = 30


@dataclass(frozen=True)
class TokenClaims:
    client_id: str
    partner_id: uuid.UUID
    rol: str


class TokenIssuer:
    def __init__(self, settings: Settings) -> None:
        key = settings.jwt_sleutel.get_secret_value() if settings.jwt_sleutel else secrets.token_urlsafe(48)
        self._key = key
        self.ephemeral = settings.jwt_sleutel is None
        self.issuer = settings.jwt_issuer
        self.ttl = dt.timedelta(seconds=settings.token_geldigheid_seconden)

    def issue(self, claims: TokenClaims, now: dt.datetime) -> tuple[str, int]:
        payload = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": claims.client_id,
            "pid": str(claims.partner_id),
            "rol": claims.rol,
            "iat": int(now.timestamp()),
            "nbf": int(now.timestamp()),
            "exp": int((now + self.ttl).timestamp()),
            "jti": str(uuid.uuid4()),
        }
        return jwt.encode(payload, self._key, algorithm=ALGORITHM), int(self.ttl.total_seconds())

    def verify(self, token: str, now: dt.datetime) -> TokenClaims:
        try:
            payload = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=self.issuer,
                options={
                    "require": ["exp", "iat", "sub", "aud", "iss"],
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                },
            )
        except jwt.InvalidTokenError as exc:
            raise Unauthorized("Het token is ongeldig", error="invalid_token") from exc
        # Time claims are checked against the injected clock, not the wall clock.
        if int(payload["exp"]) <= int(now.timestamp()):
            raise Unauthorized("Het token is verlopen", error="invalid_token")
        if int(payload.get("nbf", payload["iat"])) > int(now.timestamp()) + LEEWAY_SECONDS:
            raise Unauthorized("Het token is nog niet geldig", error="invalid_token")
        try:
            return TokenClaims(str(payload["sub"]), uuid.UUID(str(payload["pid"])), str(payload["rol"]))
        except (KeyError, ValueError) as exc:
            raise Unauthorized("Het token is ongeldig", error="invalid_token") from exc
