"""What the disclosure policy needs to know about a detentie's BIJ-meldingen (for reading the detentie)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.bij import repository as repo
from app.consent.beslissing import BIJ_SOORT_RISICO_18B
from app.db import parse_uuid


@dataclass(frozen=True)
class BijFeiten:
    """`ontvangers`: partners recorded as recipients of a BIJ-melding about the detentie (they may read
    its identity and end date: they are told of its end, DESIGN §6). `soort`: `risico_18b` when every
    BIJ-melding about it is an art. 18b Pbw notice (their recipients read it on grondslag PBW_18B);
    otherwise None (a regular BIJ-melding exists: BIJ_REGELING)."""

    ontvangers: frozenset[uuid.UUID]
    soort: str | None


def verzamel(session: Session, detentie_id: uuid.UUID) -> BijFeiten:
    return _feiten(repo.ontvangers_en_soorten(session, detentie_id))


def _feiten(rows: list[tuple[uuid.UUID | None, str]]) -> BijFeiten:
    soorten = {soort for _, soort in rows}
    return BijFeiten(
        ontvangers=frozenset(pid for pid, _ in rows if pid is not None),
        soort=BIJ_SOORT_RISICO_18B if soorten == {BIJ_SOORT_RISICO_18B} else None,
    )


def uit_json(rows: list[list[Any]] | None) -> BijFeiten:
    """The inverse of app.bij.repository.ontvangers_en_soorten_json."""
    return _feiten([(parse_uuid(pid) if pid else None, soort) for pid, soort in rows or ()])
