"""RFC 9457 problem+json rendering for domain errors, validation errors and framework errors."""

from __future__ import annotations

import re
import sqlite3
import traceback
from typing import Any, cast

import psycopg
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import DomainError, FieldError

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:nl:ketenmeldingen:probleem:"
log = structlog.get_logger()

_FRAMEWORK_TITLES = {
    404: ("niet-gevonden", "Niet gevonden"),
    405: ("methode-niet-toegestaan", "Methode niet toegestaan"),
    406: ("niet-acceptabel", "Gevraagd mediatype wordt niet geleverd"),
    413: ("body-te-groot", "Request body te groot"),
    415: ("mediatype-niet-ondersteund", "Content-Type niet ondersteund"),
}


RETRY_AFTER_SECONDS = 5
# PostgreSQL states that mean "the server is away or full", not "this request is wrong": connection
# exceptions (class 08), shutdown and recovery (57P01-57P03), too many connections (53300).
_UNAVAILABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")
_UNAVAILABLE_SQLITE = ("database is locked", "unable to open database file", "disk i/o error")


def is_database_unavailable(exc: BaseException) -> bool:
    """Connectivity and pool-exhaustion errors (answered 503 with Retry-After); anything else is a bug."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return False
        if isinstance(seen, SQLAlchemyTimeoutError):  # no pooled connection free within the pool timeout
            return True
        if isinstance(seen, DBAPIError) and (seen.connection_invalidated or _unavailable_dbapi(seen.orig)):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _unavailable_dbapi(orig: BaseException | None) -> bool:
    if isinstance(orig, psycopg.OperationalError):
        sqlstate = orig.sqlstate
        return sqlstate is None or sqlstate.startswith(_UNAVAILABLE_SQLSTATES)
    if isinstance(orig, sqlite3.OperationalError):
        return str(orig).lower().startswith(_UNAVAILABLE_SQLITE)
    return False


def unavailable_body(instance: str) -> dict[str, Any]:
    return problem_body(
        503,
        "niet-beschikbaar",
        "Dienst tijdelijk niet beschikbaar",
        "De database is tijdelijk niet bereikbaar; probeer het later opnieuw",
        instance,
    )


def log_unhandled(exc: BaseException) -> None:
    """Log an unexpected exception by type and stack only. Its message is left out on purpose: it may
    quote input (a pydantic error's input, a database error's parameters) and so a BSN or a name."""
    causes: list[str] = []
    cause = exc.__cause__ or exc.__context__
    while cause is not None and len(causes) < 5:
        causes.append(type(cause).__qualname__)
        cause = cause.__cause__ or cause.__context__
    stack = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(exc.__traceback__)]
    log.error("unhandled_error", error_type=type(exc).__qualname__, causes=causes, stack=stack[-25:])


# A run of 8-9 digits standing alone in a path segment may be a BSN a client put in a URL by mistake;
# an error body must not repeat it. (UUID groups are hex runs joined by dashes and do not match.)
_MOGELIJK_BSN = re.compile(r"(?<![0-9A-Za-z-])[0-9]{8,9}(?![0-9A-Za-z-])")


def _mask(instance: str) -> str:
    return _MOGELIJK_BSN.sub("{verborgen}", instance)


def problem_body(
    status: int, slug: str, title: str, detail: str, instance: str, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": _mask(instance),
    }
    body.update(extra)
    return body


def problem_response(
    status: int,
    slug: str,
    title: str,
    detail: str,
    instance: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    return JSONResponse(
        problem_body(status, slug, title, detail, instance, **extra),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _loc_name(loc: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or "body"


def validation_errors(exc: RequestValidationError) -> list[FieldError]:
    # Never echo the rejected input: it may be a BSN or a name.
    errors = []
    for err in exc.errors():
        msg = str(err.get("msg", "ongeldig")).removeprefix("Value error, ")
        if err.get("type") == "json_invalid":
            msg = "body is geen geldige JSON"
        errors.append(FieldError(_loc_name(tuple(err.get("loc", ()))), msg, str(err.get("type", "invalid"))))
    return errors


def install_problem_handlers(app: FastAPI) -> None:
    async def domain_error(request: Request, exc: Exception) -> JSONResponse:
        exc = cast(DomainError, exc)
        extra = dict(exc.extra)
        errors = getattr(exc, "errors", None)
        if errors is not None:
            extra["invalidParams"] = [e.as_dict() for e in errors]
        headers = None
        if exc.status == 503:
            headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if exc.status == 401:
            # RFC 6750 §3: an error code only when a token was presented and rejected.
            challenge = 'Bearer realm="ketenmeldingen"'
            if exc.extra.get("error") == "invalid_token":
                challenge += ', error="invalid_token"'
            headers = {"WWW-Authenticate": challenge}
        return problem_response(
            exc.status, exc.slug, exc.title, exc.detail, request.url.path, headers=headers, **extra
        )

    async def request_validation(request: Request, exc: Exception) -> JSONResponse:
        exc = cast(RequestValidationError, exc)
        errors = validation_errors(exc)
        if any(e.code == "json_invalid" for e in errors):
            return problem_response(
                400,
                "ongeldige-json",
                "Body is geen geldige JSON",
                "De request body kon niet als JSON worden gelezen",
                request.url.path,
            )
        return problem_response(
            400,
            "validatie",
            "Een of meer velden zijn ongeldig",
            f"{len(errors)} veld(en) ongeldig",
            request.url.path,
            invalidParams=[e.as_dict() for e in errors],
        )

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        exc = cast(StarletteHTTPException, exc)
        slug, title = _FRAMEWORK_TITLES.get(exc.status_code, ("fout", "Fout"))
        # Starlette's own details ("Not Found") are English; ours are Dutch like the rest of the API.
        detail = (
            exc.detail
            if isinstance(exc.detail, str) and exc.detail not in ("Not Found", "Method Not Allowed")
            else title
        )
        return problem_response(
            exc.status_code, slug, title, detail, request.url.path, headers=dict(exc.headers or {}) or None
        )

    async def unhandled(request: Request, exc: Exception) -> JSONResponse:
        if is_database_unavailable(exc):
            log.warning("database_unavailable", error_type=type(exc).__qualname__)
            return JSONResponse(
                unavailable_body(request.url.path),
                status_code=503,
                media_type=PROBLEM_JSON,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        log_unhandled(exc)
        return problem_response(
            500, "interne-fout", "Interne fout", "Er ging iets mis; de fout is gelogd", request.url.path
        )

    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, request_validation)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unhandled)
