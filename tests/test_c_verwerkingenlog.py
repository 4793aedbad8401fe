"""The verwerkingenlog: exactly one hash-chained row per disclosure (none for a 404 or the bronhouder's own
read), `ketenmeldingen verify-log` catching altered, removed and swapped rows, and the privacy officer's
search and inzage report by BSN."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from app.db import make_sessionmaker
from app.pseudonym import bsn_pseudoniem
from app.verwerkingen.service import seal_all
from tests.c_hulp import BASE, geef, intake_body, met_intake, opdracht
from tests.conftest import ROOT, Api
from tests.factories import bsn, detentie_body

TRACE = "0af7651916cd43dd8448eb211c80319c"
KETENMELDINGEN = Path(sys.executable).parent / "ketenmeldingen"


def _rijen(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [
            dict(r._mapping)
            for r in conn.execute(text("SELECT * FROM verwerkingen ORDER BY volgnummer")).all()
        ]


def test_exactly_one_row_per_disclosure_and_none_for_a_404_or_an_own_read(
    api: Api, rows: Callable[[str], int], engine: Engine
) -> None:
    dji, amsterdam, rn = (
        api.as_("demo-dji"),
        api.as_("demo-gemeente-amsterdam"),
        api.as_("demo-reclassering-rn"),
    )
    detentie_id = met_intake(dji)
    geef(dji, detentie_id, ["sociaal_netwerk"])
    blad = amsterdam.get(f"{BASE}/{detentie_id}/informatiebladen").json()["versies"][-1]["href"]
    onbekend = "00000000-0000-0000-0000-000000000000"
    assert rows("verwerkingen") == 0  # posting and the events it caused disclosed nothing

    def na(stap: Callable[[], Any], erbij: int) -> Any:
        voor = rows("verwerkingen")
        resultaat = stap()
        assert rows("verwerkingen") == voor + erbij
        return resultaat

    na(lambda: dji.get(f"{BASE}/{detentie_id}"), 0)  # the bronhouder's own data
    na(lambda: dji.get(f"{BASE}/{detentie_id}/basisvoorwaarden"), 0)
    na(lambda: dji.get(blad), 0)
    na(lambda: amsterdam.get(f"{BASE}/{detentie_id}"), 1)
    na(lambda: amsterdam.get(f"{BASE}/{detentie_id}/basisvoorwaarden"), 1)
    na(lambda: amsterdam.get(blad), 1)
    na(lambda: amsterdam.get(f"{BASE}/{detentie_id}/informatiebladen"), 0)  # a list without personal data
    na(lambda: amsterdam.get(f"{BASE}/{onbekend}"), 0)
    na(lambda: rn.get(f"{BASE}/{detentie_id}"), 0)  # 404: no opdracht
    na(lambda: rn.get(f"{BASE}/{detentie_id}/basisvoorwaarden"), 0)
    na(lambda: api.as_("demo-gemeente-rotterdam").get(blad), 0)
    na(lambda: api.as_("demo-beheer").get(f"{BASE}/{detentie_id}"), 0)
    events = na(lambda: amsterdam.feed(), 0)  # feed without expand: thin events only
    assert len(events) == 3  # detentie.gestart, informatieblad.verstrekt (intake), .verstrekt (consent)
    na(lambda: amsterdam.feed(expand="data"), 3)  # each expansion is a disclosure
    na(lambda: amsterdam.feed(na=1, expand="data"), 2)
    opdracht(dji, detentie_id)
    na(lambda: rn.get(f"{BASE}/{detentie_id}/basisvoorwaarden"), 1)
    na(lambda: rn.feed(expand="data"), 1)


def test_a_row_records_exactly_what_the_response_disclosed(api: Api, engine: Engine) -> None:
    dji, amsterdam = api.as_("demo-dji"), api.as_("demo-gemeente-amsterdam")
    body = detentie_body()
    r = dji.post(BASE, json=body)
    detentie_id = r.json()["id"]
    assert dji.post(f"{BASE}/{detentie_id}/intakes", json=intake_body()).status_code == 201
    geef(dji, detentie_id, ["zorg_toelichting"], ["gemeente"])
    r = amsterdam.get(
        f"{BASE}/{detentie_id}/basisvoorwaarden", headers={"traceparent": f"00-{TRACE}-b7ad6b7169203331-01"}
    )
    [rij] = _rijen(engine)
    grondslagen = r.json()["verstrekking"]["grondslagen"]
    assert {c: v["grondslag"] for c, v in _json(rij["categorieen"]).items()} == grondslagen
    assert grondslagen["zorg_toelichting"] == "AVG_TOESTEMMING_ART9"
    assert {v["doel"] for v in _json(rij["categorieen"]).values()} == {"re-integratie en nazorg (gemeente)"}
    assert rij["object_soort"] == "basisvoorwaarden"
    assert str(rij["object_id"]).replace("-", "") == r.json()["intakeId"].replace("-", "")
    assert rij["partner_naam"] == "demo-gemeente-amsterdam"
    assert rij["client_id"] == "demo-gemeente-amsterdam"
    assert rij["rol"] == "gemeente"
    assert rij["kanaal"] == "api"
    assert rij["trace_id"] == TRACE
    assert rij["bsn_pseudoniem"] == bsn_pseudoniem(body["persoon"]["bsn"], "test-pseudoniem-sleutel")
    assert body["persoon"]["bsn"] not in str(rij)
    amsterdam.feed(expand="data")
    assert {r["kanaal"] for r in _rijen(engine)[1:]} == {"feed"}


def _json(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else json.loads(value)


# --- verify-log --------------------------------------------------------------------------------------
def _verify_log(url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KETEN_DATABASE_URL": url, "KETEN_LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [str(KETENMELDINGEN), "verify-log"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture
def log_met_rijen(api: Api, engine: Engine) -> str:
    dji, amsterdam = api.as_("demo-dji"), api.as_("demo-gemeente-amsterdam")
    detentie_id = met_intake(dji)
    for _ in range(3):
        amsterdam.get(f"{BASE}/{detentie_id}")
        amsterdam.get(f"{BASE}/{detentie_id}/basisvoorwaarden")
    assert len(_rijen(engine)) == 6
    seal_all(make_sessionmaker(engine))  # what the server's sealer does within seconds
    assert [r["volgnummer"] for r in _rijen(engine)] == [1, 2, 3, 4, 5, 6]
    return engine.url.render_as_string(hide_password=False)


def _voer_uit(engine: Engine, *sql: str) -> None:
    with engine.begin() as conn:
        for s in sql:
            conn.execute(text(s))


def test_verify_log_passes_on_an_intact_log(log_met_rijen: str) -> None:
    r = _verify_log(log_met_rijen)
    assert r.returncode == 0, r.stdout + r.stderr
    assert '"intact": true' in r.stdout
    assert '"rijen": 6' in r.stdout


@pytest.mark.parametrize(
    "sabotage",
    [
        # changed: another recipient
        ["UPDATE verwerkingen SET partner_naam = 'iemand-anders' WHERE volgnummer = 3"],
        # changed: the channel
        ["UPDATE verwerkingen SET kanaal = 'webhook' WHERE volgnummer = 6"],
        # removed from the middle
        ["DELETE FROM verwerkingen WHERE volgnummer = 2"],
        # removed at the end (the chain head still remembers it)
        ["DELETE FROM verwerkingen WHERE volgnummer = 6"],
        # swapped: rows 2 and 4 exchange their place in the chain
        [
            "UPDATE verwerkingen SET volgnummer = 1000 WHERE volgnummer = 2",
            "UPDATE verwerkingen SET volgnummer = 2 WHERE volgnummer = 4",
            "UPDATE verwerkingen SET volgnummer = 4 WHERE volgnummer = 1000",
        ],
    ],
    ids=["changed-recipient", "changed-channel", "removed-middle", "removed-last", "swapped"],
)
def test_verify_log_fails_when_a_row_is_changed_removed_or_swapped(
    log_met_rijen: str, engine: Engine, sabotage: list[str]
) -> None:
    _voer_uit(engine, *sabotage)
    r = _verify_log(log_met_rijen)
    assert r.returncode == 1, r.stdout + r.stderr
    assert '"intact": false' in r.stdout


def test_verify_log_fails_when_a_changed_row_was_rehashed_too(log_met_rijen: str, engine: Engine) -> None:
    """Recomputing the altered row's own hash does not help: the next row no longer links to it."""
    from sqlalchemy import select

    from app.db import unit_of_work
    from app.verwerkingen.models import Verwerking
    from app.verwerkingen.service import compute_hash

    with unit_of_work(make_sessionmaker(engine)) as session:
        rij = session.scalar(select(Verwerking).where(Verwerking.volgnummer == 3))
        assert rij is not None
        rij.partner_naam = "iemand-anders"
        rij.hash = compute_hash(rij)
    r = _verify_log(log_met_rijen)
    assert r.returncode == 1
    assert "rij 4: sluit niet aan" in r.stdout


