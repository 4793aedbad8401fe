"""Routing of detentie events to gemeenten (DESIGN §6): inschrijving, hervestiging, na ontslag, and the
re-routing a corrected gemeente causes."""

from __future__ import annotations

from typing import Any

from tests.factories import detentie_body, einde_body, patch_body
from tests.fixtures.app import Api
from tests.support.problems import assert_problem

BASE = "/api/v1/detenties"
AMSTERDAM, ROTTERDAM, LEEUWARDEN = (
    "demo-gemeente-amsterdam",
    "demo-gemeente-rotterdam",
    "demo-gemeente-leeuwarden",
)


def _soorten(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"].removeprefix("nl.justitiabelen.detentie.") for e in events]


def _begin(api: Api, **overrides: Any) -> str:
    r = api.as_("demo-dji").post(BASE, json=detentie_body(**overrides))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_correcting_the_gemeente_van_inschrijving_moves_the_melding(api: Api) -> None:
    detentie_id = _begin(api)
    url = f"{BASE}/{detentie_id}"
    assert api.as_(AMSTERDAM).get(url).status_code == 200

    r = api.as_("demo-dji").patch(url, json={"gemeenteVanInschrijving": "0599"})
    assert r.status_code == 200, r.text
    assert r.json()["gemeenteVanInschrijving"] == "0599"

    amsterdam = api.as_(AMSTERDAM).feed()
    assert _soorten(amsterdam) == ["gestart", "ingetrokken"]
    assert [e["sequence"] for e in amsterdam] == ["1", "2"]
    assert {e["subject"] for e in amsterdam} == {detentie_id}
    assert_problem(api.as_(AMSTERDAM).get(url), 404)

    [gestart] = api.as_(ROTTERDAM).feed()
    assert (_soorten([gestart]), gestart["sequence"], gestart["subject"]) == (["gestart"], "1", detentie_id)
    gelezen = api.as_(ROTTERDAM).get(url)
    assert gelezen.status_code == 200
    assert gelezen.json()["gemeenteVanInschrijving"] == "0599"
    assert gelezen.json()["verstrekking"]["grondslagen"] == {"detentie": "WJSG_51C"}

    # Later events follow the melding to its new gemeente only.
    api.as_("demo-dji").patch(url, json=patch_body())
    assert _soorten(api.as_(ROTTERDAM).feed(na=1)) == ["einddatum-verwacht"]
    assert api.as_(AMSTERDAM).feed(na=2) == []


def test_a_patch_that_repeats_the_gemeente_sends_nothing(api: Api) -> None:
    detentie_id = _begin(api)
    r = api.as_("demo-dji").patch(f"{BASE}/{detentie_id}", json={"gemeenteVanInschrijving": "0363"})
    assert r.status_code == 200, r.text
    assert _soorten(api.as_(AMSTERDAM).feed()) == ["gestart"]


def test_gemeente_van_hervestiging_is_told_too_and_can_be_corrected(api: Api) -> None:
    detentie_id = _begin(api, gemeenteVanHervestiging="0599")
    url = f"{BASE}/{detentie_id}"
    assert _soorten(api.as_(AMSTERDAM).feed()) == ["gestart"]
    assert _soorten(api.as_(ROTTERDAM).feed()) == ["gestart"]
    assert api.as_(ROTTERDAM).get(url).status_code == 200

    r = api.as_("demo-dji").patch(url, json={"gemeenteVanHervestiging": "0080"})
    assert r.status_code == 200, r.text
    assert _soorten(api.as_(AMSTERDAM).feed()) == ["gestart"]
    assert _soorten(api.as_(ROTTERDAM).feed()) == ["gestart", "ingetrokken"]
    assert _soorten(api.as_(LEEUWARDEN).feed()) == ["gestart"]
    assert_problem(api.as_(ROTTERDAM).get(url), 404)
    assert api.as_(LEEUWARDEN).get(url).status_code == 200

    # Clearing it (merge patch null) withdraws the melding from Leeuwarden.
    r = api.as_("demo-dji").patch(url, json={"gemeenteVanHervestiging": None})
    assert r.status_code == 200, r.text
    assert r.json()["gemeenteVanHervestiging"] is None
    assert _soorten(api.as_(LEEUWARDEN).feed()) == ["gestart", "ingetrokken"]
    assert _soorten(api.as_(AMSTERDAM).feed()) == ["gestart"]


def test_moving_to_a_gemeente_that_is_not_aangesloten_is_recorded_as_undeliverable(api: Api) -> None:
    detentie_id = _begin(api)
    api.as_("demo-dji").patch(f"{BASE}/{detentie_id}", json={"gemeenteVanInschrijving": "0344"})
    assert _soorten(api.as_(AMSTERDAM).feed()) == ["gestart", "ingetrokken"]
    assert api.as_("demo-gemeente-utrecht").feed() == []
    [melding] = api.as_("demo-beheer").get("/api/v1/beheer/onbestelbaar").json()["onbestelbaar"]
    assert (melding["type"], melding["ontvangerSleutel"]) == ("nl.justitiabelen.detentie.gestart", "0344")


def test_gemeente_na_ontslag_receives_the_einde_and_may_read_it(api: Api) -> None:
    detentie_id = _begin(api, gemeenteVanHervestiging="0599")
    url = f"{BASE}/{detentie_id}"
    r = api.as_("demo-dji").post(f"{url}/einde", json=einde_body(gemeenteNaOntslag="0080"))
    assert r.status_code == 200, r.text
    assert r.json()["einde"]["gemeenteNaOntslag"] == "0080"

    assert _soorten(api.as_(AMSTERDAM).feed()) == ["gestart", "beeindigd"]
    assert _soorten(api.as_(ROTTERDAM).feed()) == ["gestart", "beeindigd"]
    [beeindigd] = api.as_(LEEUWARDEN).feed()
    assert (_soorten([beeindigd]), beeindigd["subject"]) == (["beeindigd"], detentie_id)
    gelezen = api.as_(LEEUWARDEN).get(url)
    assert gelezen.status_code == 200
    assert gelezen.json()["einde"] == {
        "einddatum": "2026-11-22T11:00:00Z",
        "reden": "einde_straf",
        "gemeenteNaOntslag": "0080",
    }


def test_gemeente_na_ontslag_that_is_not_aangesloten_is_undeliverable(api: Api) -> None:
    detentie_id = _begin(api)
    r = api.as_("demo-dji").post(
        f"{BASE}/{detentie_id}/einde",
        json=einde_body(einddatum="2026-11-22T12:00:00Z", reden="overig", gemeenteNaOntslag="0344"),
    )
    assert r.status_code == 200, r.text
    assert _soorten(api.as_(AMSTERDAM).feed()) == ["gestart", "beeindigd"]
    assert api.as_("demo-gemeente-utrecht").feed() == []
    [melding] = api.as_("demo-beheer").get("/api/v1/beheer/onbestelbaar").json()["onbestelbaar"]
    assert (melding["type"], melding["ontvangerSleutel"]) == ("nl.justitiabelen.detentie.beeindigd", "0344")


def test_an_unknown_gemeente_van_inschrijving_routes_to_nobody_until_corrected(api: Api) -> None:
    detentie_id = _begin(api, gemeenteVanInschrijving=None)
    assert api.as_(AMSTERDAM).feed() == []
    api.as_("demo-dji").patch(f"{BASE}/{detentie_id}", json={"gemeenteVanInschrijving": "0363"})
    [gestart] = api.as_(AMSTERDAM).feed()
    assert (_soorten([gestart]), gestart["subject"]) == (["gestart"], detentie_id)
