"""Gathering what the disclosure policy needs to know about a detentie (app.consent.beslissing.Feiten).

A read fetches the detentie, its policy facts, its casemanager contact and its overplaatsingen in one
statement: each fact is a correlated subquery owned by its feature's repository, returned as JSON.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import ColumnExpressionArgument, ScalarSelect, Select, bindparam, select
from sqlalchemy.orm import Session

from app.bij import feiten as bij
from app.bij import repository as bij_repo
from app.consent.beslissing import Feiten
from app.db import parse_datetime, parse_uuid
from app.detenties import repository as repo
from app.detenties.models import Detentie
from app.intakes import repository as intakes
from app.reclassering import repository as reclassering
from app.reclassering.feiten import opdrachten_uit_json
from app.schemas.casemanager import Casemanager
from app.toestemmingen import repository as toestemmingen
from app.toestemmingen.feiten import verklaringen_uit_json


@dataclass(frozen=True)
class OverplaatsingFeit:
    id: uuid.UUID
    van_inrichting: str
    naar_inrichting: str
    datum: dt.datetime


@dataclass(frozen=True)
class GelezenDetentie:
    """A detentie with everything a representation of it needs."""

    detentie: Detentie
    feiten: Feiten
    casemanager: Casemanager | None
    overplaatsingen: list[OverplaatsingFeit]


def _fact_columns(detentie_id: ColumnExpressionArgument[uuid.UUID]) -> list[ScalarSelect[Any]]:
    return [
        toestemmingen.verklaringen_json(detentie_id),
        reclassering.opdrachten_json(detentie_id),
        bij_repo.ontvangers_en_soorten_json(detentie_id),
    ]


def _feiten(d: Detentie, toestemmingen_json: Any, opdrachten_json: Any, bij_json: Any) -> Feiten:
    bij_feiten = bij.uit_json(bij_json)
    return Feiten(
        bron_partner_id=d.partner_id,
        verantwoordelijke_gemeenten=d.verantwoordelijke_gemeenten,
        opdrachten=opdrachten_uit_json(opdrachten_json),
        toestemmingen=verklaringen_uit_json(toestemmingen_json),
        bij_ontvangers=bij_feiten.ontvangers,
        bij_soort=bij_feiten.soort,
    )


# The statements are built once (they run on every read of a detentie), the id bound per execution.
@cache
def _facts_statement() -> Select[Any]:
    return select(*_fact_columns(Detentie.id)).where(Detentie.id == bindparam("detentie_id"))


@cache
def _read_statement() -> Select[Any]:
    return select(
        Detentie,
        *_fact_columns(Detentie.id),
        intakes.casemanager_json(Detentie.id),
        repo.overplaatsingen_json(Detentie.id),
    ).where(Detentie.id == bindparam("detentie_id"))


def verzamel(session: Session, d: Detentie) -> Feiten:
    """The facts of a detentie already at hand (e.g. locked for a change), in one statement."""
    toestemmingen_json, opdrachten_json, bij_json = session.execute(
        _facts_statement(), {"detentie_id": d.id}
    ).one()
    return _feiten(d, toestemmingen_json, opdrachten_json, bij_json)


def lees(session: Session, detentie_id: uuid.UUID) -> GelezenDetentie | None:
    """The detentie with its facts, casemanager and overplaatsingen, in one statement; None if unknown."""
    row = session.execute(_read_statement(), {"detentie_id": detentie_id}).one_or_none()
    if row is None:
        return None
    d: Detentie = row[0]
    casemanager_json, overplaatsingen_json = row[4], row[5]
    return GelezenDetentie(
        detentie=d,
        feiten=_feiten(d, row[1], row[2], row[3]),
        casemanager=Casemanager.model_validate(casemanager_json) if casemanager_json else None,
        overplaatsingen=_overplaatsingen(overplaatsingen_json),
    )


def _overplaatsingen(rows: Sequence[list[Any]] | None) -> list[OverplaatsingFeit]:
    feiten = [
        OverplaatsingFeit(parse_uuid(i), van, naar, parse_datetime(datum))
        for i, van, naar, datum in rows or ()
    ]
    return sorted(feiten, key=lambda o: o.datum)
