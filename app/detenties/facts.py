"""What the disclosure policy and the routing table need to know about a detentie (its policy facts),
gathered in one statement with the detentie itself.

Each fact lives with its feature (consent statements with toestemmingen, opdrachten with reclassering,
BIJ recipients with bij, the casemanager contact with intakes), which sits above this package. So the
features register a `FactSource` here (app.wiring does it at start-up): a correlated subquery that returns
the fact as one JSON value, and a decoder. A read then fetches the detentie and all its facts at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import ColumnExpressionArgument, ScalarSelect, Select, bindparam, select
from sqlalchemy.orm import Session

from app.consent.decision import ConsentStatement, PolicyFacts
from app.consent.relations import Opdracht
from app.consent.routing import Candidate
from app.detenties import repository as repo
from app.detenties.models import Detentie
from app.schemas.casemanager import Casemanager
from app.timestamps import parse_datetime, parse_uuid


@dataclass(frozen=True)
class DetentieFacts:
    """The registered facts of one detentie, decoded."""

    toestemmingen: tuple[ConsentStatement, ...] = ()
    opdrachten: tuple[Opdracht, ...] = ()
    # Recipients recorded on BIJ-meldingen about the detentie, and `risico_18b` when every such melding
    # is an art. 18b Pbw notice (None: a regular one exists, or none at all).
    bij_ontvangers: tuple[Candidate, ...] = ()
    bij_soort: str | None = None
    casemanager: Casemanager | None = None


@dataclass(frozen=True)
class FactSource:
    """`column(detentie_id)`: a correlated scalar subquery giving the fact as one JSON value.
    `decode(value)`: the DetentieFacts fields it fills, by name."""

    name: str
    column: Callable[[ColumnExpressionArgument[uuid.UUID]], ScalarSelect[Any]]
    decode: Callable[[Any], dict[str, Any]]


# The facts every decision needs; a read without them would decide on too little.
REQUIRED = ("toestemmingen", "opdrachten", "bij", "casemanager")
_SOURCES: dict[str, FactSource] = {}


def register(source: FactSource) -> None:
    _SOURCES[source.name] = source
    _read_statement.cache_clear()
    _facts_statement.cache_clear()


def _sources() -> list[FactSource]:
    missing = [name for name in REQUIRED if name not in _SOURCES]
    if missing:
        raise RuntimeError(f"policy fact sources not registered: {missing} (call app.wiring.wire())")
    return [_SOURCES[name] for name in sorted(_SOURCES)]


@dataclass(frozen=True)
class OverplaatsingFact:
    id: uuid.UUID
    van_inrichting: str
    naar_inrichting: str
    datum: dt.datetime


@dataclass(frozen=True)
class DetentieRead:
    """A detentie with everything a decision about it and a representation of it need."""

    detentie: Detentie
    facts: DetentieFacts
    overplaatsingen: list[OverplaatsingFact]

    @property
    def feiten(self) -> PolicyFacts:
        return policy_facts(self.detentie, self.facts)

    @property
    def casemanager(self) -> Casemanager | None:
        return self.facts.casemanager


def policy_facts(d: Detentie, facts: DetentieFacts) -> PolicyFacts:
    """The facts as the disclosure policy (app.consent.beslissing) takes them."""
    return PolicyFacts(
        bron_partner_id=d.partner_id,
        inrichting=d.inrichting,
        verantwoordelijke_gemeenten=d.verantwoordelijke_gemeenten,
        opdrachten=facts.opdrachten,
        toestemmingen=facts.toestemmingen,
        bij_ontvangers=frozenset(k.partner_id for k in facts.bij_ontvangers),
        bij_soort=facts.bij_soort,
    )


# The statements are built once (they run on every read of a detentie), the id bound per execution.
@cache
def _facts_statement() -> Select[Any]:
    columns = [s.column(Detentie.id) for s in _sources()]
    return select(*columns).where(Detentie.id == bindparam("detentie_id"))


@cache
def _read_statement() -> Select[Any]:
    columns = [s.column(Detentie.id) for s in _sources()]
    return select(Detentie, *columns, repo.overplaatsingen_json(Detentie.id)).where(
        Detentie.id == bindparam("detentie_id")
    )


def _decode(values: Sequence[Any]) -> DetentieFacts:
    fields: dict[str, Any] = {}
    for source, value in zip(_sources(), values, strict=True):
        fields.update(source.decode(value))
    return dataclasses.replace(DetentieFacts(), **fields)


def gather(session: Session, d: Detentie) -> DetentieFacts:
    """The facts of a detentie already at hand (e.g. locked for a change), in one statement."""
    row = session.execute(_facts_statement(), {"detentie_id": d.id}).one()
    return _decode(list(row))


def gather_policy_facts(session: Session, d: Detentie) -> PolicyFacts:
    """The policy facts of a detentie already at hand, in one statement."""
    return policy_facts(d, gather(session, d))


def read(session: Session, detentie_id: uuid.UUID) -> DetentieRead | None:
    """The detentie with its facts and overplaatsingen, in one statement; None if it does not exist."""
    row = session.execute(_read_statement(), {"detentie_id": detentie_id}).one_or_none()
    if row is None:
        return None
    values = list(row)
    return DetentieRead(
        detentie=values[0], facts=_decode(values[1:-1]), overplaatsingen=_overplaatsingen(values[-1])
    )


def _overplaatsingen(rows: Sequence[list[Any]] | None) -> list[OverplaatsingFact]:
    gelezen = [
        OverplaatsingFact(parse_uuid(i), van, naar, parse_datetime(d)) for i, van, naar, d in rows or ()
    ]
    return sorted(gelezen, key=lambda o: o.datum)
