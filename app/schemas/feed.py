from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from app.schemas.common import ApiModel


class CloudEvent(BaseModel):
    """CloudEvents 1.0 (NL GOV profile). Context attributes never carry personal data."""

    specversion: str = Field(examples=["1.0"])
    id: str = Field(description="UUID; the deduplication key")
    source: str = Field(examples=["urn:nld:oin:00000001234567890000:systeem:ketenmeldingen"])
    type: str = Field(examples=["nl.justitiabelen.detentie.gestart"])
    time: str
    subject: str = Field(description="UUID of the detentie (never a BSN)")
    datacontenttype: str
    dataref: str
    sequence: str = Field(description="Per-recipient, contiguous decimal integer")
    sequencetype: str
    data: dict[str, Any] = Field(description="Thin data; with expand=data the filtered representation")


class FeedOut(ApiModel):
    notificaties: list[CloudEvent]
    laatste_sequence: int = Field(description="Pass as `na` for the next page")
