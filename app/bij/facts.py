"""A detentie's BIJ-meldingen as a policy fact of it (app.detenties.facts): whom they were routed to (they
may read its identity and end date, and are told of its end: DESIGN §6, §7.2), and whether every one of
them is an art. 18b Pbw notice (its recipients then read on grondslag PBW_18B)."""

from __future__ import annotations

from typing import Any

from app.bij import repository as repo
from app.consent.decision import BIJ_SOORT_RISICO_18B
from app.consent.routing import Candidate
from app.detenties.facts import FactSource
from app.rollen import Rol
from app.timestamps import parse_uuid


def from_json(rows: list[list[Any]] | None) -> dict[str, Any]:
    """The inverse of app.bij.repository.ontvangers_json: rows (partner_id, rol, actief, soort)."""
    ontvangers: dict[str, Candidate] = {}
    soorten = set()
    for partner_id, rol, actief, soort in rows or ():
        soorten.add(soort)
        if partner_id is not None:
            ontvangers[partner_id] = Candidate(parse_uuid(partner_id), Rol(rol), actief=bool(actief))
    return {
        "bij_ontvangers": tuple(ontvangers[k] for k in sorted(ontvangers)),
        "bij_soort": BIJ_SOORT_RISICO_18B if soorten == {BIJ_SOORT_RISICO_18B} else None,
    }


SOURCE = FactSource("bij", repo.ontvangers_json, from_json)
