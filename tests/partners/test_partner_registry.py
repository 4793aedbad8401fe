"""Beheer: the partner registry, aansluiting, feed lag and undeliverable meldingen (DESIGN §3, §4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from app.clock import FixedClock
from tests.factories import detentie_body, partner_body
from tests.fixtures.app import Api
from tests.support.database import TableState
from tests.support.partners import partners_by_name
from tests.support.problems import assert_problem, invalid_names

PARTNERS = "/api/v1/beheer/partners"
State = Callable[[], TableState]


def test_create_get_list_and_patch_a_partner(api: Api) -> None:
    beheer = api.as_("demo-beheer")
    r = beheer.post(
        PARTNERS,
        json=partner_body(rol="gemeente", gemeentecode="0014", oin="0" * 19 + "1"),
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert r.headers["Location"] == f"{PARTNERS}/{created['id']}"
    assert created["gemeentecode"] == "0014"
    assert created["aangesloten"] is False
    assert created["aangeslotenSinds"] is None
    assert created["actief"] is True
    assert created["feed"] == {
        "laatsteSequence": 0,
        "gelezenTot": 0,
        "achterstand": 0,
        "laatstGelezenOp": None,
    }

    assert beheer.get(f"{PARTNERS}/{created['id']}").json() == created
    assert partners_by_name(api)["gemeente-groningen"] == created

    r = beheer.patch(
        f"{PARTNERS}/{created['id']}", json={"aangesloten": True, "naam": "gemeente-groningen-2"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["aangesloten"] is True
    assert r.json()["aangeslotenSinds"] == "2026-11-23"
    assert r.json()["naam"] == "gemeente-groningen-2"

    r = beheer.patch(f"{PARTNERS}/{created['id']}", json={"gemeentecode": "0015"})
    assert r.status_code == 200, r.text
    assert r.json()["gemeentecode"] == "0015"


def test_making_utrecht_aangesloten_lets_later_meldingen_reach_it(api: Api) -> None:
    dji = api.as_("demo-dji")
    eerder = dji.post("/api/v1/detenties", json=detentie_body(gemeenteVanInschrijving="0344")).json()
    utrecht = partners_by_name(api)["demo-gemeente-utrecht"]
    r = api.as_("demo-beheer").patch(f"{PARTNERS}/{utrecht['id']}", json={"aangesloten": True})
    assert r.status_code == 200, r.text

    later = dji.post("/api/v1/detenties", json=detentie_body(gemeenteVanInschrijving="0344")).json()
    [event] = api.as_("demo-gemeente-utrecht").feed()
    assert event["subject"] == later["id"]
    assert api.as_("demo-gemeente-utrecht").get(f"/api/v1/detenties/{later['id']}").status_code == 200
    # The earlier melding was undeliverable and stays so, though Utrecht may now read the detentie.
    assert api.as_("demo-gemeente-utrecht").get(f"/api/v1/detenties/{eerder['id']}").status_code == 200


def test_feed_lag_per_partner(api: Api) -> None:
    dji = api.as_("demo-dji")
    for _ in range(3):
        dji.post("/api/v1/detenties", json=detentie_body())
    assert partners_by_name(api)["demo-gemeente-amsterdam"]["feed"]["achterstand"] == 3

    api.as_("demo-gemeente-amsterdam").feed(na=2)
    # A poll writes nothing itself; its read position reaches the database within seconds.
    assert partners_by_name(api)["demo-gemeente-amsterdam"]["feed"]["gelezenTot"] == 0
    assert api.client.app.state.feed_progress.flush() == 1
    feed = partners_by_name(api)["demo-gemeente-amsterdam"]["feed"]
    assert feed == {
        "laatsteSequence": 3,
        "gelezenTot": 2,
        "achterstand": 1,
        "laatstGelezenOp": "2026-11-23T09:00:00Z",
    }
    assert partners_by_name(api)["demo-gemeente-rotterdam"]["feed"]["achterstand"] == 0


INVALID_PARTNERS: list[tuple[dict[str, Any], set[str]]] = [
    ({"naam": "g", "rol": "gemeente"}, {"gemeentecode"}),
    ({"naam": "g", "rol": "gemeente", "gemeentecode": "14"}, {"gemeentecode"}),
    (
        {"naam": "d", "rol": "dji", "gemeentecode": "0014", "aangesloten": True},
        {"gemeentecode", "aangesloten"},
    ),
    ({"naam": "r", "rol": "reclassering"}, {"organisatie"}),
    ({"naam": "r", "rol": "reclassering", "organisatie": "XYZ"}, {"organisatie"}),
    ({"naam": "p", "rol": "politie", "inrichtingen": ["PI-X"]}, {"inrichtingen"}),
    ({"naam": "p", "rol": "politie", "bijGemeentecodes": ["0363"]}, {"bijGemeentecodes"}),
    ({"naam": "", "rol": "koning"}, {"naam", "rol"}),
    ({"naam": "x", "rol": "beheer", "oin": "123"}, {"oin"}),
    ({"naam": "x", "rol": "beheer", "extra": 1}, {"body"}),  # unknown: reported by where it stood
]


DUPLICATE_PARTNERS: list[dict[str, Any]] = [
    {"naam": "gemeente-amsterdam-2", "rol": "gemeente", "gemeentecode": "0363"},
    {"naam": "demo-politie", "rol": "politie"},
    {"naam": "dji-2", "rol": "dji", "inrichtingen": ["PI-VUGHT"]},
    {"naam": "bij-2", "rol": "bij_gemandateerde", "bijGemeentecodes": ["0080"]},
]


def test_invalid_and_duplicate_partners(api: Api, db_state: State) -> None:
    beheer = api.as_("demo-beheer")
    before = db_state()
    for partner, names in INVALID_PARTNERS:
        body = assert_problem(beheer.post(PARTNERS, json=partner), 400, "validatie")
        assert invalid_names(body) == names, partner
    for partner in DUPLICATE_PARTNERS:
        assert_problem(beheer.post(PARTNERS, json=partner), 409, "conflict")
    assert db_state() == before


def test_invalid_patches(api: Api, db_state: State) -> None:
    beheer = api.as_("demo-beheer")
    partners = partners_by_name(api)
    before = db_state()
    politie, rotterdam = partners["demo-politie"]["id"], partners["demo-gemeente-rotterdam"]["id"]
    cases = [
        (politie, {"aangesloten": True}, 400, {"aangesloten"}),
        (politie, {"gemeentecode": "0001"}, 400, {"gemeentecode"}),
        (politie, {"inrichtingen": ["PI-X"]}, 400, {"inrichtingen"}),
        (rotterdam, {"gemeentecode": None}, 400, {"gemeentecode"}),
        (rotterdam, {"naam": None, "actief": None}, 400, {"naam", "actief"}),
        (rotterdam, {"onbekend": True}, 400, {"body"}),
    ]
    for pid, patch, status, names in cases:
        body = assert_problem(beheer.patch(f"{PARTNERS}/{pid}", json=patch), status, "validatie")
        assert invalid_names(body) == names, patch
    assert_problem(beheer.patch(f"{PARTNERS}/{rotterdam}", json={"gemeentecode": "0363"}), 409, "conflict")
    assert_problem(beheer.patch(f"{PARTNERS}/{rotterdam}", json={"naam": "demo-politie"}), 409, "conflict")
    assert_problem(
        beheer.patch(f"{PARTNERS}/00000000-0000-4000-8000-000000000000", json={"actief": False}), 404
    )
    assert db_state() == before


def test_only_beheer_manages_partners(api: Api) -> None:
    for client in ("demo-dji", "demo-gemeente-amsterdam", "demo-privacy", "demo-politie"):
        caller = api.as_(client)
        assert_problem(caller.get(PARTNERS), 403, "geen-toegang")
        assert_problem(caller.post(PARTNERS, json=partner_body()), 403, "geen-toegang")


def test_beheer_sees_no_personal_data(api: Api) -> None:
    body = detentie_body(gemeenteVanInschrijving="0344")
    api.as_("demo-dji").post("/api/v1/detenties", json=body)
    texts = [api.as_("demo-beheer").get(url).text for url in ("/api/v1/beheer/onbestelbaar", PARTNERS)]
    for value in (body["persoon"]["bsn"], body["persoon"]["geslachtsnaam"], body["persoon"]["geboortedatum"]):
        assert all(value not in t for t in texts)


def test_onbestelbaar_pages_newest_first(api: Api, clock: FixedClock) -> None:
    subjects = []
    for _ in range(3):
        r = api.as_("demo-dji").post("/api/v1/detenties", json=detentie_body(gemeenteVanInschrijving="0344"))
        subjects.append(r.json()["id"])
        clock.advance(dt.timedelta(minutes=1))
    beheer = api.as_("demo-beheer")
    page = beheer.get("/api/v1/beheer/onbestelbaar", params={"limit": 2}).json()["onbestelbaar"]
    assert [m["subject"] for m in page] == subjects[:0:-1]
    rest = beheer.get("/api/v1/beheer/onbestelbaar", params={"limit": 2, "offset": 2}).json()["onbestelbaar"]
    assert [m["subject"] for m in rest] == subjects[:1]
    for params, name in (({"limit": 0}, "limit"), ({"offset": -1}, "offset"), ({"offset": 2**31}, "offset")):
        body = assert_problem(beheer.get("/api/v1/beheer/onbestelbaar", params=params), 400, "validatie")
        assert invalid_names(body) == {name}
