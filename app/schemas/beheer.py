from __future__ import annotations

import uuid

from app.schemas.common import ApiModel, UtcDateTime


class OnbestelbaarOut(ApiModel):
    id: uuid.UUID
    type: str
    subject: uuid.UUID
    ontvanger_rol: str
    ontvanger_sleutel: str | None
    reden: str
    tijd: UtcDateTime


class OnbestelbaarList(ApiModel):
    onbestelbaar: list[OnbestelbaarOut]
