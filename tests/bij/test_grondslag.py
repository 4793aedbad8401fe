"""The grondslag of a BIJ-melding (DESIGN §7.2): each read logged on the BIJ-regeling or, for a risk notice,
art. 18b Pbw, which applies only from the S&B date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from app.bij.service import GrondslagOntbreekt, _check_grondslag
from app.config import Settings
from app.db import make_sessionmaker, unit_of_work
from app.pseudonym import bsn_pseudoniem
from app.schemas.bij import BijMeldingCreate
from app.verwerkingen.service import verify_chain
from tests.factories import bij_melding_body
from tests.fixtures.app import Api
from tests.support.bij import (
    BIJ,
    DET,
    POLITIE,
    PROBLEM,
    ZVH,
    create_detentie,
    create_melding,
    log_rows,
    table_counts,
)

SB = dt.date(2021, 7, 1)
DOEL = {"BIJ_REGELING": "openbare orde en veiligheid", "PBW_18B": "voorkomen van gevaar (art. 18b Pbw)"}


def test_each_read_logs_the_bij_grondslag(api: Api, engine: Engine, settings: Settings) -> None:
    sleutel = settings.pseudoniem_sleutel.get_secret_value()
    detentie = create_detentie(api)
    regulier = create_melding(api, detentie["id"])
    risico = create_melding(api, detentie["id"], soort="risico_18b")
    for client in (ZVH, POLITIE):
        for m in (regulier, risico):
            assert api.as_(client).get(f"{BIJ}/{m['id']}").status_code == 200
    r = api.as_(ZVH).get(f"{BIJ}/{risico['id']}")
    assert r.json()["verstrekking"]["grondslagen"] == {"bij": "PBW_18B", "detentie": "PBW_18B"}

    rijen = log_rows(engine)
    gezien = [
        (v.partner_naam, str(v.object_id), {c: g["grondslag"] for c, g in v.categorieen.items()})
        for v in rijen
    ]
    assert gezien == [
        (ZVH, regulier["id"], {"bij": "BIJ_REGELING", "detentie": "BIJ_REGELING"}),
        (ZVH, risico["id"], {"bij": "PBW_18B", "detentie": "PBW_18B"}),
        (POLITIE, regulier["id"], {"bij": "BIJ_REGELING", "detentie": "BIJ_REGELING"}),
        # DESIGN §7.2: politie receives every BIJ-melding, also a risk notice, under the BIJ-regeling.
        (POLITIE, risico["id"], {"bij": "BIJ_REGELING", "detentie": "BIJ_REGELING"}),
        (ZVH, risico["id"], {"bij": "PBW_18B", "detentie": "PBW_18B"}),
    ]
    for v in rijen:
        assert v.object_soort == "bij_melding"
        assert v.categorieen["detentie"]["beperking"] == "identiteit"
        # DESIGN §7.2, last column: the doel follows the grondslag.
        assert v.categorieen["bij"]["doel"] == DOEL[v.categorieen["bij"]["grondslag"]]
        assert v.categorieen["detentie"]["doel"] == DOEL[v.categorieen["detentie"]["grondslag"]]
        assert v.bsn_pseudoniem == bsn_pseudoniem(detentie["persoon"]["bsn"], sleutel)
    with unit_of_work(make_sessionmaker(engine)) as session:
        assert verify_chain(session).intact


def test_detentie_of_only_risk_notices_is_read_on_pbw_18b(api: Api) -> None:
    detentie = create_detentie(api)
    create_melding(api, detentie["id"], soort="risico_18b")
    r = api.as_(ZVH).get(f"{DET}/{detentie['id']}")
    assert r.json()["verstrekking"]["grondslagen"] == {"detentie": "PBW_18B"}
    assert api.as_(POLITIE).get(f"{DET}/{detentie['id']}").json()["verstrekking"]["grondslagen"] == {
        "detentie": "BIJ_REGELING"
    }


def test_risico_18b_before_the_sb_date_names_the_missing_grondslag(
    api: Api, rows: Callable[[str], int]
) -> None:
    detentie = create_detentie(api, begindatum="2021-03-01T09:00:00+01:00")
    voor = table_counts(rows)
    periode = {"van": "2021-06-30T23:59:59+02:00", "tot": "2021-07-02T12:00:00+02:00"}
    r = api.as_("demo-dji").post(
        BIJ, json=bij_melding_body(detentie["id"], soort="risico_18b", periode=periode)
    )
    assert r.status_code == 400
    assert r.headers["content-type"] == PROBLEM
    problem = r.json()
    assert problem["type"] == "urn:nl:ketenmeldingen:probleem:grondslag-ontbreekt"
    assert problem["grondslag"] == "PBW_18B"
    assert "PBW_18B" in problem["detail"]
    assert [(p["name"], p["code"]) for p in problem["invalidParams"]] == [
        ("periode.van", "grondslag_ontbreekt")
    ]
    assert table_counts(rows) == voor

    # A regular BIJ-melding about the same moment has its grondslag; so has a risk notice from 00:00
    # Dutch time on the S&B date.
    create_melding(api, detentie["id"], periode=periode)
    vanaf = {"van": "2021-07-01T00:00:00+02:00"}
    assert create_melding(api, detentie["id"], soort="risico_18b", periode=vanaf)["soort"] == "risico_18b"


def test_risico_18b_made_before_the_law_applies_has_no_grondslag() -> None:
    data = BijMeldingCreate.model_validate(
        bij_melding_body(
            "7b3c9a52-3c1e-4d0e-9a53-1f7b1f0c2b11",
            soort="risico_18b",
            periode={"van": "2027-02-01T00:00:00Z"},
        )
    )
    nu = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
    with pytest.raises(GrondslagOntbreekt) as exc:
        _check_grondslag(data, nu, dt.date(2027, 1, 1))
    assert [e.name for e in exc.value.errors] == ["soort"]
    _check_grondslag(data, nu, SB)
    _check_grondslag(data.model_copy(update={"soort": "verlof"}), nu, dt.date(2027, 1, 1))
