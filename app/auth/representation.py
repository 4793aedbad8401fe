"""The token endpoint's answer (RFC 6749 §5.1)."""

from __future__ import annotations

from app.auth.service import IssuedToken
from app.schemas.partners import TokenResponse


def token_response(issued: IssuedToken) -> TokenResponse:
    return TokenResponse(
        access_token=issued.token,
        token_type="Bearer",  # noqa: S106
        expires_in=issued.ttl,
        scope=issued.rol,
    )
