"""`expand=data`: the filtered representation an event points at. Each is a disclosure through app/consent.

Features register an expander for the dataref prefix of their resources.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.errors import NotFound

Expander = Callable[[Session, Principal, uuid.UUID, dt.datetime], dict[str, Any]]
_EXPANDERS: dict[str, Expander] = {}


def registreer(prefix: str, expander: Expander) -> None:
    _EXPANDERS[prefix] = expander


def expandeer(
    session: Session, principal: Principal, dataref: str, now: dt.datetime
) -> dict[str, Any] | None:
    """The representation behind `dataref` as the reader may see it now; None when it may see nothing."""
    for prefix, expander in _EXPANDERS.items():
        if dataref.startswith(prefix):
            object_id = uuid.UUID(dataref[len(prefix) :].split("/", 1)[0])
            try:
                return expander(session, principal, object_id, now)
            except NotFound:
                return None
    return None
