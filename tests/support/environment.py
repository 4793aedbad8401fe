"""Where the tests run: the repository root, CI or not, the PostgreSQL test server, the test keys and the
moment the test clock starts."""

from __future__ import annotations

import datetime as dt
import os
import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get("KETEN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
JWT_TEST_KEY = "test-jwt-sleutel-met-genoeg-entropie-0123456789"
PSEUDONYM_TEST_KEY = "test-pseudoniem-sleutel"
START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
