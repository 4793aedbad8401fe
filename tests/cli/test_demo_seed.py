"""The demo data of the README walkthrough (`ketenmeldingen seed-demo`, `serve --demo`): a detentie with an
intake and a partial consent, so that demo-gemeente-amsterdam sees an informatieblad and
demo-reclassering-rn fetches the basisvoorwaarden; and a BIJ-melding for someone registered in Amsterdam
on leave in Leeuwarden. Each seeded once, on a generated test BSN."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, text
from stdnum.nl import bsn as stdnum_bsn

from app.clock import FixedClock
from app.config import Settings
from app.db import make_sessionmaker, unit_of_work
from app.demo import (
    DEMO_SCREENING_BRON_ID,
    demo_bsn,
    demo_bsn_screening,
    seed_demo_bij_melding,
    seed_demo_screening,
)
from tests.fixtures.app import Api
from tests.support.bij import BIJ_AMSTERDAM, POLITIE, ZVH, url
from tests.support.screening import BASE, BASISVOORWAARDEN_PROPS, screening_props


def _seed(engine: Engine, settings: Settings, clock: FixedClock) -> bool:
    with unit_of_work(make_sessionmaker(engine)) as session:
        return seed_demo_screening(
            session, clock.now(), settings.pseudoniem_sleutel.get_secret_value(), settings.sb_datum
        )


def test_demo_screening_is_seeded_once_and_shows_the_walkthrough(
    api: Api, engine: Engine, settings: Settings, clock: FixedClock
) -> None:
    assert _seed(engine, settings, clock) is True
    assert _seed(engine, settings, clock) is False  # idempotent
    with engine.connect() as conn:
        [detentie_id] = conn.execute(
            text("SELECT id FROM detenties WHERE bron_id = :b"), {"b": DEMO_SCREENING_BRON_ID}
        ).scalars()
    detentie_id = str(uuid.UUID(str(detentie_id)))

    amsterdam = api.as_("demo-gemeente-amsterdam")
    types = [e["type"] for e in amsterdam.feed()]
    # The intake (basisvoorwaarden on art. 18a Pbw), then the consent (adds the sociaal netwerk).
    assert types == ["nl.justitiabelen.detentie.gestart"] + ["nl.justitiabelen.informatieblad.verstrekt"] * 2
    [_, blad] = amsterdam.get(f"{BASE}/{detentie_id}/informatiebladen").json()["versies"]
    inhoud = amsterdam.get(blad["href"]).json()
    assert screening_props(inhoud) == {*BASISVOORWAARDEN_PROPS, "sociaalNetwerk"}

    rn = api.as_("demo-reclassering-rn")
    assert [e["type"] for e in rn.feed()] == ["nl.justitiabelen.basisvoorwaarden.gewijzigd"]
    basis = rn.get(f"{BASE}/{detentie_id}/basisvoorwaarden")
    assert basis.status_code == 200
    assert screening_props(basis.json()) == {*BASISVOORWAARDEN_PROPS, "sociaalNetwerk"}
    assert "zorgToelichting" not in basis.json()
    assert "kinderenMantelzorg" not in basis.json()


def test_the_demo_person_has_a_generated_test_bsn() -> None:
    nummer = demo_bsn_screening()
    assert stdnum_bsn.is_valid(nummer)
    assert nummer.startswith("99999")


def test_seed_demo_adds_a_bij_melding_amsterdam_registered_leeuwarden_address(
    api: Api, engine: Engine, settings: Settings, clock: FixedClock
) -> None:
    factory = make_sessionmaker(engine)
    for verwacht in (True, False):  # idempotent
        with unit_of_work(factory) as session:
            gemaakt = seed_demo_bij_melding(
                session, clock.now(), settings.pseudoniem_sleutel.get_secret_value(), settings.sb_datum
            )
        assert gemaakt is verwacht

    [gestart] = api.as_("demo-gemeente-amsterdam").feed()
    detentie = api.as_("demo-gemeente-amsterdam").get(url(gestart))
    assert detentie.status_code == 200, detentie.text
    assert detentie.json()["gemeenteVanInschrijving"] == "0363"
    assert detentie.json()["persoon"]["bsn"] == demo_bsn()
    for client in (ZVH, POLITIE):
        [event] = api.as_(client).feed()
        melding = api.as_(client).get(url(event)).json()
        assert melding["verblijfadres"]["gemeentecode"] == "0080"
        assert melding["verblijfadres"]["woonplaats"] == "Leeuwarden"
        assert melding["persoon"]["bsn"] == demo_bsn()
    assert api.as_(BIJ_AMSTERDAM).feed() == []
    assert api.as_("demo-gemeente-leeuwarden").feed() == []
