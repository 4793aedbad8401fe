"""The consent history as the disclosure policy sees it (app.consent.beslissing.Verklaring)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from app.consent.beslissing import Verklaring
from app.consent.categorieen import Categorie, OntvangerSoort
from app.db import parse_datetime
from app.toestemmingen import repository as repo
from app.toestemmingen.models import Toestemming


def als_verklaring(t: Toestemming) -> Verklaring:
    return Verklaring(
        geregistreerd_op=t.geregistreerd_op,
        categorieen=frozenset(Categorie(c) for c in t.categorieen),
        ontvangers=frozenset(OntvangerSoort(o) for o in t.ontvangers),
        volgnummer=t.volgnummer,
    )


def als_verklaringen(toestemmingen: Iterable[Toestemming]) -> tuple[Verklaring, ...]:
    return tuple(als_verklaring(t) for t in toestemmingen)


def verklaringen(session: Session, detentie_id: uuid.UUID) -> tuple[Verklaring, ...]:
    return als_verklaringen(repo.van_detentie(session, detentie_id))


def verklaringen_uit_json(rows: list[list[Any]] | None) -> tuple[Verklaring, ...]:
    """The inverse of app.toestemmingen.repository.verklaringen_json."""
    return tuple(
        Verklaring(
            geregistreerd_op=parse_datetime(geregistreerd_op),
            categorieen=frozenset(Categorie(c) for c in categorieen),
            ontvangers=frozenset(OntvangerSoort(o) for o in ontvangers),
            volgnummer=volgnummer,
        )
        for geregistreerd_op, categorieen, ontvangers, volgnummer in rows or ()
    )
