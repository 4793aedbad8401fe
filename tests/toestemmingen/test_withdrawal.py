"""Withdrawing consent: it takes effect on the very next read, in the feed, and on older informatieblad
versions and events (filtered when they are read, not when they were made)."""

from __future__ import annotations

import datetime as dt

from tests.fixtures.app import Api
from tests.support.screening import (
    BASE,
    BASISVOORWAARDEN_PROPS,
    CONSENT_ONLY_PROPS,
    SB_FUTURE,
    SB_PAST,
    ZORGGEHEIM,
    add_opdracht,
    detentie_with_intake,
    give_consent,
    screening_props,
)


def test_a_withdrawal_takes_effect_on_the_very_next_read_and_in_the_feed(
    api_sb: Api, sb_datum: dt.date
) -> None:
    dji, amsterdam, rn = (
        api_sb.as_("demo-dji"),
        api_sb.as_("demo-gemeente-amsterdam"),
        api_sb.as_("demo-reclassering-rn"),
    )
    detentie_id = detentie_with_intake(dji)
    add_opdracht(dji, detentie_id)
    give_consent(dji, detentie_id, ["onderdak", "sociaal_netwerk", "kinderen_mantelzorg", "zorg_toelichting"])
    [verstrekt] = [e for e in amsterdam.feed() if e["type"].endswith("informatieblad.verstrekt")][-1:]
    blad_ref = verstrekt["dataref"].removeprefix("http://testserver")
    for p in (amsterdam, rn):
        assert {"sociaalNetwerk", "zorgToelichting"} <= screening_props(
            p.get(f"{BASE}/{detentie_id}/basisvoorwaarden").json()
        )
    assert "sociaalNetwerk" in amsterdam.get(blad_ref).json()
    na = {p: len(p.feed()) for p in (amsterdam, rn)}

    give_consent(dji, detentie_id, [])

    basis = set(BASISVOORWAARDEN_PROPS) if sb_datum == SB_PAST else set()
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
            assert not (screening_props(e["data"]) & CONSENT_ONLY_PROPS), e["type"]
    # The older informatieblad version is filtered at read time too.
    r = amsterdam.get(blad_ref)
    assert (screening_props(r.json()) if r.status_code == 200 else set()) == basis
    if sb_datum == SB_FUTURE:
        assert r.status_code == 404
