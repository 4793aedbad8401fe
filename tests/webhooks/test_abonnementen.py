"""/api/v1/abonnementen (issue 5): who may subscribe, what a subscription looks like, which URLs are refused.

Default settings: loopback callbacks are not allowed. Public URLs are IP literals, so no DNS is needed.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from tests.factories import PUBLIC_CALLBACK_URL as PUBLIEK
from tests.factories import abonnement_body
from tests.fixtures.app import Api

BASE = "/api/v1/abonnementen"
AMSTERDAM = "demo-gemeente-amsterdam"
PROBLEEM = "urn:nl:ketenmeldingen:probleem:"


def problem(r: Any, status: int, slug: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = r.json()
    assert (body["status"], body["type"]) == (status, PROBLEEM + slug)
    return body


def create(api: Api, partner: str = AMSTERDAM, **body: Any) -> dict[str, Any]:
    r = api.as_(partner).post(BASE, json=abonnement_body(**body))
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_create_shows_the_secret_once_then_list_get_and_delete(api: Api, rows: Callable[[str], int]) -> None:
    amsterdam = api.as_(AMSTERDAM)
    r = amsterdam.post(
        BASE,
        json=abonnement_body(
            typen=["nl.justitiabelen.detentie.gestart", "nl.justitiabelen.bij.gemeld"], expand=True
        ),
    )
    assert r.status_code == 201, r.text
    ab = r.json()
    assert r.headers["Location"] == f"{BASE}/{ab['id']}"
    assert ab["callbackUrl"] == PUBLIEK
    assert ab["typen"] == ["nl.justitiabelen.bij.gemeld", "nl.justitiabelen.detentie.gestart"]
    assert (ab["expand"], ab["status"], ab["afgeleverdTot"], ab["pogingen"]) == (True, "actief", 0, 0)
    assert ab["aangemaaktOp"] == "2026-11-23T09:00:00Z"
    assert ab["secret"].startswith("whsec_")
    assert len(base64.b64decode(ab["secret"].removeprefix("whsec_"))) >= 24
    Webhook(ab["secret"])  # the Standard Webhooks library accepts it

    zonder_secret = {k: v for k, v in ab.items() if k != "secret"}
    assert amsterdam.get(f"{BASE}/{ab['id']}").json() == zonder_secret
    assert amsterdam.get(BASE).json() == {"abonnementen": [zonder_secret]}
    assert amsterdam.get(f"{BASE}/{ab['id']}/afleveringen").json() == {"afleveringen": []}

    assert amsterdam.delete(f"{BASE}/{ab['id']}").status_code == 204
    problem(amsterdam.get(f"{BASE}/{ab['id']}"), 404, "niet-gevonden")
    assert amsterdam.get(BASE).json() == {"abonnementen": []}
    assert rows("abonnementen") == 0


@pytest.mark.parametrize("partner", [AMSTERDAM, "demo-bij-amsterdam", "demo-reclassering-rn", "demo-politie"])
def test_every_receiving_role_may_subscribe(api: Api, partner: str) -> None:
    ab = create(api, partner)
    assert api.as_(partner).get(BASE).json()["abonnementen"][0]["id"] == ab["id"]


@pytest.mark.parametrize("partner", ["demo-dji", "demo-beheer", "demo-privacy"])
def test_other_roles_get_403(api: Api, partner: str, rows: Callable[[str], int]) -> None:
    client = api.as_(partner)
    problem(client.post(BASE, json=abonnement_body()), 403, "geen-toegang")
    problem(client.get(BASE), 403, "geen-toegang")
    problem(client.get(f"{BASE}/{uuid.uuid4()}"), 403, "geen-toegang")
    assert rows("abonnementen") == 0


def test_someone_elses_subscription_is_404_for_every_operation(api: Api, rows: Callable[[str], int]) -> None:
    ab = create(api)
    rotterdam = api.as_("demo-gemeente-rotterdam")
    url = f"{BASE}/{ab['id']}"
    problem(rotterdam.get(url), 404, "niet-gevonden")
    problem(rotterdam.delete(url), 404, "niet-gevonden")
    problem(rotterdam.get(f"{url}/afleveringen"), 404, "niet-gevonden")
    problem(rotterdam.post(f"{url}/herstart", json={"vanafSequence": 1}), 404, "niet-gevonden")
    assert rotterdam.get(BASE).json() == {"abonnementen": []}
    assert rows("abonnementen") == 1
    assert api.as_(AMSTERDAM).get(url).json()["status"] == "actief"


@pytest.mark.parametrize(
    ("url", "reden"),
    [
        ("http://8.8.8.8/hook", "moet https gebruiken"),
        ("ftp://8.8.8.8/hook", "moet een absolute https-URL zijn"),
        ("/alleen/een/pad", "moet een absolute https-URL zijn"),
        ("https://10.1.2.3/hook", "host verwijst naar een niet-publiek adres"),
        ("https://192.168.0.10/hook", "host verwijst naar een niet-publiek adres"),
        ("https://169.254.169.254/latest/meta-data", "host verwijst naar een niet-publiek adres"),
        ("https://100.64.0.1/hook", "host verwijst naar een niet-publiek adres"),
        ("https://0.0.0.0/hook", "host verwijst naar een niet-publiek adres"),
        ("https://224.0.0.1/hook", "host verwijst naar een niet-publiek adres"),
        ("https://[fe80::1]/hook", "host verwijst naar een niet-publiek adres"),
        ("https://[::ffff:192.168.1.1]/hook", "host verwijst naar een niet-publiek adres"),
        ("https://127.0.0.1/hook", "loopback-adressen zijn niet toegestaan"),
        ("https://localhost/hook", "loopback-adressen zijn niet toegestaan"),
        ("https://[::1]:8443/hook", "loopback-adressen zijn niet toegestaan"),
        ("http://127.0.0.1:9000/hook", "moet https gebruiken"),
        ("https://user:geheim@8.8.8.8/hook", "mag geen gebruikersnaam of wachtwoord bevatten"),
        ("https://8.8.8.8/hook#x", "mag geen fragment (#) bevatten"),
        ("https://bestaat-niet.invalid/hook", "host is niet te herleiden"),
        ("https://8.8.8.8:99999/hook", "ongeldige poort"),
    ],
)
def test_unsafe_callback_urls_are_refused(api: Api, rows: Callable[[str], int], url: str, reden: str) -> None:
    body = problem(api.as_(AMSTERDAM).post(BASE, json=abonnement_body(callbackUrl=url)), 400, "validatie")
    assert body["invalidParams"] == [{"name": "callbackUrl", "reason": reden, "code": "onveilige_url"}]
    assert url not in body["detail"]
    assert rows("abonnementen") == 0


@pytest.mark.parametrize(
    ("body", "veld"),
    [
        ({}, "callbackUrl"),
        ({"callbackUrl": PUBLIEK, "typen": ["nl.justitiabelen.onbekend"]}, "typen.0"),
        ({"callbackUrl": PUBLIEK, "expand": "ja"}, "expand"),
        ({"callbackUrl": PUBLIEK, "secret": "whsec_zelfgekozen"}, "body"),  # unknown: not named
        ({"callback_url": PUBLIEK}, "callbackUrl"),
    ],
)
def test_malformed_bodies_are_400(
    api: Api, rows: Callable[[str], int], body: dict[str, Any], veld: str
) -> None:
    problem_body = problem(api.as_(AMSTERDAM).post(BASE, json=body), 400, "validatie")
    assert veld in {p["name"] for p in problem_body["invalidParams"]}
    assert rows("abonnementen") == 0


def test_herstart_checks_the_sequence(api: Api) -> None:
    ab = create(api)
    amsterdam = api.as_(AMSTERDAM)
    url = f"{BASE}/{ab['id']}/herstart"
    body = problem(amsterdam.post(url, json={"vanafSequence": 2}), 400, "validatie")
    assert body["invalidParams"] == [
        {"name": "vanafSequence", "reason": "ligt na de nieuwste sequence + 1 (1)", "code": "te_groot"}
    ]
    assert "vanafSequence" in {
        p["name"]
        for p in problem(amsterdam.post(url, json={"vanafSequence": 0}), 400, "validatie")["invalidParams"]
    }
    assert amsterdam.get(f"{BASE}/{ab['id']}").json()["afgeleverdTot"] == 0
    r = amsterdam.post(url, json={"vanafSequence": 1})
    assert r.status_code == 200, r.text
    assert r.json()["afgeleverdTot"] == 0


def test_afleveringen_paging_is_validated(api: Api) -> None:
    ab = create(api)
    url = f"{BASE}/{ab['id']}/afleveringen"
    problem(api.as_(AMSTERDAM).get(url, params={"limit": 0}), 400, "validatie")
    problem(api.as_(AMSTERDAM).get(url, params={"offset": -1}), 400, "validatie")


def test_beheer_sees_every_subscription_without_secrets(api: Api) -> None:
    eerste = create(api)
    tweede = create(api, "demo-politie", typen=["nl.justitiabelen.bij.gemeld"])
    problem(api.as_(AMSTERDAM).get("/api/v1/beheer/abonnementen"), 403, "geen-toegang")
    r = api.as_("demo-beheer").get("/api/v1/beheer/abonnementen")
    assert r.status_code == 200
    rijen = {a["id"]: a for a in r.json()["abonnementen"]}
    assert set(rijen) == {eerste["id"], tweede["id"]}
    assert rijen[tweede["id"]]["partnerNaam"] == "demo-politie"
    assert rijen[tweede["id"]]["typen"] == ["nl.justitiabelen.bij.gemeld"]
    assert all("secret" not in a for a in rijen.values())
