"""A real webhook receiver for the tests: an HTTP server on 127.0.0.1 that verifies every Standard Webhooks
signature with the standardwebhooks library and records what arrived. Behaviour per path is scripted.

Each subscription gets its own path (`url("/a")`); after creating the subscription the test registers the
secret it got for that path (`secrets["/a"] = ...`).
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass(frozen=True)
class Antwoord:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    vertraging: float = 0.0


@dataclass(frozen=True)
class Ontvangst:
    pad: str
    webhook_id: str
    geldig: bool
    body: dict[str, Any]
    headers: dict[str, str]
    status: int

    @property
    def sequence(self) -> int:
        return int(self.body["sequence"])


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # connections cut by a worker's timeout or SIGKILL, or by our own stop(): expected here


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Ontvanger:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.secrets: dict[str, str] = {}
        self.script: dict[str, deque[Antwoord]] = defaultdict(deque)
        self.ontvangen: list[Ontvangst] = []
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._verbindingen: set[socket.socket] = set()

    def url(self, pad: str) -> str:
        return f"http://127.0.0.1:{self.port}{pad}"

    def antwoord(self, pad: str, *antwoorden: Antwoord) -> None:
        """The next requests to `pad` get these answers, in order; after that 200."""
        self.script[pad].extend(antwoorden)

    def van(self, pad: str) -> list[Ontvangst]:
        with self.lock:
            return [o for o in self.ontvangen if o.pad == pad]

    def aantal(self) -> int:
        with self.lock:
            return len(self.ontvangen)

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        lengte = int(handler.headers.get("Content-Length", "0"))
        raw = handler.rfile.read(lengte).decode()
        headers = {k.lower(): v for k, v in handler.headers.items()}
        pad = handler.path
        secret = self.secrets.get(pad)
        try:
            body = Webhook(secret).verify(raw, headers) if secret else json.loads(raw)
            geldig = secret is not None
        except WebhookVerificationError:
            body, geldig = json.loads(raw), False
        with self.lock:
            antwoord = self.script[pad].popleft() if self.script[pad] else Antwoord()
            status = antwoord.status if geldig else 400
            self.ontvangen.append(
                Ontvangst(pad, headers.get("webhook-id", ""), geldig, body, headers, status)
            )
        if antwoord.vertraging:
            time.sleep(antwoord.vertraging)
        try:
            handler.send_response(status)
            for naam, waarde in antwoord.headers.items():
                handler.send_header(naam, waarde)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        except OSError:
            pass  # the worker gave up (timeout) and closed the connection

    def start(self) -> Ontvanger:
        ontvanger = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                with ontvanger.lock:
                    ontvanger._verbindingen.add(self.connection)

            def finish(self) -> None:
                with ontvanger.lock:
                    ontvanger._verbindingen.discard(self.connection)
                super().finish()

            def do_POST(self) -> None:
                ontvanger._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = _Server(("127.0.0.1", self.port), Handler)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and cut every open (keep-alive) connection, as a crashed receiver would."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self.lock:
            verbindingen, self._verbindingen = list(self._verbindingen), set()
        for verbinding in verbindingen:
            with contextlib.suppress(OSError):
                verbinding.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