# --- The privacy officer -----------------------------------------------------------------------------
def test_privacy_officer_searches_and_reports_by_bsn_in_the_body(api: Api) -> None:
    dji, amsterdam, rn, privacy = (
        api.as_("demo-dji"),
        api.as_("demo-gemeente-amsterdam"),
        api.as_("demo-reclassering-rn"),
        api.as_("demo-privacy"),
    )
    body = detentie_body()
    persoon = body["persoon"]["bsn"]
    detentie_id = dji.post(BASE, json=body).json()["id"]
    assert dji.post(f"{BASE}/{detentie_id}/intakes", json=intake_body()).status_code == 201
    geef(dji, detentie_id, ["sociaal_netwerk"])
    opdracht(dji, detentie_id)
    amsterdam.get(f"{BASE}/{detentie_id}")
    amsterdam.get(f"{BASE}/{detentie_id}/basisvoorwaarden")
    rn.get(f"{BASE}/{detentie_id}/basisvoorwaarden")
    # Another person's disclosures stay out of this person's report.
    ander = met_intake(dji)
    amsterdam.get(f"{BASE}/{ander}")

    gevonden = privacy.post("/api/v1/verwerkingen/zoeken", json={"bsn": persoon})
    assert gevonden.status_code == 200, gevonden.text
    assert gevonden.json()["aantal"] == 3
    assert [v["objectSoort"] for v in gevonden.json()["verwerkingen"]] == [
        "detentie",
        "basisvoorwaarden",
        "basisvoorwaarden",
    ]

    r = privacy.post("/api/v1/inzage", json={"bsn": persoon})
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["aantalVerstrekkingen"] == 3
    assert [(o["ontvanger"], o["rol"], o["aantal"]) for o in report["ontvangers"]] == [
        ("demo-gemeente-amsterdam", "gemeente", 2),
        ("demo-reclassering-rn", "reclassering", 1),
    ]
    eerste, tweede, derde = report["verstrekkingen"]
    assert eerste["ontvanger"] == "demo-gemeente-amsterdam"
    assert eerste["tijd"] == "2026-11-23T09:00:00Z"
    assert eerste["kanaal"] == "api"
    assert {(c["categorie"], c["grondslag"]) for c in eerste["categorieen"]} == {
        ("detentie", "WJSG_51C"),
        ("casemanager", "WJSG_51C"),
    }
    assert ("sociaal_netwerk", "AVG_TOESTEMMING") in {
        (c["categorie"], c["grondslag"]) for c in tweede["categorieen"]
    }
    assert {c["doel"] for c in derde["categorieen"]} == {"advies en toezicht (reclassering)"}
    assert persoon not in r.text

    leeg = privacy.post("/api/v1/inzage", json={"bsn": bsn()}).json()
    assert leeg["aantalVerstrekkingen"] == 0


def test_only_the_privacy_role_may_search_and_a_bad_bsn_is_never_echoed(api: Api) -> None:
    persoon = bsn()
    for partner in ("demo-dji", "demo-gemeente-amsterdam", "demo-beheer", "demo-politie"):
        for pad in ("/api/v1/verwerkingen/zoeken", "/api/v1/inzage"):
            r = api.as_(partner).post(pad, json={"bsn": persoon})
            assert r.status_code == 403, (partner, pad)
            assert persoon not in r.text
    fout = persoon[:-1] + str((int(persoon[-1]) + 1) % 10)  # elfproef broken
    for waarde in (fout, "12345678", persoon + "0", "abcdefghi"):
        r = api.as_("demo-privacy").post("/api/v1/inzage", json={"bsn": waarde})
        assert r.status_code == 400
        assert r.headers["content-type"] == "application/problem+json"
        assert [p["name"] for p in r.json()["invalidParams"]] == ["bsn"]
        assert waarde not in r.text
    r = api.as_("demo-privacy").post("/api/v1/inzage", json={"bsn": persoon, "naam": "x"})
    assert r.status_code == 400
    assert persoon not in r.text
