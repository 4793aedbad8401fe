"""The disclosure engine over HTTP, with the S&B date in the past and in the future: what each partner's
JSON holds (never a withheld category), withdrawal on the very next read and in the feed, informatieblad
versions and events, reclassering access."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text

from app.clock import FixedClock
from tests.c_hulp import (
    BASE,
    BASISVOORWAARDEN_PROPS,
    CATEGORIE,
    PROP,
    SB_TOEKOMST,
    SB_VERLEDEN,
    SCREENING_PROPS,
    api_met,
    geef,
    intake_body,
    met_intake,
    nieuwe_detentie,
    opdracht,
    screening_props,
    zet_klok,
)
from tests.conftest import Api, make_settings

ZORGGEHEIM = "ZORGGEHEIM-X"  # a marker inside zorgToelichting: must never appear where it is withheld
CONSENT_ONLY = {"zorgToelichting", "sociaalNetwerk", "kinderenMantelzorg"}


@pytest.fixture(params=["sb_verleden", "sb_toekomst"])
def sb_datum(request: pytest.FixtureRequest) -> dt.date:
    return SB_VERLEDEN if request.param == "sb_verleden" else SB_TOEKOMST


@pytest.fixture
def api_sb(engine: Engine, clock: FixedClock, sb_datum: dt.date) -> Iterator[Api]:
    settings = make_settings(engine.url.render_as_string(hide_password=False), sb_datum=sb_datum)
    yield from api_met(engine, settings, clock)


def _verwacht(sb_datum: dt.date, gegeven: set[str]) -> set[str]:
    """What a responsible gemeente (or reclassering with an active opdracht; consent for both) may see
    of the screening, per DESIGN §7.2, as JSON properties."""
    basis = set(BASISVOORWAARDEN_PROPS) if sb_datum == SB_VERLEDEN else set()
    return basis | {PROP[c] for c in gegeven}


def _alle_json(api: Api, partner: str, detentie_id: str) -> list[tuple[str, Any]]:
    """Everything the partner can get about the detentie: every resource and the feed with data."""
    p = api.as_(partner)
    out: list[tuple[str, Any]] = []
    for pad in (f"{BASE}/{detentie_id}", f"{BASE}/{detentie_id}/basisvoorwaarden"):
        r = p.get(pad)
        out.append((pad, r.json() if r.status_code == 200 else None))
    list_all = p.get(f"{BASE}/{detentie_id}/informatiebladen")
    if list_all.status_code == 200:
        for versie in list_all.json()["versies"]:
            r = p.get(versie["href"])
            out.append((versie["href"], r.json() if r.status_code == 200 else None))
    r = p.get("/api/v1/notificaties", params={"expand": "data"})
    if r.status_code == 200:
        out.extend((e["type"], e["data"]) for e in r.json()["notificaties"])
    return out


@pytest.mark.parametrize("gegeven", [set(), {"sociaal_netwerk"}, {"onderdak", "zorg_toelichting"}])
def test_each_partner_gets_exactly_what_the_table_gives_it_and_never_a_withheld_category(
    api_sb: Api, sb_datum: dt.date, gegeven: set[str]
) -> None:
    dji = api_sb.as_("demo-dji")
    detentie_id = met_intake(dji)
    opdracht(dji, detentie_id)
    if gegeven:
        geef(dji, detentie_id, sorted(gegeven))
    verwacht = _verwacht(sb_datum, gegeven)

    for partner in ("demo-gemeente-amsterdam", "demo-reclassering-rn"):
        r = api_sb.as_(partner).get(f"{BASE}/{detentie_id}/basisvoorwaarden")
        if verwacht:
            assert r.status_code == 200, r.text
            assert screening_props(r.json()) == verwacht
            assert set(r.json()["verstrekking"]["grondslagen"]) == {CATEGORIE[p] for p in verwacht}
        else:
            assert r.status_code == 404
        for bron, data in _alle_json(api_sb, partner, detentie_id):
            if data is None:
                continue
            assert screening_props(data) <= verwacht, bron
            if "zorgToelichting" not in verwacht:
                assert ZORGGEHEIM not in json.dumps(data), bron
            # Absent, never null.
            assert all(data.get(p, "absent") is not None for p in SCREENING_PROPS), bron

    # Partners without a relation see nothing at all of it: every read is 404/403, the feed is empty.
    for partner in ("demo-gemeente-rotterdam", "demo-gemeente-utrecht", "demo-bij-amsterdam", "demo-politie"):
        assert [(bron, data) for bron, data in _alle_json(api_sb, partner, detentie_id) if data] == [], (
            partner
        )


@pytest.mark.parametrize("sb_datum", [SB_VERLEDEN])
def test_sb_in_the_past_gemeente_reads_basisvoorwaarden_without_consent_but_not_the_sociaal_netwerk(
    api_sb: Api, sb_datum: dt.date
) -> None:
    dji, amsterdam = api_sb.as_("demo-dji"), api_sb.as_("demo-gemeente-amsterdam")
    detentie_id = met_intake(dji)
    r = amsterdam.get(f"{BASE}/{detentie_id}/basisvoorwaarden")
    assert r.status_code == 200
    body = r.json()
    assert screening_props(body) == set(BASISVOORWAARDEN_PROPS)
    assert set(body["verstrekking"]["grondslagen"].values()) == {"PBW_18A"}
    assert "sociaalNetwerk" not in body
    assert "kinderenMantelzorg" not in body
    assert ZORGGEHEIM not in r.text


@pytest.mark.parametrize("sb_datum", [SB_TOEKOMST])
def test_sb_in_the_future_nothing_beyond_the_detentie_reaches_anyone_without_consent(
    api_sb: Api, sb_datum: dt.date, rows: Callable[[str], int]
) -> None:
    dji = api_sb.as_("demo-dji")
    detentie_id = met_intake(dji)
    opdracht(dji, detentie_id)
    for partner in ("demo-gemeente-amsterdam", "demo-reclassering-rn"):
        p = api_sb.as_(partner)
        assert p.get(f"{BASE}/{detentie_id}/basisvoorwaarden").status_code == 404
        detentie = p.get(f"{BASE}/{detentie_id}").json()
        assert set(detentie["verstrekking"]["grondslagen"]) == {"detentie", "casemanager"}
        assert not screening_props(detentie)
        types = [e["type"] for e in p.feed()]
        assert "nl.justitiabelen.informatieblad.verstrekt" not in types
        assert "nl.justitiabelen.basisvoorwaarden.gewijzigd" not in types
    assert api_sb.as_("demo-gemeente-amsterdam").get(f"{BASE}/{detentie_id}/informatiebladen").json() == {
        "versies": []
    }
    assert rows("informatiebladen") == 0


def test_a_withdrawal_takes_effect_on_the_very_next_read_and_in_the_feed(
    api_sb: Api, sb_datum: dt.date
) -> None:
    dji, amsterdam, rn = (
        api_sb.as_("demo-dji"),
        api_sb.as_("demo-gemeente-amsterdam"),
        api_sb.as_("demo-reclassering-rn"),
    )
    detentie_id = met_intake(dji)
    opdracht(dji, detentie_id)
    geef(dji, detentie_id, ["onderdak", "sociaal_netwerk", "kinderen_mantelzorg", "zorg_toelichting"])
    [verstrekt] = [e for e in amsterdam.feed() if e["type"].endswith("informatieblad.verstrekt")][-1:]
    blad_ref = verstrekt["dataref"].removeprefix("http://testserver")
    for p in (amsterdam, rn):
        assert {"sociaalNetwerk", "zorgToelichting"} <= screening_props(
            p.get(f"{BASE}/{detentie_id}/basisvoorwaarden").json()
        )
    assert "sociaalNetwerk" in amsterdam.get(blad_ref).json()
    na = {p: len(p.feed()) for p in (amsterdam, rn)}

    geef(dji, detentie_id, [])

    basis = set(BASISVOORWAARDEN_PROPS) if sb_datum == SB_VERLEDEN else set()
    for p in (amsterdam, rn):
        r = p.get(f"{BASE}/{detentie_id}/basisvoorwaarden")
        assert (screening_props(r.json()) if r.status_code == 200 else set()) == basis
        assert ZORGGEHEIM not in r.text
        nieuw = p.feed(na=na[p])
        assert "nl.justitiabelen.informatieblad.ingetrokken" in [e["type"] for e in nieuw]
        for e in nieuw:  # thin events: no personal data
            assert set(e["data"]) <= {"detentieId", "informatiebladId", "versie", "intakeVersie"}
        # Every earlier event, expanded now, is filtered now.
        for e in p.feed(expand="data"):
            assert not (screening_props(e["data"]) & CONSENT_ONLY), e["type"]
    # The older informatieblad version is filtered at read time too.
    r = amsterdam.get(blad_ref)
    assert (screening_props(r.json()) if r.status_code == 200 else set()) == basis
    if sb_datum == SB_TOEKOMST:
        assert r.status_code == 404


def test_informatieblad_versions_and_events_follow_what_the_gemeente_may_see(
    api_sb: Api, sb_datum: dt.date, engine: Engine
) -> None:
    dji, amsterdam = api_sb.as_("demo-dji"), api_sb.as_("demo-gemeente-amsterdam")
    detentie_id = met_intake(dji)

    def versies() -> list[int]:
        return [
            v["versie"] for v in amsterdam.get(f"{BASE}/{detentie_id}/informatiebladen").json()["versies"]
        ]

    def bladtypes(na: int) -> list[str]:
        return [e["type"].removeprefix("nl.justitiabelen.") for e in amsterdam.feed(na=na)]

    verleden = sb_datum == SB_VERLEDEN
    assert versies() == ([1] if verleden else [])
    seq = len(amsterdam.feed())
    # Consent for reclassering only: nothing changes for the gemeente.
    geef(dji, detentie_id, ["sociaal_netwerk"], ["reclassering"])
    assert versies() == ([1] if verleden else [])
    assert bladtypes(seq) == []
    # Consent for the gemeente: a new version and informatieblad.verstrekt.
    geef(dji, detentie_id, ["sociaal_netwerk"], ["gemeente"])
    assert versies() == ([1, 2] if verleden else [1])
    assert bladtypes(seq) == ["informatieblad.verstrekt"]
    seq = len(amsterdam.feed())
    # A repeated identical statement changes nothing.
    geef(dji, detentie_id, ["sociaal_netwerk"], ["gemeente"])
    assert bladtypes(seq) == []
    # A new intake: a new version for the gemeente.
    r = dji.post(f"{BASE}/{detentie_id}/intakes", json=json.loads(json.dumps(_intake_zonder_netwerk())))
    assert r.status_code == 201, r.text
    assert r.json()["versie"] == 2
    # Without the S&B basis and without a sociaal netwerk in the new intake, the new version is empty:
    # recorded, but nothing to announce.
    assert bladtypes(seq) == (["informatieblad.verstrekt"] if verleden else [])
    assert versies() == ([1, 2, 3] if verleden else [1, 2])
    seq = len(amsterdam.feed())
    # Withdrawal: the newest intake has no sociaal netwerk, so the gemeente holds nothing consent-based.
    geef(dji, detentie_id, [])
    assert bladtypes(seq) == []
    assert versies() == ([1, 2, 3] if verleden else [1, 2])
    with engine.connect() as conn:
        aanleidingen = conn.execute(
            text("SELECT aanleiding FROM informatiebladen WHERE gemeentecode = '0363' ORDER BY versie")
        ).scalars()
        verwacht = ["intake", "toestemming", "intake"] if verleden else ["toestemming", "intake"]
        assert list(aanleidingen) == verwacht


def _intake_zonder_netwerk() -> dict[str, Any]:
    body = intake_body()
    del body["sociaalNetwerk"]
    return body


def test_only_the_own_gemeente_reads_its_informatieblad(api: Api) -> None:
    dji = api.as_("demo-dji")
    detentie_id = met_intake(dji, gemeenteVanHervestiging="0599")
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
    detentie_id = met_intake(dji, gemeenteVanInschrijving="0344")
    utrecht = api.as_("demo-gemeente-utrecht")
    assert utrecht.get(f"{BASE}/{detentie_id}/basisvoorwaarden").status_code == 404
    assert utrecht.feed() == []
    assert rows("informatiebladen") == 0
    with engine.connect() as conn:
        types = conn.execute(
            text("SELECT type FROM onbestelbare_meldingen WHERE ontvanger_sleutel = '0344'")
        ).scalars()
        assert "nl.justitiabelen.informatieblad.verstrekt" in list(types)


def test_reclassering_reads_basisvoorwaarden_only_while_its_opdracht_is_active(
    api: Api, clock: FixedClock
) -> None:
    dji, rn = api.as_("demo-dji"), api.as_("demo-reclassering-rn")
    detentie_id = met_intake(dji)
    url = f"{BASE}/{detentie_id}/basisvoorwaarden"
    assert rn.get(url).status_code == 404
    assert rn.get(f"{BASE}/{detentie_id}").status_code == 404
    # Another organisation's opdracht does not count.
    opdracht(dji, detentie_id, van="2026-11-01", org="SVG")
    assert rn.get(url).status_code == 404
    # Active on 24 and 25 November (Dutch days), inclusive.
    opdracht(dji, detentie_id, van="2026-11-24", tot="2026-11-25")
    assert rn.get(url).status_code == 404
    zet_klok(api, clock, dt.datetime(2026, 11, 23, 22, 59, 59, tzinfo=dt.UTC))  # 23:59:59 on the 23rd, NL
    assert rn.get(url).status_code == 404
    zet_klok(api, clock, dt.datetime(2026, 11, 23, 23, 0, 0, tzinfo=dt.UTC))  # 00:00 on the 24th
    r = rn.get(url)
    assert r.status_code == 200
    assert set(r.json()["verstrekking"]["grondslagen"].values()) == {"PBW_18A"}
    assert rn.get(f"{BASE}/{detentie_id}").json()["verstrekking"]["grondslagen"] == {
        "casemanager": "RECLASSERINGSREGELING",
        "detentie": "RECLASSERINGSREGELING",
    }
    zet_klok(api, clock, dt.datetime(2026, 11, 25, 22, 59, 59, tzinfo=dt.UTC))
    assert rn.get(url).status_code == 200
    zet_klok(api, clock, dt.datetime(2026, 11, 25, 23, 0, 0, tzinfo=dt.UTC))
    assert rn.get(url).status_code == 404
    assert rn.get(f"{BASE}/{detentie_id}").status_code == 404


def test_reclassering_gets_detentie_events_and_basisvoorwaarden_gewijzigd_while_the_opdracht_is_active(
    api: Api, clock: FixedClock
) -> None:
    dji, rn = api.as_("demo-dji"), api.as_("demo-reclassering-rn")
    detentie_id = met_intake(dji)
    assert rn.feed() == []
    opdracht(dji, detentie_id, van="2026-11-23", tot="2026-11-30")
    assert [e["type"] for e in rn.feed()] == ["nl.justitiabelen.basisvoorwaarden.gewijzigd"]
    [gewijzigd] = rn.feed(expand="data")
    assert gewijzigd["dataref"] == f"http://testserver{BASE}/{detentie_id}/basisvoorwaarden"
    assert screening_props(gewijzigd["data"]) == set(BASISVOORWAARDEN_PROPS)
    assert dji.patch(f"{BASE}/{detentie_id}", json={"verwachteEinddatum": "2027-02-01"}).status_code == 200
    r = dji.post(f"{BASE}/{detentie_id}/intakes", json=_intake_zonder_netwerk())
    assert r.status_code == 201
    assert [e["type"].removeprefix("nl.justitiabelen.") for e in rn.feed(na=1)] == [
        "detentie.einddatum-verwacht",
        "basisvoorwaarden.gewijzigd",
    ]
    zet_klok(api, clock, clock.now() + dt.timedelta(days=10))  # the opdracht has ended
    assert dji.patch(f"{BASE}/{detentie_id}", json={"verwachteEinddatum": "2027-02-02"}).status_code == 200
    assert dji.post(f"{BASE}/{detentie_id}/intakes", json=_intake_zonder_netwerk()).status_code == 201
    assert len(rn.feed()) == 3
    # Expanding an old event after the opdracht ended discloses nothing.
    assert all(e["data"].get("persoon") is None for e in rn.feed(expand="data"))


def test_casemanager_contact_from_the_newest_intake_is_part_of_the_detentie(api: Api) -> None:
    dji = api.as_("demo-dji")
    detentie_id = met_intake(dji)
    amsterdam = api.as_("demo-gemeente-amsterdam").get(f"{BASE}/{detentie_id}").json()
    assert amsterdam["casemanager"] == {
        "naam": "K. Casemanager",
        "telefoon": "+31 75 123 4567",
        "email": "k.cm@pi.example.nl",
    }
    assert amsterdam["verstrekking"]["grondslagen"]["casemanager"] == "WJSG_51C"
    assert dji.get(f"{BASE}/{detentie_id}").json()["casemanager"]["naam"] == "K. Casemanager"
    nieuw = _intake_zonder_netwerk()
    nieuw["casemanager"] = {"naam": "Nieuwe CM", "telefoon": "0201234567", "email": "n@pi.example.nl"}
    assert dji.post(f"{BASE}/{detentie_id}/intakes", json=nieuw).status_code == 201
    assert api.as_("demo-gemeente-amsterdam").get(f"{BASE}/{detentie_id}").json()["casemanager"]["naam"] == (
        "Nieuwe CM"
    )
    # Before any intake there is no casemanager: absent, with no grondslag claimed for it.
    zonder = api.as_("demo-gemeente-amsterdam").get(f"{BASE}/{nieuwe_detentie(dji)}").json()
    assert "casemanager" not in zonder
    assert "casemanager" not in zonder["verstrekking"]["grondslagen"]


def test_basisvoorwaarden_is_not_for_roles_that_may_never_read_it(api: Api) -> None:
    detentie_id = met_intake(api.as_("demo-dji"))
    for partner in ("demo-beheer", "demo-privacy", "demo-politie", "demo-bij-amsterdam"):
        r = api.as_(partner).get(f"{BASE}/{detentie_id}/basisvoorwaarden")
        assert r.status_code == 403, partner
    assert api.as_("demo-gemeente-rotterdam").get(f"{BASE}/{detentie_id}/basisvoorwaarden").status_code == 404
    r = api.as_("demo-gemeente-amsterdam").get(
        f"{BASE}/00000000-0000-0000-0000-000000000000/basisvoorwaarden"
    )
    assert r.status_code == 404
    # The bronhouder reads everything, without a verstrekking block.
    eigen = api.as_("demo-dji").get(f"{BASE}/{detentie_id}/basisvoorwaarden").json()
    assert screening_props(eigen) == set(SCREENING_PROPS)
    assert "verstrekking" not in eigen
