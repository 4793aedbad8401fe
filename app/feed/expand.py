"""`expand=data`: the filtered representation an event points at. Each is a disclosure through app/consent
and is logged in the verwerkingenlog by the feature's read function.

Features register an expander for the dataref prefix of their resources.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from app.errors import NotFound
from app.lezing import Lezing

Expander = Callable[[Session, Lezing, uuid.UUID], dict[str, Any]]
_EXPANDERS: dict[str, Expander] = {}


def registreer(prefix: str, expander: Expander) -> None:
    _EXPANDERS[prefix] = expander


def expandeer(session: Session, lezing: Lezing, dataref: str) -> dict[str, Any] | None:
    """The representation behind `dataref` as the reader may see it now; None when it may see nothing."""
    for prefix, expander in _EXPANDERS.items():
        if dataref.startswith(prefix):
            object_id = uuid.UUID(dataref[len(prefix) :].split("/", 1)[0])
            try:
                return expander(session, lezing, object_id)
            except NotFound:
                return None
    return None
