"""Posting intakes: every intake a new version (the newest is current), strict validation (400 listing
every error, nothing stored), and the casemanager contact it carries into the detentie."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.factories import intake_body
from tests.fixtures.app import Api
from tests.support.problems import assert_problem
from tests.support.screening import (
    BASE,
    create_detentie,
    detentie_with_intake,
    intake_without_sociaal_netwerk,
    invalid_fields,
    table_counts,
)


def test_every_intake_is_a_new_version_and_the_newest_is_current(
    api: Api, rows: Callable[[str], int]
) -> None:
    dji = api.as_("demo-dji")
    detentie_id = create_detentie(dji)
    eerste = dji.post(f"{BASE}/{detentie_id}/intakes", json=intake_body())
    assert eerste.status_code == 201, eerste.text
    assert eerste.json()["versie"] == 1
    assert eerste.json()["werkInkomen"]["inkomstenbron"] == "uitkering"
    assert eerste.json()["afgenomenOp"] == "2026-11-21T09:00:00Z"
    tweede_body = intake_body()
    tweede_body["onderdak"] = {"status": "op_orde", "hulpvraag": False, "woonsituatie": "huurwoning"}
    tweede = dji.post(f"{BASE}/{detentie_id}/intakes", json=tweede_body)
    assert tweede.status_code == 201
    assert tweede.json()["versie"] == 2
    assert rows("intakes") == 2
    gelezen = api.as_("demo-gemeente-amsterdam").get(f"{BASE}/{detentie_id}/basisvoorwaarden").json()
    assert gelezen["intakeVersie"] == 2
    assert gelezen["onderdak"]["status"] == "op_orde"


def test_a_bad_intake_lists_every_error_and_stores_nothing(api: Api, rows: Callable[[str], int]) -> None:
    dji = api.as_("demo-dji")
    detentie_id = create_detentie(dji)
    voor = table_counts(rows)
    body = intake_body()
    body["onderdak"]["status"] = "prima"  # not an enum value
    body["werkInkomen"]["hulpvraag"] = "ja"  # not a boolean
    body["schulden"]["onbekendVeld"] = 1  # unknown property
    body["casemanager"]["email"] = "geen-adres"
    body["casemanager"]["telefoon"] = "12"
    body["kinderenMantelzorg"] = {"hulpvraag": True}  # required parts missing
    del body["zorg"]
    body["extra"] = "x"
    velden = invalid_fields(dji.post(f"{BASE}/{detentie_id}/intakes", json=body))
    assert velden >= {
        "onderdak.status",
        "werkInkomen.hulpvraag",
        "schulden",  # the unknown property, reported by where it stood, not by its name
        "casemanager.email",
        "casemanager.telefoon",
        "kinderenMantelzorg.minderjarigeKinderen",
        "kinderenMantelzorg.mantelzorger",
        "zorg",
        "body",  # the unknown property "extra"
    }
    assert table_counts(rows) == voor


@pytest.mark.parametrize(
    ("afgenomen_op", "reden"),
    [("2026-11-24T09:00:00+01:00", "ligt in de toekomst"), ("2026-11-19T09:00:00+01:00", "begindatum")],
)
def test_an_intake_cannot_be_from_the_future_or_from_before_the_detentie(
    api: Api, rows: Callable[[str], int], afgenomen_op: str, reden: str
) -> None:
    dji = api.as_("demo-dji")
    detentie_id = create_detentie(dji)
    voor = table_counts(rows)
    r = dji.post(f"{BASE}/{detentie_id}/intakes", json=intake_body(afgenomenOp=afgenomen_op))
    body = assert_problem(r, 400)
    assert body["invalidParams"][0]["name"] == "afgenomenOp"
    assert reden in body["invalidParams"][0]["reason"]
    assert table_counts(rows) == voor


def test_casemanager_contact_from_the_newest_intake_is_part_of_the_detentie(api: Api) -> None:
    dji = api.as_("demo-dji")
    detentie_id = detentie_with_intake(dji)
    amsterdam = api.as_("demo-gemeente-amsterdam").get(f"{BASE}/{detentie_id}").json()
    assert amsterdam["casemanager"] == {
        "naam": "K. Casemanager",
        "telefoon": "+31 75 123 4567",
        "email": "k.cm@pi.example.nl",
    }
    assert amsterdam["verstrekking"]["grondslagen"]["casemanager"] == "WJSG_51C"
    assert dji.get(f"{BASE}/{detentie_id}").json()["casemanager"]["naam"] == "K. Casemanager"
    nieuw = intake_without_sociaal_netwerk()
    nieuw["casemanager"] = {"naam": "Nieuwe CM", "telefoon": "0201234567", "email": "n@pi.example.nl"}
    assert dji.post(f"{BASE}/{detentie_id}/intakes", json=nieuw).status_code == 201
    assert api.as_("demo-gemeente-amsterdam").get(f"{BASE}/{detentie_id}").json()["casemanager"]["naam"] == (
        "Nieuwe CM"
    )
    # Before any intake there is no casemanager: absent, with no grondslag claimed for it.
    zonder = api.as_("demo-gemeente-amsterdam").get(f"{BASE}/{create_detentie(dji)}").json()
    assert "casemanager" not in zonder
    assert "casemanager" not in zonder["verstrekking"]["grondslagen"]
