"""Rendering a stored event as a CloudEvents 1.0 JSON object (NL GOV profile)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Protocol

from app.config import Settings
from app.timestamps import format_utc

API_BASE = "/api/v1"


def source(settings: Settings) -> str:
    return f"urn:nld:oin:{settings.oin}:systeem:ketenmeldingen"


def absolute(settings: Settings, path: str) -> str:
    return settings.publieke_url.rstrip("/") + API_BASE + path


class StoredEvent(Protocol):
    """An event as stored (an `Event` or a row of app.events.repository.FEED_COLUMNS)."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def sequence(self) -> int: ...
    @property
    def type(self) -> str: ...
    @property
    def subject(self) -> uuid.UUID: ...
    @property
    def dataref(self) -> str: ...
    @property
    def data(self) -> dict[str, Any]: ...
    @property
    def tijd(self) -> dt.datetime: ...


def to_cloudevent(
    event: StoredEvent, settings: Settings, data: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": str(event.id),
        "source": source(settings),
        "type": event.type,
        "time": format_utc(event.tijd),
        "subject": str(event.subject),
        "datacontenttype": "application/json",
        "dataref": absolute(settings, event.dataref),
        "sequence": str(event.sequence),
        "sequencetype": "Integer",
        "data": data if data is not None else event.data,
    }
