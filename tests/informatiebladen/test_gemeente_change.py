"""A gemeente that becomes responsible after the screening (correction, gemeenteNaOntslag) gets the
informatieblad at once; the gemeente that stops being responsible loses it."""

from __future__ import annotations

from tests.factories import einde_body
from tests.fixtures.app import Api
from tests.support.screening import BASE, add_opdracht, detentie_with_intake, give_consent


def _typen(events: list[dict[str, object]]) -> list[str]:
    return [str(e["type"]).removeprefix("nl.justitiabelen.") for e in events]


def test_corrected_gemeente_gets_the_informatieblad_and_the_old_one_loses_it(api: Api) -> None:
    dji = api.as_("demo-dji")
    amsterdam, rotterdam = api.as_("demo-gemeente-amsterdam"), api.as_("demo-gemeente-rotterdam")
    detentie_id = detentie_with_intake(dji)
    give_consent(dji, detentie_id, ["onderdak", "sociaal_netwerk"], ["gemeente"])
    [oud_blad] = [e for e in amsterdam.feed() if str(e["type"]).endswith("informatieblad.verstrekt")][-1:]
    oud_ref = str(oud_blad["dataref"]).removeprefix("http://testserver")
    assert amsterdam.get(oud_ref).status_code == 200

    r = dji.patch(f"{BASE}/{detentie_id}", json={"gemeenteVanInschrijving": "0599"})
    assert r.status_code == 200, r.text

    assert _typen(rotterdam.feed()) == ["detentie.gestart", "informatieblad.verstrekt"]
    blad_ref = str(rotterdam.feed()[-1]["dataref"]).removeprefix("http://testserver")
    blad = rotterdam.get(blad_ref)
    assert blad.status_code == 200, blad.text
    assert blad.json()["gemeentecode"] == "0599"
    assert blad.json()["verstrekking"]["grondslagen"]["sociaal_netwerk"] == "AVG_TOESTEMMING"
    assert "onderdak" in blad.json()
    assert _typen(amsterdam.feed())[-1] == "detentie.ingetrokken"
    assert amsterdam.get(oud_ref).status_code == 404


def test_gemeente_na_ontslag_gets_the_informatieblad_at_the_einde(api: Api) -> None:
    dji, leeuwarden = api.as_("demo-dji"), api.as_("demo-gemeente-leeuwarden")
    detentie_id = detentie_with_intake(dji)
    r = dji.post(f"{BASE}/{detentie_id}/einde", json=einde_body(gemeenteNaOntslag="0080"))
    assert r.status_code == 200, r.text
    assert _typen(leeuwarden.feed()) == ["detentie.beeindigd", "informatieblad.verstrekt"]


def test_a_correction_without_gemeente_change_sends_no_informatieblad(api: Api) -> None:
    dji = api.as_("demo-dji")
    detentie_id = detentie_with_intake(dji)
    add_opdracht(dji, detentie_id)
    voor_ams = len(api.as_("demo-gemeente-amsterdam").feed())
    voor_rn = len(api.as_("demo-reclassering-rn").feed())
    assert dji.patch(f"{BASE}/{detentie_id}", json={"titel": "tbs"}).status_code == 200
    assert len(api.as_("demo-gemeente-amsterdam").feed()) == voor_ams
    assert len(api.as_("demo-reclassering-rn").feed()) == voor_rn
