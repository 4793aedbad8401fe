"""The doel (purpose) of DESIGN §7.2 reaches the verwerkingenlog: for every kind of read, the log row of the
disclosure carries, per category disclosed, the doel of the table's row that granted it. On both sides of
the S&B date through the configured `sb_datum` (`api_sb`; the test clock stands at 2026-11-23).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Engine, text

from tests.factories import bij_melding_body, detentie_body, intake_body, opdracht_body, toestemming_body
from tests.fixtures.app import Api
from tests.support.screening import SB_PAST

DET, BIJ = "/api/v1/detenties", "/api/v1/bij-meldingen"
NAZORG = "re-integratie en nazorg"
PLAN = "detentie- en re-integratieplan"
TOEZICHT = "advies en toezicht"
ORDE = "openbare orde en veiligheid"
GEVAAR = "voorkomen van gevaar (art. 18b Pbw)"
BASISVOORWAARDEN = ("identiteitsbewijs", "onderdak", "werk_inkomen", "schulden", "zorg")
ALLEEN_TOESTEMMING = ("zorg_toelichting", "sociaal_netwerk", "kinderen_mantelzorg")
GEMEENTE, RN, ZVH, POLITIE = (
    "demo-gemeente-amsterdam",
    "demo-reclassering-rn",
    "demo-bij-zvh-fryslan",
    "demo-politie",
)


def _doelen(engine: Engine) -> list[tuple[str, str, dict[str, str]]]:
    """The log rows in the order written: (partner, object soort, {categorie: doel})."""
    with engine.connect() as conn:
        rijen = conn.execute(
            text("SELECT partner_naam, object_soort, categorieen FROM verwerkingen ORDER BY write_order")
        ).all()
    result = []
    for partner, soort, categorieen in rijen:
        waarden: dict[str, Any] = categorieen if isinstance(categorieen, dict) else json.loads(categorieen)
        result.append((partner, soort, {c: v["doel"] for c, v in waarden.items()}))
    return result


def _post(api: Api, pad: str, body: dict[str, Any], method: str = "post") -> dict[str, Any]:
    r = api.as_("demo-dji").request(method.upper(), pad, json=body)
    assert r.status_code in (200, 201), r.text
    return dict(r.json())


def _read(api: Api, partner: str, pad: str) -> None:
    r = api.as_(partner).get(pad)
    assert r.status_code == 200, r.text


def _alle(doel: str, *categorieen: str) -> dict[str, str]:
    return dict.fromkeys(categorieen, doel)


def test_gemeente_and_reclassering_reads_log_the_doel_of_each_category(
    api_sb: Api, engine: Engine, sb_datum: dt.date
) -> None:
    api = api_sb
    detentie = _post(api, DET, detentie_body())["id"]
    _post(api, f"{DET}/{detentie}/intakes", intake_body())
    alles = [*BASISVOORWAARDEN, *ALLEEN_TOESTEMMING]
    _post(api, f"{DET}/{detentie}/toestemming", toestemming_body(alles), method="put")
    _post(api, f"{DET}/{detentie}/reclasseringsopdrachten", opdracht_body())
    for partner in (GEMEENTE, RN):
        _read(api, partner, f"{DET}/{detentie}")
        _read(api, partner, f"{DET}/{detentie}/basisvoorwaarden")

    # Before the S&B date the basisvoorwaarden go on consent, for the recipient's own doel; from it on
    # art. 18a Pbw, for the detentie- en re-integratieplan. The rest keeps the recipient's doel.
    basis_gemeente = PLAN if sb_datum == SB_PAST else NAZORG
    basis_reclassering = PLAN if sb_datum == SB_PAST else TOEZICHT
    assert _doelen(engine) == [
        (GEMEENTE, "detentie", _alle(NAZORG, "detentie", "casemanager")),
        (
            GEMEENTE,
            "basisvoorwaarden",
            _alle(basis_gemeente, *BASISVOORWAARDEN) | _alle(NAZORG, *ALLEEN_TOESTEMMING),
        ),
        (RN, "detentie", _alle(TOEZICHT, "detentie", "casemanager")),
        (
            RN,
            "basisvoorwaarden",
            _alle(basis_reclassering, *BASISVOORWAARDEN) | _alle(TOEZICHT, *ALLEEN_TOESTEMMING),
        ),
    ]


def test_bij_reads_log_the_doel_of_each_category(api_sb: Api, engine: Engine, sb_datum: dt.date) -> None:
    api = api_sb
    detentie = _post(api, DET, detentie_body())["id"]
    regulier = _post(api, BIJ, bij_melding_body(detentie))["id"]
    for partner in (ZVH, POLITIE):
        _read(api, partner, f"{BIJ}/{regulier}")
    verwacht = [
        (ZVH, "bij_melding", _alle(ORDE, "detentie", "bij")),
        (POLITIE, "bij_melding", _alle(ORDE, "detentie", "bij")),
    ]
    if sb_datum == SB_PAST:  # an art. 18b notice can only be made from the S&B date on
        risico = _post(api, BIJ, bij_melding_body(detentie, soort="risico_18b"))["id"]
        for partner in (ZVH, POLITIE):
            _read(api, partner, f"{BIJ}/{risico}")
        verwacht += [
            (ZVH, "bij_melding", _alle(GEVAAR, "detentie", "bij")),
            # DESIGN §7.2: politie receives every BIJ-melding under the BIJ-regeling, for its own doel.
            (POLITIE, "bij_melding", _alle(ORDE, "detentie", "bij")),
        ]
    assert _doelen(engine) == verwacht
