"""Pure ASGI middleware: trace context, request log, security headers, content negotiation, body limit."""

from __future__ import annotations

import json
import re
import secrets
import time
from typing import Any

import structlog
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import API_VERSION
from app.problems import (
    PROBLEM_JSON,
    RETRY_AFTER_SECONDS,
    is_database_unavailable,
    log_unhandled,
    problem_body,
    problem_instance,
    unavailable_body,
)

log = structlog.get_logger()

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
}


async def send_problem(send: Send, status: int, slug: str, title: str, detail: str, path: str) -> None:
    await send_problem_body(send, status, problem_body(status, slug, title, detail, path))


async def send_problem_body(
    send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    content = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(content)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": content})


class TraceAndHeadersMiddleware:
    """Accepts/propagates W3C `traceparent`, logs each request, adds API-Version and security headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        match = _TRACEPARENT.match(headers.get("traceparent", ""))
        trace_id = match.group(1) if match and match.group(1) != "0" * 32 else secrets.token_hex(16)
        flags = match.group(3) if match else "01"
        span_id = secrets.token_hex(8)
        scope.setdefault("state", {})["trace_id"] = trace_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(trace_id=trace_id)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
                mh = MutableHeaders(scope=message)
                mh["API-Version"] = API_VERSION
                mh["traceparent"] = f"00-{trace_id}-{span_id}-{flags}"
                for name, value in SECURITY_HEADERS.items():
                    mh.setdefault(name, value)
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:
            # Handled here, not by Starlette's outermost ServerErrorMiddleware: its 500 would bypass the
            # headers above, and its re-raise makes the server log the exception's message, which may
            # quote input (SQL parameters, a BSN in a validation error).
            if is_database_unavailable(exc):
                log.warning("database_unavailable", error_type=type(exc).__qualname__)
                if not response_started:
                    await send_problem_body(
                        send_wrapper,
                        503,
                        unavailable_body(problem_instance(scope)),
                        [(b"retry-after", str(RETRY_AFTER_SECONDS).encode())],
                    )
                return
            log_unhandled(exc)
            if not response_started:
                await send_problem(
                    send_wrapper,
                    500,
                    "interne-fout",
                    "Interne fout",
                    "Er ging iets mis; de fout is gelogd",
                    problem_instance(scope),
                )
        finally:
            # The route template, not the raw path: no identifiers beyond UUIDs reach the log.
            route = scope.get("route")
            log.info(
                "request",
                method=scope["method"],
                route=getattr(route, "path", None) or "unmatched",
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
            )


def _media_type(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


def _accepts_json(accept: str) -> bool:
    for part in accept.split(","):
        media = _media_type(part)
        params = part.split(";")[1:]
        if any(p.strip().replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params):
            continue
        if media in (
            "*/*",
            "application/*",
            "application/json",
            PROBLEM_JSON,
            "text/plain",
        ) or media.endswith("+json"):
            return True
    return False


class ContentNegotiationMiddleware:
    """406 for an Accept we cannot serve, 415 for a body that is not JSON, 413 for an oversized body."""

    FORM_PATHS = ("/oauth/token",)

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope["path"]
        accept = headers.get("accept")
        if accept and not path.startswith("/metrics") and not _accepts_json(accept):
            await send_problem(
                send,
                406,
                "niet-acceptabel",
                "Gevraagd mediatype wordt niet geleverd",
                "Deze API levert application/json en application/problem+json",
                problem_instance(scope),
            )
            return
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            await send_problem(
                send,
                413,
                "body-te-groot",
                "Request body te groot",
                f"De body mag hoogstens {self.max_body_bytes} bytes zijn",
                problem_instance(scope),
            )
            return
        has_body = (length is not None and length != "0") or "transfer-encoding" in headers
        if scope["method"] in ("POST", "PUT", "PATCH") and has_body:
            media = _media_type(headers.get("content-type", ""))
            allowed = (
                ("application/x-www-form-urlencoded",)
                if path in self.FORM_PATHS
                else ("application/json", "application/merge-patch+json")
            )
            if media not in allowed:
                await send_problem(
                    send,
                    415,
                    "mediatype-niet-ondersteund",
                    "Content-Type niet ondersteund",
                    f"Gebruik Content-Type {' of '.join(allowed)}",
                    problem_instance(scope),
                )
                return
        await self.app(scope, self._limited(receive, send, path), send)

    def _limited(self, receive: Receive, send: Send, path: str) -> Receive:
        seen = 0
        limit = self.max_body_bytes

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        return wrapped


class BodyTooLarge(HTTPException):
    """A chunked body grew past the limit while being read.

    An HTTPException because FastAPI turns any other exception raised while it reads the body into a
    400 "error parsing the body"; an HTTPException it re-raises, and the handler renders the 413.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"De body mag hoogstens {limit} bytes zijn")


def body_too_large_payload(path: str, limit: int) -> dict[str, Any]:
    return problem_body(
        413, "body-te-groot", "Request body te groot", f"De body mag hoogstens {limit} bytes zijn", path
    )
