"""Consent statements (toestemmingen): an append-only history readable by DJI and the privacy officer, a
repeated statement adding nothing, strict validation, and an older statement never undoing a newer one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, text

from tests.factories import toestemming_body
from tests.fixtures.app import Api
from tests.support.problems import assert_problem
from tests.support.screening import BASE, detentie_with_intake, give_consent, invalid_fields, table_counts


def test_consent_history_is_append_only_and_readable_by_dji_and_privacy(
    api: Api, engine: Engine, rows: Callable[[str], int]
) -> None:
    dji = api.as_("demo-dji")
    detentie_id = detentie_with_intake(dji)
    give_consent(dji, detentie_id, ["onderdak", "sociaal_netwerk"])
    with engine.connect() as conn:
        eerste = conn.execute(text("SELECT id, categorieen, geregistreerd_op FROM toestemmingen")).one()
    r = dji.put(f"{BASE}/{detentie_id}/toestemming", json=toestemming_body([], []))
    assert r.status_code == 200
    assert r.json()["intrekking"] is True
    assert r.json()["volgnummer"] == 2
    give_consent(dji, detentie_id, ["schulden"], ["gemeente"])
    assert rows("toestemmingen") == 3
    with engine.connect() as conn:
        # The first row is untouched.
        assert (
            conn.execute(
                text("SELECT id, categorieen, geregistreerd_op FROM toestemmingen WHERE volgnummer = 1")
            ).one()
            == eerste
        )

    for partner in ("demo-dji", "demo-privacy"):
        r = api.as_(partner).get(f"{BASE}/{detentie_id}/toestemmingen")
        assert r.status_code == 200
        historie = r.json()["toestemmingen"]
        assert [(t["volgnummer"], t["categorieen"], t["ontvangers"], t["intrekking"]) for t in historie] == [
            (1, ["onderdak", "sociaal_netwerk"], ["gemeente", "reclassering"], False),
            (2, [], [], True),
            (3, ["schulden"], ["gemeente"], False),
        ]
        assert historie[0]["verklaardOp"] == "2026-11-22T09:00:00Z"
        assert historie[0]["geregistreerdOp"] == "2026-11-23T09:00:00Z"
    for partner in ("demo-gemeente-amsterdam", "demo-reclassering-rn", "demo-beheer"):
        assert api.as_(partner).get(f"{BASE}/{detentie_id}/toestemmingen").status_code == 403
    assert (
        api.as_("demo-privacy").get(f"{BASE}/00000000-0000-0000-0000-000000000000/toestemmingen").status_code
        == 404
    )


def test_repeating_the_current_statement_adds_nothing(api: Api, rows: Callable[[str], int]) -> None:
    dji = api.as_("demo-dji")
    detentie_id = detentie_with_intake(dji)
    give_consent(dji, detentie_id, ["onderdak"])
    voor = table_counts(rows)
    r = dji.put(f"{BASE}/{detentie_id}/toestemming", json=toestemming_body(["onderdak"]))
    assert r.status_code == 200
    assert r.json()["volgnummer"] == 1
    assert table_counts(rows) == voor


@pytest.mark.parametrize(
    ("body", "velden"),
    [
        (toestemming_body(["onderdak", "onderdak"], ["gemeente"]), {"categorieen"}),
        (toestemming_body(["detentie"], ["gemeente"]), {"categorieen.0"}),
        (
            toestemming_body(["bij", "casemanager"], ["politie"]),
            {"categorieen.0", "categorieen.1", "ontvangers.0"},
        ),
        (toestemming_body(["onderdak"], []), {"ontvangers"}),
        (toestemming_body(["zorg"], ["gemeente", "gemeente"]), {"ontvangers"}),
        (toestemming_body(["zorg"], ["gemeente"], verklaardOp="2026-11-22"), {"verklaardOp"}),
        ({"categorieen": ["zorg"], "ontvangers": ["gemeente"], "extra": 1}, {"verklaardOp", "body"}),
        # in the future
        (toestemming_body(["zorg"], ["gemeente"], verklaardOp="2026-11-24T10:00:00+01:00"), {"verklaardOp"}),
        # before the begin of the detentie
        (toestemming_body(["zorg"], ["gemeente"], verklaardOp="2026-11-19T10:00:00+01:00"), {"verklaardOp"}),
    ],
)
def test_a_bad_consent_statement_is_rejected_and_nothing_changes(
    api: Api, rows: Callable[[str], int], body: dict[str, Any], velden: set[str]
) -> None:
    dji = api.as_("demo-dji")
    detentie_id = detentie_with_intake(dji)
    voor = table_counts(rows)
    assert invalid_fields(dji.put(f"{BASE}/{detentie_id}/toestemming", json=body)) == velden
    assert table_counts(rows) == voor


def test_an_older_statement_arriving_late_cannot_undo_a_newer_one(
    api: Api, rows: Callable[[str], int]
) -> None:
    dji = api.as_("demo-dji")
    detentie_id = detentie_with_intake(dji)
    r = dji.put(
        f"{BASE}/{detentie_id}/toestemming",
        json=toestemming_body([], [], verklaardOp="2026-11-22T12:00:00+01:00"),
    )
    assert r.status_code == 200
    voor = table_counts(rows)
    oud = toestemming_body(["sociaal_netwerk"], verklaardOp="2026-11-22T08:00:00+01:00")
    body = assert_problem(dji.put(f"{BASE}/{detentie_id}/toestemming", json=oud), 409)
    assert body["type"].endswith(":conflict")
    assert table_counts(rows) == voor
    assert (
        "sociaalNetwerk"
        not in api.as_("demo-gemeente-amsterdam").get(f"{BASE}/{detentie_id}/basisvoorwaarden").json()
    )
