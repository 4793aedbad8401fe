"""Settings, read from the environment (prefix ``KETEN_``). See the README's configuration table."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KETEN_", extra="ignore")

    database_url: str = "sqlite:///./ketenmeldingen.db"
    host: str = "127.0.0.1"
    port: int = 8000
    # Base URL used in `dataref` and `Link` headers: what partners see in front of /api/v1.
    publieke_url: str = "http://localhost:8000"
    # OIN of the organisation running the service; goes into the CloudEvents `source`.
    oin: str = "00000001234567890000"

    # Built-in token issuer. Without a configured key a random one is made per process (tokens do
    # not survive a restart and are not shared between processes): fine for the embedded demo only.
    jwt_sleutel: SecretStr | None = None
    jwt_issuer: str = "ketenmeldingen"
    token_geldigheid_seconden: int = Field(default=900, ge=60, le=86_400)
    # When set (e.g. "X-Client-OIN"), every token request and API call must carry this header, put
    # there by the TLS-terminating proxy from the PKIoverheid certificate, matching the partner's OIN.
    mtls_oin_header: str | None = None

    # Date from which the Wet straffen en beschermen applies (grondslag switch, art. 18a/18b Pbw).
    sb_datum: dt.date = dt.date(2021, 7, 1)
    # Key for the keyed pseudonym (HMAC) of a BSN in the verwerkingenlog.
    pseudoniem_sleutel: SecretStr = SecretStr("ontwikkel-sleutel-niet-voor-productie")

    # Connections per process (the pool never overflows; see app.db), how long a request may wait for
    # one before it is answered 503, how many write transactions run at once per process (PostgreSQL;
    # SQLite has one writer), and the request threadpool. More writers or threads in one process only
    # make them compete for the GIL (measured: bench/RESULTS.md); use `serve --workers N` for more.
    db_pool_size: int = Field(default=20, ge=2, le=500)
    db_pool_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    db_max_writers: int = Field(default=2, ge=1, le=250)
    request_threads: int = Field(default=16, ge=4, le=1000)

    max_body_bytes: int = 1_048_576
    log_json: bool = True
    log_level: str = "INFO"
    # Seed the demo partners (never in a non-demo configuration).
    demo: bool = False
    webhook_allow_loopback: bool = False
    # Run one delivery worker inside the API process. Unset: `serve` turns it on, plain create_app()
    # (tests, other ASGI servers) leaves it off. Set false when separate `ketenmeldingen worker`s run.
    worker_in_process: bool | None = None
    # Threads per worker process; each delivers to one subscription at a time.
    webhook_worker_threads: int = Field(default=2, ge=1, le=64)
    webhook_poll_interval_seconden: float = Field(default=1.0, gt=0, le=60)
    # Per HTTP phase (connect, write, read).
    webhook_timeout_seconden: float = Field(default=10.0, gt=0, le=120)
    # How long a worker owns a claimed subscription; another worker takes over after it lapses.
    # Must comfortably exceed connect + write timeouts (checked below).
    webhook_lease_seconden: float = Field(default=120.0, gt=0)
    # Wait before retry n (after failed attempt n); after the last one fails the subscription is
    # disabled. The default doubles from 30 s to 8 h and spans ~31.9 h (issue 5: at least 24 h).
    webhook_retry_schema_seconden: list[float] = Field(
        default=[30, 120, 300, 900, 1800, 3600, 7200, 14400, 28800, 28800, 28800], min_length=1
    )
    # Jitter adds 0..this fraction to each wait (never shortens it, so the 24 h span holds).
    webhook_jitter: float = Field(default=0.2, ge=0, le=1)
    # A receiver's Retry-After is honoured up to this many seconds.
    webhook_retry_after_max_seconden: float = Field(default=86_400, ge=0)

    @model_validator(mode="after")
    def _lease_covers_sending(self) -> Settings:
        if self.webhook_lease_seconden < 3 * self.webhook_timeout_seconden:
            raise ValueError("webhook_lease_seconden must be at least 3 x webhook_timeout_seconden")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
