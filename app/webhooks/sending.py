"""One HTTP POST of a signed CloudEvent, classified into an Uitkomst. No database here.

Every connection goes through the SSRF guard at connect time (`app.webhooks.ssrf.GuardedBackend`). It is
plugged in through public API only: `GuardedTransport` is an `httpx.BaseTransport` (httpx's documented
extension point for custom transports) around an `httpcore.ConnectionPool` built with
`network_backend=GuardedBackend(...)` (httpcore's documented network-backend hook). It maps requests,
responses and exceptions the way httpx's own `HTTPTransport` does, minus what deliveries never use
(proxies, HTTP/2, unix sockets, async). Earlier versions swapped `HTTPTransport._pool` and imported
`httpcore._backends.base`; neither private name is touched any more.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import socket
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import httpcore
import httpx

from app import API_VERSION
from app.clock import Clock
from app.webhooks import signing
from app.webhooks.ssrf import GuardedBackend, Resolver, UnsafeAddress

CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
MAX_ANTWOORD_BYTES = 65_536


@dataclass(frozen=True)
class Outcome:
    geslaagd: bool
    statuscode: int | None
    duur_ms: int
    fout: str | None = None
    # Seconds the receiver asked us to wait (Retry-After), if it said so.
    retry_after: float | None = None

    @property
    def gone(self) -> bool:
        return self.statuscode == 410


def parse_retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Retry-After as delta-seconds or HTTP-date (RFC 9110 §10.2.3); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return max(0.0, (moment - now).total_seconds())


# httpcore exception -> httpx exception, most specific first (as httpx's HTTPTransport maps them).
_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextlib.contextmanager
def _map_exceptions() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for source, target in _EXCEPTIONS:
            if isinstance(exc, source):
                raise target(str(exc)) from exc
        raise


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _map_exceptions():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if callable(close):
            close()


class GuardedTransport(httpx.BaseTransport):
    """HTTP/1.1 transport whose every connection passes the SSRF guard (see the module docstring).
    Timeouts come from the client, per request, as with any httpx transport."""

    def __init__(self, allow_loopback: bool, resolver: Resolver = socket.getaddrinfo) -> None:
        self.backend = GuardedBackend(allow_loopback, resolver)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=self.backend,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(request.stream, httpx.SyncByteStream):
            raise TypeError("GuardedTransport verstuurt alleen synchrone verzoeken")
        if request.url.port is not None and not 1 <= request.url.port <= 65535:
            # httpcore would quietly take port 0 for the scheme's default port.
            raise UnsafeAddress("ongeldige poort")
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _map_exceptions():
            response = self._pool.handle_request(core_request)
        if not isinstance(response.stream, Iterable):
            raise TypeError("httpcore gaf een asynchrone stream")
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


class Sender:
    """Sends deliveries. One per worker thread (keeps its own connection pool)."""

    def __init__(
        self, timeout: float, allow_loopback: bool, wandklok: Clock, resolver: Resolver = socket.getaddrinfo
    ) -> None:
        # The webhook-timestamp is checked against the receiver's real clock: always wall time.
        self.wandklok = wandklok
        self.client = httpx.Client(
            transport=GuardedTransport(allow_loopback, resolver),
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": f"Ketenmeldingen-webhooks/{API_VERSION}"},
        )

    def close(self) -> None:
        self.client.close()

    def send(self, url: str, secret: str, msg_id: str, body: str) -> Outcome:
        headers = {"Content-Type": CONTENT_TYPE, **signing.headers(secret, msg_id, self.wandklok.now(), body)}
        start = time.monotonic()
        try:
            with self.client.stream("POST", url, content=body.encode(), headers=headers) as response:
                _drain(response)
        except UnsafeAddress as exc:
            return Outcome(False, None, _ms(start), f"adres niet toegestaan: {exc}")
        except httpx.TimeoutException as exc:
            return Outcome(False, None, _ms(start), f"timeout ({type(exc).__name__})")
        except httpx.HTTPError as exc:
            return Outcome(False, None, _ms(start), f"{type(exc).__name__}: {exc}"[:300])
        return _classify(response, _ms(start), self.wandklok.now())


def _drain(response: httpx.Response) -> None:
    """Read (and discard) at most MAX_ANTWOORD_BYTES of the answer: its content is never stored."""
    gelezen = 0
    for chunk in response.iter_raw():
        gelezen += len(chunk)
        if gelezen >= MAX_ANTWOORD_BYTES:
            break


def _ms(start: float) -> int:
    return round((time.monotonic() - start) * 1000)


def _classify(response: httpx.Response, duur_ms: int, now: dt.datetime) -> Outcome:
    code = response.status_code
    if 200 <= code < 300:
        return Outcome(True, code, duur_ms)
    retry_after = parse_retry_after(response.headers.get("Retry-After"), now)
    if 300 <= code < 400:
        fout = f"HTTP {code}: doorverwijzingen worden niet gevolgd"
    elif code == 410:
        fout = "HTTP 410 Gone: ontvanger heeft het abonnement opgezegd"
    else:
        fout = f"HTTP {code}"
    return Outcome(False, code, duur_ms, fout, retry_after)
