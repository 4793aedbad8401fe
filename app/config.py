"""Settings, read from the environment (prefix ``KETEN_``). See the README's configuration table."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from pydantic import Field, SecretStr
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

    max_body_bytes: int = 1_048_576
    log_json: bool = True
    log_level: str = "INFO"
    # Seed the demo partners (never in a non-demo configuration).
    demo: bool = False
    webhook_allow_loopback: bool = False


@lru_cache
def get_settings() -> Settings:
    return Settings()
