"""RFC 9457 problem+json rendering for domain errors, validation errors and framework errors."""

from __future__ import annotations

import re
import sqlite3
import traceback
from collections.abc import Collection, Iterable, Iterator, Mapping
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


# `instance` never repeats a path segment we did not recognise: it may be a name, an e-mail address or a
# BSN a client put in a URL. It is the path with every such segment replaced by {verborgen}: for a matched
# route, a parameter is kept only when it is a UUID that passed validation; without a route, a segment is
# kept when it is a literal part of some route or a UUID.
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_TEMPLATE_PARAM = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")
HIDDEN_SEGMENT = "{verborgen}"


def _templates(routes: Iterable[Any]) -> Iterator[str]:
    for route in routes:
        template = getattr(route, "path_format", None) or getattr(route, "path", None)
        if isinstance(template, str):
            yield template
        yield from _templates(getattr(route, "routes", None) or ())


def _literal_segments(app: Any) -> set[str]:
    """The fixed segments of the app's paths: from the OpenAPI document (every API path with its router
    prefix) and from the routes the app holds directly (health, metrics, documentation)."""
    templates = list(_templates(getattr(app, "routes", None) or ()))
    openapi = getattr(app, "openapi", None)
    if callable(openapi):
        templates.extend(openapi().get("paths", {}))  # generated once, then cached by FastAPI
    return {segment for t in templates for segment in t.split("/") if segment and "{" not in segment}


def problem_instance(scope: Mapping[str, Any], failed_path_params: Collection[str] = ()) -> str:
    """The `instance` of a problem about this request, without any unrecognised input (see above)."""
    root_path: str = scope.get("root_path", "")
    path: str = scope.get("path", "")
    template = getattr(scope.get("route"), "path_format", None)
    if isinstance(template, str):
        params: Mapping[str, Any] = scope.get("path_params") or {}

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            value = str(params.get(name, ""))
            if name not in failed_path_params and _UUID.fullmatch(value):
                return value
            return HIDDEN_SEGMENT

        return root_path + _TEMPLATE_PARAM.sub(fill, template)
    literals = _literal_segments(scope.get("app"))
    relative = path.removeprefix(root_path) if root_path and path.startswith(root_path) else path
    segments = [
        s if not s or s in literals or _UUID.fullmatch(s) else HIDDEN_SEGMENT for s in relative.split("/")
    ]
    return root_path + "/".join(segments)


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


# Messages of pydantic that quote part of the input.
_QUOTING_MESSAGES = {"uuid_parsing": "geen geldige UUID", "uuid_type": "geen geldige UUID"}


def validation_errors(exc: RequestValidationError) -> list[FieldError]:
    # Never echo the rejected input: it may be a BSN or a name. That includes the name of an unknown
    # property, which is reported by where it stood (`body` or the object holding it).
    errors: list[FieldError] = []
    for err in exc.errors():
        code = str(err.get("type", "invalid"))
        loc = tuple(err.get("loc", ()))
        msg = _QUOTING_MESSAGES.get(code) or str(err.get("msg", "ongeldig")).removeprefix("Value error, ")
        if code == "json_invalid":
            msg = "body is geen geldige JSON"
        if code == "extra_forbidden":
            loc, msg = loc[:-1], "onbekende eigenschap"
        error = FieldError(_loc_name(loc), msg, code)
        if error not in errors:
            errors.append(error)
    return errors


def _failed_path_params(exc: RequestValidationError) -> set[str]:
    return {
        str(err["loc"][1]) for err in exc.errors() if len(err.get("loc", ())) > 1 and err["loc"][0] == "path"
    }


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
            exc.status,
            exc.slug,
            exc.title,
            exc.detail,
            problem_instance(request.scope),
            headers=headers,
            **extra,
        )

    async def request_validation(request: Request, exc: Exception) -> JSONResponse:
        exc = cast(RequestValidationError, exc)
        errors = validation_errors(exc)
        instance = problem_instance(request.scope, _failed_path_params(exc))
        if any(e.code == "json_invalid" for e in errors):
            return problem_response(
                400,
                "ongeldige-json",
                "Body is geen geldige JSON",
                "De request body kon niet als JSON worden gelezen",
                instance,
            )
        return problem_response(
            400,
            "validatie",
            "Een of meer velden zijn ongeldig",
            f"{len(errors)} veld(en) ongeldig",
            instance,
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
            exc.status_code,
            slug,
            title,
            detail,
            problem_instance(request.scope),
            headers=dict(exc.headers or {}) or None,
        )

    async def unhandled(request: Request, exc: Exception) -> JSONResponse:
        if is_database_unavailable(exc):
            log.warning("database_unavailable", error_type=type(exc).__qualname__)
            return JSONResponse(
                unavailable_body(problem_instance(request.scope)),
                status_code=503,
                media_type=PROBLEM_JSON,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        log_unhandled(exc)
        return problem_response(
            500,
            "interne-fout",
            "Interne fout",
            "Er ging iets mis; de fout is gelogd",
            problem_instance(request.scope),
        )

    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, request_validation)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unhandled)
