"""Instants as text: the UTC `Z` form the API answers with, and the forms values come back in from the
database inside JSON (app.db.json_rows)."""

from __future__ import annotations

import datetime as dt
import uuid


def format_utc(value: dt.datetime) -> str:
    """ISO 8601 in UTC with a `Z`; fractional seconds only when there are any."""
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"


def parse_uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)


def parse_datetime(value: str) -> dt.datetime:
    """A UTCDateTime as it appears in JSON: ISO 8601 with an offset (PostgreSQL) or naive UTC (SQLite)."""
    parsed = dt.datetime.fromisoformat(value)
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


def parse_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)
