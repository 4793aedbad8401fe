"""The SSRF guard at connect time, end to end (issue 10, item 4).

A hostname is public when the subscription is checked and points at a loopback listener when the worker
delivers (DNS rebinding). The real sender and transport (app.webhooks.sending) must refuse it before
opening a connection: the listener records none. The positive control sends the same way with loopback
allowed and the listener records the connection, so the refusal comes from the guard on the transport's
connect path and not from anything else.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from app.clock import SystemClock
from app.webhooks.sending import Outcome, Sender
from app.webhooks.signing import new_secret
from app.webhooks.ssrf import check_callback_url

HOST = "hook.example.test"
PUBLIC = "8.8.8.8"
REFUSED = "adres niet toegestaan: host verwijst naar een niet-publiek adres"


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection with the first bytes sent on it, then
    closes it (a TLS client fails its handshake at once)."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.05)
        self.port: int = self._socket.getsockname()[1]
        self._connections: list[bytes] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ssrf-listener", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            self._record(conn)

    def _record(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(2.0)
            try:
                first = conn.recv(4096)
            except OSError:
                first = b""
        with self._lock:
            self._connections.append(first)

    def connections(self) -> list[bytes]:
        """Every connection so far, including any the kernel accepted but the thread has not seen yet."""
        self._stop.set()
        self._thread.join(timeout=5)
        self._socket.setblocking(False)
        while True:
            try:
                conn, _ = self._socket.accept()
            except BlockingIOError:
                break
            conn.setblocking(True)
            self._record(conn)
        with self._lock:
            return list(self._connections)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._socket.close()


class RebindingResolver:
    """A getaddrinfo stand-in whose answer for HOST the test changes between check and delivery."""

    def __init__(self, answer: list[str]) -> None:
        self.answer = answer
        self.calls: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int, family: int = 0, kind: int = 0, /) -> list[tuple[Any, ...]]:
        self.calls.append((host, port))
        if host != HOST:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
            if ":" in address
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in self.answer
        ]


@pytest.fixture
def listener() -> Iterator[Listener]:
    listening = Listener()
    yield listening
    listening.close()


def deliver(url: str, allow_loopback: bool, resolver: RebindingResolver) -> Outcome:
    sender = Sender(2.0, allow_loopback, SystemClock(), resolver)
    try:
        return sender.send(url, new_secret(), "msg_2b4f0c3e", '{"specversion":"1.0"}')
    finally:
        sender.close()


def subscribe_then_rebind(listener: Listener, delivery_answer: list[str]) -> tuple[str, RebindingResolver]:
    """The callback URL passes the subscription check on a public address; then DNS changes."""
    url = f"https://{HOST}:{listener.port}/webhook"
    resolver = RebindingResolver([PUBLIC])
    check_callback_url(url, allow_loopback=False, resolver=resolver)
    resolver.answer = delivery_answer
    return url, resolver


def test_rebinding_to_the_loopback_listener_is_refused_without_a_connection(listener: Listener) -> None:
    url, resolver = subscribe_then_rebind(listener, ["127.0.0.1"])

    outcome = deliver(url, allow_loopback=False, resolver=resolver)

    assert outcome == Outcome(False, None, outcome.duur_ms, REFUSED)
    assert resolver.calls == [(HOST, listener.port), (HOST, listener.port)]  # checked, then at connect
    assert listener.connections() == []


@pytest.mark.parametrize(
    "delivery_answer",
    [
        ["::ffff:127.0.0.1"],
        ["::127.0.0.1"],
        ["64:ff9b::7f00:1"],
        ["64:ff9b::a9fe:a9fe"],
        ["2002:7f00:1::"],
        [PUBLIC, "127.0.0.1"],  # one internal address refuses the host, even after a public one
        ["127.0.0.1", PUBLIC],
    ],
)
def test_rebinding_to_any_internal_form_is_refused_without_a_connection(
    listener: Listener, delivery_answer: list[str]
) -> None:
    url, resolver = subscribe_then_rebind(listener, delivery_answer)

    assert deliver(url, allow_loopback=False, resolver=resolver).fout == REFUSED
    assert listener.connections() == []


def test_positive_control_with_loopback_allowed_the_same_path_connects(listener: Listener) -> None:
    url, resolver = subscribe_then_rebind(listener, ["127.0.0.1"])

    outcome = deliver(url, allow_loopback=True, resolver=resolver)

    [client_hello] = listener.connections()
    assert HOST.encode() in client_hello  # TLS SNI carries the host name, not the address connected to
    assert outcome.geslaagd is False
    assert outcome.fout is not None
    assert outcome.fout.startswith("ConnectError")  # the listener hung up during the handshake


def test_the_approved_addresses_are_tried_in_order_ipv6_then_ipv4(listener: Listener) -> None:
    # Nothing listens on [::1] at this port (or IPv6 is off): the guard falls back to 127.0.0.1.
    url, resolver = subscribe_then_rebind(listener, ["::1", "127.0.0.1"])

    deliver(url, allow_loopback=True, resolver=resolver)

    assert len(listener.connections()) == 1


def test_a_port_zero_stored_before_the_fix_is_refused_at_connect_time(listener: Listener) -> None:
    resolver = RebindingResolver(["127.0.0.1"])

    outcome = deliver(f"https://{HOST}:0/webhook", allow_loopback=True, resolver=resolver)

    assert outcome.fout == "adres niet toegestaan: ongeldige poort"
    assert resolver.calls == []
    assert listener.connections() == []
