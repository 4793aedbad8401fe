"""The basisvoorwaarden over HTTP, with the S&B date in the past and in the future: what each partner's
JSON holds (exactly what the disclosure table gives it, never a withheld category), and who may never
read them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.fixtures.app import Api
from tests.support.screening import (
    BASE,
    BASISVOORWAARDEN_PROPS,
    CATEGORIE,
    PROP,
    SB_FUTURE,
    SB_PAST,
    SCREENING_PROPS,
    ZORGGEHEIM,
    add_opdracht,
    detentie_with_intake,
    give_consent,
    screening_props,
)


def _verwacht(sb_datum: dt.date, gegeven: set[str]) -> set[str]:
    """What a responsible gemeente (or reclassering with an active opdracht; consent for both) may see
    of the screening, per DESIGN §7.2, as JSON properties."""
    basis = set(BASISVOORWAARDEN_PROPS) if sb_datum == SB_PAST else set()
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
    detentie_id = detentie_with_intake(dji)
    add_opdracht(dji, detentie_id)
    if gegeven:
        give_consent(dji, detentie_id, sorted(gegeven))
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


@pytest.mark.parametrize("sb_datum", [SB_PAST])
def test_sb_in_the_past_gemeente_reads_basisvoorwaarden_without_consent_but_not_the_sociaal_netwerk(
    api_sb: Api, sb_datum: dt.date
) -> None:
    dji, amsterdam = api_sb.as_("demo-dji"), api_sb.as_("demo-gemeente-amsterdam")
    detentie_id = detentie_with_intake(dji)
    r = amsterdam.get(f"{BASE}/{detentie_id}/basisvoorwaarden")
    assert r.status_code == 200
    body = r.json()
    assert screening_props(body) == set(BASISVOORWAARDEN_PROPS)
    assert set(body["verstrekking"]["grondslagen"].values()) == {"PBW_18A"}
    assert "sociaalNetwerk" not in body
    assert "kinderenMantelzorg" not in body
    assert ZORGGEHEIM not in r.text


@pytest.mark.parametrize("sb_datum", [SB_FUTURE])
def test_sb_in_the_future_nothing_beyond_the_detentie_reaches_anyone_without_consent(
    api_sb: Api, sb_datum: dt.date, rows: Callable[[str], int]
) -> None:
    dji = api_sb.as_("demo-dji")
    detentie_id = detentie_with_intake(dji)
    add_opdracht(dji, detentie_id)
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


def test_basisvoorwaarden_is_not_for_roles_that_may_never_read_it(api: Api) -> None:
    detentie_id = detentie_with_intake(api.as_("demo-dji"))
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
