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
from app.read_context import ReadContext

Expander = Callable[[Session, ReadContext, uuid.UUID], dict[str, Any]]
_EXPANDERS: dict[tuple[str, str], Expander] = {}


def register(prefix: str, expander: Expander, suffix: str = "") -> None:
    """For datarefs `prefix` + object id + `suffix`, e.g. ("/detenties/", fn) for /detenties/{id} and
    ("/detenties/", fn, "/basisvoorwaarden") for /detenties/{id}/basisvoorwaarden."""
    _EXPANDERS[(prefix, suffix)] = expander


def expand_dataref(session: Session, reading: ReadContext, dataref: str) -> dict[str, Any] | None:
    """The representation behind `dataref` as the reader may see it now; None when it may see nothing."""
    for (prefix, suffix), expander in _EXPANDERS.items():
        kop, slash, staart = dataref.removeprefix(prefix).partition("/")
        if dataref.startswith(prefix) and slash + staart == suffix:
            object_id = uuid.UUID(kop)
            try:
                return expander(session, reading, object_id)
            except NotFound:
                return None
    return None
