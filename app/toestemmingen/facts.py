"""The consent history as a policy fact of its detentie (app.detenties.facts)."""

from __future__ import annotations

from typing import Any

from app.consent.categorieen import Categorie, OntvangerSoort
from app.consent.decision import ConsentStatement
from app.detenties.facts import FactSource
from app.timestamps import parse_datetime
from app.toestemmingen import repository as repo


def verklaringen_from_json(rows: list[list[Any]] | None) -> tuple[ConsentStatement, ...]:
    """The inverse of app.toestemmingen.repository.verklaringen_json."""
    return tuple(
        ConsentStatement(
            geregistreerd_op=parse_datetime(geregistreerd_op),
            categorieen=frozenset(Categorie(c) for c in categorieen),
            ontvangers=frozenset(OntvangerSoort(o) for o in ontvangers),
            volgnummer=volgnummer,
        )
        for geregistreerd_op, categorieen, ontvangers, volgnummer in rows or ()
    )


SOURCE = FactSource(
    "toestemmingen", repo.verklaringen_json, lambda value: {"toestemmingen": verklaringen_from_json(value)}
)
