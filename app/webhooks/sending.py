"""One HTTP POST of a signed CloudEvent, classified into an Uitkomst. No database here."""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from dataclasses import dataclass

import httpcore
import httpx

from app import API_VERSION
from app.clock import Clock
from app.webhooks import signing
from app.webhooks.ssrf import GuardedBackend, UnsafeAddress

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


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, allow_loopback: bool) -> None:
        super().__init__(trust_env=False)
        # httpx does not expose httpcore's network_backend; swap the pool for one that uses the guard.
        # Covered by test_w_aflevering (a loopback URL refused at delivery time never reaches the receiver).
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=GuardedBackend(allow_loopback),
        )


class Sender:
    """Sends deliveries. One per worker thread (keeps its own connection pool)."""

    def __init__(self, timeout: float, allow_loopback: bool, wandklok: Clock) -> None:
        # The webhook-timestamp is checked against the receiver's real clock: always wall time.
        self.wandklok = wandklok
        self.client = httpx.Client(
            transport=_GuardedTransport(allow_loopback),
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
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
