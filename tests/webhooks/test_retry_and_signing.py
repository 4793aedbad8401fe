"""Pure parts of webhook delivery: the retry schedule, Retry-After, the address guard, signing."""

from __future__ import annotations

import datetime as dt
import ipaddress
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from standardwebhooks.webhooks import Webhook

from app.config import Settings
from app.webhooks import signing
from app.webhooks.aflevering import retry_wait
from app.webhooks.sending import parse_retry_after
from app.webhooks.ssrf import adres_toegestaan

NU = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def test_default_schedule_retries_for_more_than_a_day_even_without_jitter() -> None:
    schema = Settings().webhook_retry_schema_seconden
    assert sum(schema) >= 24 * 3600
    assert schema == sorted(schema)  # backs off, never speeds up
    assert schema[0] <= 60  # a blip is retried soon


@given(
    basis=st.floats(0.01, 100_000),
    jitter=st.floats(0, 1),
    retry_after=st.none() | st.floats(0, 10**7),
    seed=st.integers(0, 2**32),
)
def test_jitter_only_lengthens_and_retry_after_is_a_capped_floor(
    basis: float, jitter: float, retry_after: float | None, seed: int
) -> None:
    wacht = retry_wait(basis, jitter, random.Random(seed), retry_after, 86_400).total_seconds()
    ondergrens = max(basis, min(retry_after, 86_400)) if retry_after is not None else basis
    assert wacht >= ondergrens - 1e-6
    assert wacht <= max(basis * (1 + jitter), ondergrens) + 1e-6


def test_jitter_spreads_retries() -> None:
    rng = random.Random(1)
    waits = {retry_wait(60, 0.2, rng, None, 0).total_seconds() for _ in range(50)}
    assert len(waits) == 50
    assert all(60 <= w <= 72 for w in waits)


@pytest.mark.parametrize(
    ("header", "seconden"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("Mon, 23 Nov 2026 09:05:00 GMT", 300.0),
        ("Mon, 23 Nov 2026 08:00:00 GMT", 0.0),  # in the past: no extra wait
        (None, None),
        ("", None),
        ("-5", None),
        ("binnenkort", None),
    ],
)
def test_retry_after_as_seconds_or_http_date(header: str | None, seconden: float | None) -> None:
    assert parse_retry_after(header, NU) == seconden


@pytest.mark.parametrize(
    ("adres", "met_loopback", "toegestaan"),
    [
        ("8.8.8.8", False, True),
        ("2001:4860:4860::8888", False, True),
        ("127.0.0.1", False, False),
        ("127.0.0.1", True, True),
        ("::1", True, True),
        ("10.0.0.1", True, False),
        ("172.16.5.4", True, False),
        ("192.168.1.1", True, False),
        ("169.254.169.254", True, False),
        ("fe80::1", True, False),
        ("fc00::1", True, False),
        ("100.64.0.1", True, False),
        ("0.0.0.0", True, False),  # noqa: S104 (an address to refuse, not to bind)
        ("224.0.0.1", True, False),
        ("ff02::1", True, False),
        ("240.0.0.1", True, False),
        ("192.0.2.1", True, False),
    ],
)
def test_only_public_addresses_and_loopback_when_allowed(
    adres: str, met_loopback: bool, toegestaan: bool
) -> None:
    assert adres_toegestaan(ipaddress.ip_address(adres), met_loopback) is toegestaan


def test_lease_must_outlast_sending() -> None:
    with pytest.raises(ValidationError, match="webhook_lease_seconden"):
        Settings(webhook_timeout_seconden=10, webhook_lease_seconden=20)


def test_signature_verifies_with_the_standard_webhooks_library() -> None:
    secret = signing.new_secret()
    moment = dt.datetime.now(dt.UTC)
    body = '{"id":"e1","data":{}}'
    headers = signing.headers(secret, "e1", moment, body)
    assert headers["webhook-id"] == "e1"
    assert headers["webhook-timestamp"] == str(int(moment.timestamp()))
    assert Webhook(secret).verify(body, headers) == {"id": "e1", "data": {}}
    with pytest.raises(Exception, match="signature"):
        Webhook(signing.new_secret()).verify(body, headers)
    with pytest.raises(Exception, match="signature"):
        Webhook(secret).verify(body.replace("e1", "e2"), headers)
