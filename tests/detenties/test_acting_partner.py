"""Only the DJI partner that made a detentie (the bronhouder) posts its intakes, consent statements and
reclasseringsopdrachten: another DJI partner gets 404, other roles 403, and nothing is stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine

from app.clock import FixedClock
from app.db import make_sessionmaker, unit_of_work
from app.partners import service as partners
from app.rollen import Rol
from app.schemas.partners import PartnerCreate
from tests.factories import intake_body, opdracht_body, partner_body, toestemming_body
from tests.fixtures.app import Api
from tests.support.screening import BASE, create_detentie, table_counts


def _tweede_dji(engine: Engine, clock_now: dt.datetime) -> str:
    with unit_of_work(make_sessionmaker(engine)) as session:
        partner = partners.create_partner(
            session,
            PartnerCreate.model_validate(
                partner_body(naam="andere-dji", rol=Rol.DJI, inrichtingen=["PI-VUGHT-2"])
            ),
            clock_now,
        )
        partners.create_client(
            session, partner.id, clock_now, client_id="andere-dji", secret="andere-dji-secret"
        )
    return "andere-dji"


def test_only_the_bronhouder_posts_intakes_consents_and_opdrachten(
    api: Api, engine: Engine, rows: Callable[[str], int], clock: FixedClock
) -> None:
    dji = api.as_("demo-dji")
    detentie_id = create_detentie(dji)
    voor = table_counts(rows)
    ander = api.as_(_tweede_dji(engine, clock.now()))
    posts = [
        ("post", f"{BASE}/{detentie_id}/intakes", intake_body()),
        ("put", f"{BASE}/{detentie_id}/toestemming", toestemming_body(["onderdak"])),
        (
            "post",
            f"{BASE}/{detentie_id}/reclasseringsopdrachten",
            opdracht_body(soort="advies", van="2026-11-23"),
        ),
    ]
    for methode, url, body in posts:
        assert ander.request(methode.upper(), url, json=body).status_code == 404, url
        for partner in ("demo-gemeente-amsterdam", "demo-reclassering-rn", "demo-beheer", "demo-privacy"):
            assert api.as_(partner).request(methode.upper(), url, json=body).status_code == 403, (
                partner,
                url,
            )
        onbekend = url.replace(detentie_id, "00000000-0000-0000-0000-000000000000")
        assert dji.request(methode.upper(), onbekend, json=body).status_code == 404
    assert table_counts(rows) == voor
