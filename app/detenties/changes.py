"""After a change to a detentie or to what hangs off it (a new intake, a consent statement, an
opdracht, another responsible gemeente), whoever registered here is told, in the same transaction.

The informatieblad fan-out (app.informatiebladen.fan_out) registers itself here at start-up
(app.wiring): it sits above the features that cause the changes, so they call this instead of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum

from sqlalchemy.orm import Session

from app.consent.decision import PolicyFacts
from app.detenties.models import Detentie


class Aanleiding(StrEnum):
    INTAKE = "intake"
    TOESTEMMING = "toestemming"
    OPDRACHT = "opdracht"
    GEMEENTE = "gemeente"  # another gemeente became responsible (correction, gemeenteNaOntslag)


Handler = Callable[[Session, Detentie, dt.datetime, dt.date, Aanleiding, PolicyFacts | None], None]
_HANDLERS: list[Handler] = []


def subscribe(handler: Handler) -> None:
    if handler not in _HANDLERS:
        _HANDLERS.append(handler)


def changed(
    session: Session,
    detentie: Detentie,
    moment: dt.datetime,
    sb_datum: dt.date,
    aanleiding: Aanleiding,
    voor: PolicyFacts | None = None,
) -> None:
    """Call in the transaction of the change, after it was flushed. `voor`: the policy facts before the
    change (None for a new intake)."""
    if not _HANDLERS:
        raise RuntimeError("no handler for detentie changes (call app.wiring.wire())")
    for handler in _HANDLERS:
        handler(session, detentie, moment, sb_datum, aanleiding, voor)
