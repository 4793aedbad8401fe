"""The verwerkingenlog's rows: exactly one per disclosure (none for a 404 or the bronhouder's own read),
each recording exactly what the response disclosed, on which grondslag and for which doel."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from app.pseudonym import bsn_pseudoniem
from tests.factories import detentie_body, intake_body
from tests.fixtures.app import Api
from tests.support.database import verwerking_rows
from tests.support.environment import PSEUDONYM_TEST_KEY
from tests.support.screening import BASE, add_opdracht, detentie_with_intake, give_consent

TRACE = "0af7651916cd43dd8448eb211c80319c"
BASISVOORWAARDEN = ("identiteitsbewijs", "onderdak", "werk_inkomen", "schulden", "zorg")


def test_exactly_one_row_per_disclosure_and_none_for_a_404_or_an_own_read(
    api: Api, rows: Callable[[str], int], engine: Engine
) -> None:
    dji, amsterdam, rn = (
        api.as_("demo-dji"),
        api.as_("demo-gemeente-amsterdam"),
        api.as_("demo-reclassering-rn"),
    )
    detentie_id = detentie_with_intake(dji)
    give_consent(dji, detentie_id, ["sociaal_netwerk"])
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
    add_opdracht(dji, detentie_id)
    na(lambda: rn.get(f"{BASE}/{detentie_id}/basisvoorwaarden"), 1)
    na(lambda: rn.feed(expand="data"), 1)


def test_a_row_records_exactly_what_the_response_disclosed(api: Api, engine: Engine) -> None:
    dji, amsterdam = api.as_("demo-dji"), api.as_("demo-gemeente-amsterdam")
    body = detentie_body()
    r = dji.post(BASE, json=body)
    detentie_id = r.json()["id"]
    assert dji.post(f"{BASE}/{detentie_id}/intakes", json=intake_body()).status_code == 201
    give_consent(dji, detentie_id, ["zorg_toelichting"], ["gemeente"])
    r = amsterdam.get(
        f"{BASE}/{detentie_id}/basisvoorwaarden", headers={"traceparent": f"00-{TRACE}-b7ad6b7169203331-01"}
    )
    [rij] = verwerking_rows(engine)
    grondslagen = r.json()["verstrekking"]["grondslagen"]
    assert {c: v["grondslag"] for c, v in _json(rij["categorieen"]).items()} == grondslagen
    assert grondslagen["zorg_toelichting"] == "AVG_TOESTEMMING_ART9"
    # DESIGN §7.2, last column: art. 18a Pbw serves the detentie- en re-integratieplan, consent nazorg.
    assert {c: v["doel"] for c, v in _json(rij["categorieen"]).items()} == {
        **dict.fromkeys(BASISVOORWAARDEN, "detentie- en re-integratieplan"),
        "zorg_toelichting": "re-integratie en nazorg",
    }
    assert rij["object_soort"] == "basisvoorwaarden"
    assert str(rij["object_id"]).replace("-", "") == r.json()["intakeId"].replace("-", "")
    assert rij["partner_naam"] == "demo-gemeente-amsterdam"
    assert rij["client_id"] == "demo-gemeente-amsterdam"
    assert rij["rol"] == "gemeente"
    assert rij["kanaal"] == "api"
    assert rij["trace_id"] == TRACE
    assert rij["bsn_pseudoniem"] == bsn_pseudoniem(body["persoon"]["bsn"], PSEUDONYM_TEST_KEY)
    assert body["persoon"]["bsn"] not in str(rij)
    amsterdam.feed(expand="data")
    assert {r["kanaal"] for r in verwerking_rows(engine)[1:]} == {"feed"}


def _json(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else json.loads(value)
