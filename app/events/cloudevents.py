"""Rendering a stored event as a CloudEvents 1.0 JSON object (NL GOV profile)."""

from __future__ import annotations

from typing import Any

from app.config import Settings
from app.events.models import Event
from app.schemas.common import format_utc

API_BASE = "/api/v1"


def source(settings: Settings) -> str:
    return f"urn:nld:oin:{settings.oin}:systeem:ketenmeldingen"


def absolute(settings: Settings, path: str) -> str:
    return settings.publieke_url.rstrip("/") + API_BASE + path


def to_cloudevent(event: Event, settings: Settings, data: dict[str, Any] | None = None) -> dict[str, Any]:
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
