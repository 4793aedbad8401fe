from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request

from app.auth import service as auth
from app.auth.representation import token_response
from app.auth.service import InvalidGrant
from app.deps import ClockDep, IssuerDep, ReadSessionDep, SettingsDep
from app.schemas.partners import TokenResponse

router = APIRouter(tags=["oauth"])


@router.post(
    "/oauth/token", response_model=TokenResponse, summary="Token via client credentials (RFC 6749 §4.4)"
)
def token(
    request: Request,
    session: ReadSessionDep,
    issuer: IssuerDep,
    clock: ClockDep,
    settings: SettingsDep,
    grant_type: Annotated[str, Form()],
    client_id: Annotated[str, Form(max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$")],
    client_secret: Annotated[str, Form(max_length=200)],
    scope: Annotated[str | None, Form(max_length=100)] = None,
) -> TokenResponse:
    if grant_type != "client_credentials":
        raise InvalidGrant(
            "Alleen grant_type=client_credentials wordt ondersteund", error="unsupported_grant_type"
        )
    oin = request.headers.get(settings.mtls_oin_header) if settings.mtls_oin_header else None
    issued = auth.issue_token(
        session,
        issuer,
        client_id,
        client_secret,
        scope,
        clock.now(),
        oin,
        settings.mtls_oin_header is not None,
    )
    return token_response(issued)
