"""ASGI middleware applying app.idempotency.service to every POST that carries an Idempotency-Key."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db import Database
from app.errors import DomainError, Unauthorized
from app.idempotency import service
from app.middleware import BodyTooLarge, send_problem

REPLAYED_HEADERS = {"content-type", "location"}


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        sleutel = headers.get("idempotency-key")
        if sleutel is None:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if not (1 <= len(sleutel) <= 255) or not sleutel.isprintable():
            await send_problem(
                send,
                400,
                "idempotency-key-ongeldig",
                "Ongeldige Idempotency-Key",
                "Idempotency-Key moet 1 tot 255 afdrukbare tekens zijn",
                path,
            )
            return
        state: Any = scope["app"].state
        partner_id = self._partner(state, headers)
        if partner_id is None:  # unauthenticated: let the app answer 401
            await self.app(scope, receive, send)
            return
        try:
            body = await _read_body(receive)
        except BodyTooLarge as exc:
            await send_problem(send, 413, "body-te-groot", "Request body te groot", exc.detail, path)
            return
        request_hash = hashlib.sha256(
            b"\n".join([scope["method"].encode(), path.encode(), scope.get("query_string", b""), body])
        ).hexdigest()
        db, now = state.db, state.clock.now()
        factory = db.sessionmaker
        try:
            async with db.gate.turn():
                claimed = await run_in_threadpool(
                    service.claim, factory, partner_id, sleutel, request_hash, now
                )
        except DomainError as exc:
            await send_problem(send, exc.status, exc.slug, exc.title, exc.detail, path)
            return
        if isinstance(claimed, service.StoredResponse):
            await _replay(send, claimed)
            return
        await self._run(scope, body, send, db, claimed)

    @staticmethod
    def _partner(state: Any, headers: Headers) -> uuid.UUID | None:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        try:
            return state.token_issuer.verify(token.strip(), state.clock.now()).partner_id  # type: ignore[no-any-return]
        except Unauthorized:
            return None

    async def _run(self, scope: Scope, body: bytes, send: Send, db: Database, record_id: uuid.UUID) -> None:
        """Run the request, store its answer, and only then send it: a retry never finds a claim without an
        answer for a request whose client already has one."""
        start: Message | None = None
        chunks: list[bytes] = []
        delivered = False

        async def replay_receive() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return {"type": "http.disconnect"}

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        factory = db.sessionmaker
        try:
            await self.app(scope, replay_receive, capture)
        except BaseException:
            async with db.gate.turn():
                await run_in_threadpool(service.release, factory, record_id)
            raise
        if start is None:
            raise RuntimeError("the application sent no response")
        status = int(start["status"])
        content = b"".join(chunks)
        async with db.gate.turn():
            if status >= 500 or status == 401:
                # Not answers to remember: after a server failure the client may retry with the same
                # key, and a 401 (e.g. a revoked client) must not be replayed to the partner's other
                # clients.
                await run_in_threadpool(service.release, factory, record_id)
            else:
                headers = [(k.decode(), v.decode()) for k, v in start.get("headers", [])]
                kept = [(k, v) for k, v in headers if k.lower() in REPLAYED_HEADERS]
                stored = service.StoredResponse(status, kept, content)
                await run_in_threadpool(service.complete, factory, record_id, stored)
        await send(start)
        await send({"type": "http.response.body", "body": content})


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _replay(send: Send, stored: service.StoredResponse) -> None:
    headers = [(k.encode(), v.encode()) for k, v in stored.headers if k.lower() != "content-length"]
    headers.append((b"content-length", str(len(stored.body)).encode()))
    headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": stored.status, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body})
