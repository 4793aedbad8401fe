"""Events as beheer sees them: the notices that could not reach an intended recipient."""

from __future__ import annotations

from collections.abc import Sequence

from app.events.models import OnbestelbareMelding
from app.schemas.beheer import OnbestelbaarList, OnbestelbaarOut


def onbestelbaar_list(rows: Sequence[OnbestelbareMelding]) -> OnbestelbaarList:
    return OnbestelbaarList(
        onbestelbaar=[OnbestelbaarOut.model_validate(r, from_attributes=True) for r in rows]
    )
