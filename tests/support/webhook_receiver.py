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

from tests.support.environment import free_port


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass(frozen=True)
class Arrival:
    path: str
    webhook_id: str
    valid: bool
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


class Receiver:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.secrets: dict[str, str] = {}
        self.script: dict[str, deque[Reply]] = defaultdict(deque)
        self.arrivals: list[Arrival] = []
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def reply(self, path: str, *replies: Reply) -> None:
        """The next requests to `path` get these replies, in order; after that 200."""
        self.script[path].extend(replies)

    def arrived(self, path: str) -> list[Arrival]:
        with self.lock:
            return [a for a in self.arrivals if a.path == path]

    def count(self) -> int:
        with self.lock:
            return len(self.arrivals)

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length", "0"))
        raw = handler.rfile.read(length).decode()
        headers = {k.lower(): v for k, v in handler.headers.items()}
        path = handler.path
        secret = self.secrets.get(path)
        try:
            body = Webhook(secret).verify(raw, headers) if secret else json.loads(raw)
            valid = secret is not None
        except WebhookVerificationError:
            body, valid = json.loads(raw), False
        with self.lock:
            reply = self.script[path].popleft() if self.script[path] else Reply()
            status = reply.status if valid else 400
            self.arrivals.append(Arrival(path, headers.get("webhook-id", ""), valid, body, headers, status))
        if reply.delay:
            time.sleep(reply.delay)
        try:
            handler.send_response(status)
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        except OSError:
            pass  # the worker gave up (timeout) and closed the connection

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                with receiver.lock:
                    receiver._connections.add(self.connection)

            def finish(self) -> None:
                with receiver.lock:
                    receiver._connections.discard(self.connection)
                super().finish()

            def do_POST(self) -> None:
                receiver._handle(self)

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
            connections, self._connections = list(self._connections), set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
