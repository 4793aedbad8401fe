"""Informatiebladen: versions and events follow what the gemeente may see, only the own gemeente reads its
informatieblad, and a gemeente that is not aangesloten gets nothing (operators see it)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from sqlalchemy import Engine, text

from tests.fixtures.app import Api
from tests.support.screening import (
    BASE,
    SB_PAST,
    detentie_with_intake,
    give_consent,
    intake_without_sociaal_netwerk,
)


def test_informatieblad_versions_and_events_follow_what_the_gemeente_may_see(
    api_sb: Api, sb_datum: dt.date, engine: Engine
) -> None:
    dji, amsterdam = api_sb.as_("demo-dji"), api_sb.as_("demo-gemeente-amsterdam")
    detentie_id = detentie_with_intake(dji)

    def versies() -> list[int]:
        return [
            v["versie"] for v in amsterdam.get(f"{BASE}/{detentie_id}/informatiebladen").json()["versies"]
        ]

    def bladtypes(na: int) -> list[str]:
        return [e["type"].removeprefix("nl.justitiabelen.") for e in amsterdam.feed(na=na)]

    verleden = sb_datum == SB_PAST
    assert versies() == ([1] if verleden else [])
    seq = len(amsterdam.feed())
    # Consent for reclassering only: nothing changes for the gemeente.
    give_consent(dji, detentie_id, ["sociaal_netwerk"], ["reclassering"])
    assert versies() == ([1] if verleden else [])
    assert bladtypes(seq) == []
    # Consent for the gemeente: a new version and informatieblad.verstrekt.
    give_consent(dji, detentie_id, ["sociaal_netwerk"], ["gemeente"])
    assert versies() == ([1, 2] if verleden else [1])
    assert bladtypes(seq) == ["informatieblad.verstrekt"]
    seq = len(amsterdam.feed())
    # A repeated identical statement changes nothing.
    give_consent(dji, detentie_id, ["sociaal_netwerk"], ["gemeente"])
    assert bladtypes(seq) == []
    # A new intake: a new version for the gemeente.
    r = dji.post(
        f"{BASE}/{detentie_id}/intakes", json=json.loads(json.dumps(intake_without_sociaal_netwerk()))
    )
    assert r.status_code == 201, r.text
    assert r.json()["versie"] == 2
    # Without the S&B basis and without a sociaal netwerk in the new intake, the new version is empty:
    # recorded, but nothing to announce.
    assert bladtypes(seq) == (["informatieblad.verstrekt"] if verleden else [])
    assert versies() == ([1, 2, 3] if verleden else [1, 2])
    seq = len(amsterdam.feed())
    # Withdrawal: the newest intake has no sociaal netwerk, so the gemeente holds nothing consent-based.
    give_consent(dji, detentie_id, [])
    assert bladtypes(seq) == []
    assert versies() == ([1, 2, 3] if verleden else [1, 2])
    with engine.connect() as conn:
        aanleidingen = conn.execute(
            text("SELECT aanleiding FROM informatiebladen WHERE gemeentecode = '0363' ORDER BY versie")
        ).scalars()
        verwacht = ["intake", "toestemming", "intake"] if verleden else ["toestemming", "intake"]
        assert list(aanleidingen) == verwacht


def test_only_the_own_gemeente_reads_its_informatieblad(api: Api) -> None:
    dji = api.as_("demo-dji")
    detentie_id = detentie_with_intake(dji, gemeenteVanHervestiging="0599")
    ams = api.as_("demo-gemeente-amsterdam").get(f"{BASE}/{detentie_id}/informatiebladen").json()["versies"]
    rdam = api.as_("demo-gemeente-rotterdam").get(f"{BASE}/{detentie_id}/informatiebladen").json()["versies"]
    assert [v["gemeentecode"] for v in ams] == ["0363"]
    assert [v["gemeentecode"] for v in rdam] == ["0599"]
    assert api.as_("demo-gemeente-rotterdam").get(ams[0]["href"]).status_code == 404
    assert api.as_("demo-gemeente-amsterdam").get(ams[0]["href"]).status_code == 200
    assert api.as_("demo-gemeente-leeuwarden").get(ams[0]["href"]).status_code == 404
    assert (
        api.as_("demo-gemeente-leeuwarden").get(f"{BASE}/{detentie_id}/informatiebladen").status_code == 404
    )
    for rol_zonder_toegang in ("demo-reclassering-rn", "demo-politie", "demo-beheer", "demo-privacy"):
        r = api.as_(rol_zonder_toegang).get(ams[0]["href"])
        assert r.status_code == 403, rol_zonder_toegang
        assert r.headers["content-type"] == "application/problem+json"
    assert api.as_("demo-gemeente-amsterdam").get("/api/v1/informatiebladen/" + "0" * 32).status_code == 404
    # The bronhouder sees every gemeente's versions; not a disclosure.
    assert len(dji.get(f"{BASE}/{detentie_id}/informatiebladen").json()["versies"]) == 2


def test_a_gemeente_that_is_not_aangesloten_gets_nothing_and_operators_see_it(
    api: Api, rows: Callable[[str], int], engine: Engine
) -> None:
    dji = api.as_("demo-dji")
    detentie_id = detentie_with_intake(dji, gemeenteVanInschrijving="0344")
    utrecht = api.as_("demo-gemeente-utrecht")
    assert utrecht.get(f"{BASE}/{detentie_id}/basisvoorwaarden").status_code == 404
    assert utrecht.feed() == []
    assert rows("informatiebladen") == 0
    with engine.connect() as conn:
        types = conn.execute(
            text("SELECT type FROM onbestelbare_meldingen WHERE ontvanger_sleutel = '0344'")
        ).scalars()
        assert "nl.justitiabelen.informatieblad.verstrekt" in list(types)
