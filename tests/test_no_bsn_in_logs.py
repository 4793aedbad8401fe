"""No BSN in the logs. A real server process (`ketenmeldingen serve --demo`, log level DEBUG) is driven
through everything that handles a BSN -- detenties, intakes, toestemmingen, opdrachten, every read, the
feed with data, the privacy officer's searches, and bad input that carries a BSN -- and all it wrote to
stdout and stderr is searched for any 9-digit number that passes the elfproef. Problem responses are
checked too: they never repeat a BSN."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from stdnum.nl import bsn as stdnum_bsn

from tests.factories import (
    bsn,
    bsn_query_body,
    detentie_body,
    einde_body,
    intake_body,
    invalid_bsn,
    opdracht_body,
    patch_body,
    toestemming_body,
)
from tests.support.environment import JWT_TEST_KEY, ROOT, free_port
from tests.support.screening import BASE

KETENMELDINGEN = Path(sys.executable).parent / "ketenmeldingen"
# Nine digits not inside a longer run of digits or hex (trace ids, UUIDs).
NEGEN_CIJFERS = re.compile(r"(?<![0-9A-Fa-f])[0-9]{9}(?![0-9A-Fa-f])")


def bsns_in(tekst: str) -> set[str]:
    return {m for m in NEGEN_CIJFERS.findall(tekst) if stdnum_bsn.is_valid(m)}


def test_the_detector_finds_a_bsn_wherever_a_log_line_could_carry_it() -> None:
    persoon = bsn()
    for regel in (
        f'{{"bsn": "{persoon}"}}',
        f"bsn={persoon}",
        f"/detenties/{persoon}",
        f"persoon {persoon}.",
        f'"{persoon}"',
    ):
        assert bsns_in(regel) == {persoon}, regel
    assert bsns_in('"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"') == set()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'keten.db'}"
    else:
        url = request.getfixturevalue("pg_databases").create()
    poort = free_port()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "KETEN_DATABASE_URL": url,
        "KETEN_PORT": str(poort),
        "KETEN_JWT_SLEUTEL": JWT_TEST_KEY,
        "KETEN_LOG_LEVEL": "DEBUG",
        "KETEN_PUBLIEKE_URL": f"http://127.0.0.1:{poort}",
        "KETEN_PSEUDONIEM_SLEUTEL": "log-test-sleutel",
    }
    with log.open("wb") as uit:
        proc = subprocess.Popen(
            [str(KETENMELDINGEN), "serve", "--demo"], env=env, stdout=uit, stderr=subprocess.STDOUT, cwd=ROOT
        )
        basis = f"http://127.0.0.1:{poort}"
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                if httpx.get(f"{basis}/health/live", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "server did not start:\n" + log.read_text()
            time.sleep(0.1)
        try:
            yield basis, log
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class Client:
    def __init__(self, basis: str, problemen: list[httpx.Response]) -> None:
        self.http = httpx.Client(base_url=basis, timeout=30)
        self.tokens: dict[str, str] = {}
        self.problemen = problemen

    def token(self, naam: str) -> str:
        if naam not in self.tokens:
            r = self.http.post(
                "/oauth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": naam,
                    "client_secret": f"{naam}-secret",
                },
            )
            assert r.status_code == 200, r.text
            self.tokens[naam] = r.json()["access_token"]
        return self.tokens[naam]

    def __call__(self, naam: str, methode: str, pad: str, **kw: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token(naam)}", **kw.pop("headers", {})}
        r = self.http.request(methode, pad, headers=headers, **kw)
        if r.status_code >= 400:
            self.problemen.append(r)
        return r


def _doorloop(c: Client, bsns: list[str]) -> None:
    dji = "demo-dji"
    lezers = [
        "demo-gemeente-amsterdam",
        "demo-gemeente-rotterdam",
        "demo-gemeente-utrecht",
        "demo-reclassering-rn",
        "demo-bij-amsterdam",
        "demo-bij-zvh-fryslan",
        "demo-politie",
        "demo-beheer",
        "demo-privacy",
    ]
    ids = []
    for i, persoon in enumerate(bsns):
        body = detentie_body(gemeenteVanHervestiging="0599" if i == 1 else None)
        body["persoon"]["bsn"] = persoon
        if i == 2:
            body["gemeenteVanInschrijving"] = "0344"
        r = c(dji, "POST", BASE, json=body, headers={"Idempotency-Key": f"log-{i}"})
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
        assert c(dji, "POST", BASE, json=body, headers={"Idempotency-Key": f"log-{i}"}).status_code == 201
        assert c(dji, "POST", BASE, json=body).status_code == 200
        anders = {**body, "titel": "tbs"}
        assert c(dji, "POST", BASE, json=anders).status_code == 409
        assert c(dji, "POST", BASE, json=anders, headers={"Idempotency-Key": f"log-{i}"}).status_code == 422
        # Bad input carrying the BSN in all kinds of places.
        slecht = detentie_body()
        slecht["persoon"] = {**slecht["persoon"], "bsn": invalid_bsn(persoon)}
        slecht["persoon"]["geboortedatum"] = persoon
        slecht["bronId"] = persoon
        slecht["extra"] = persoon
        assert c(dji, "POST", BASE, json=slecht).status_code == 400
        assert (
            c(
                dji,
                "POST",
                BASE,
                content=f'{{"persoon": {{"bsn": "{persoon}"',
                headers={"Content-Type": "application/json"},
            ).status_code
            == 400
        )
        assert c(dji, "GET", f"{BASE}/{persoon}").status_code == 400
        assert c(dji, "PATCH", f"{BASE}/{ids[-1]}", json={"persoon": {"bsn": persoon}}).status_code == 400

    for detentie_id, persoon in zip(ids, bsns, strict=True):
        assert (
            c(
                dji,
                "POST",
                f"{BASE}/{detentie_id}/intakes",
                json=intake_body(zorgToelichting=f"BSN {persoon}"),
            ).status_code
            == 201
        )
        slechte_intake = intake_body()
        slechte_intake["casemanager"]["telefoon"] = persoon
        slechte_intake["casemanager"]["email"] = f"{persoon}@"
        slechte_intake["onderdak"]["status"] = persoon
        assert c(dji, "POST", f"{BASE}/{detentie_id}/intakes", json=slechte_intake).status_code == 400
        assert (
            c(
                dji,
                "PUT",
                f"{BASE}/{detentie_id}/toestemming",
                json=toestemming_body(["onderdak", "zorg_toelichting"]),
            ).status_code
            == 200
        )
        assert (
            c(dji, "PUT", f"{BASE}/{detentie_id}/toestemming", json=toestemming_body([persoon])).status_code
            == 400
        )
        opdracht = opdracht_body(van="2020-01-01")
        assert (
            c(dji, "POST", f"{BASE}/{detentie_id}/reclasseringsopdrachten", json=opdracht).status_code == 201
        )
        for lezer in lezers:
            for pad in (
                f"{BASE}/{detentie_id}",
                f"{BASE}/{detentie_id}/basisvoorwaarden",
                f"{BASE}/{detentie_id}/informatiebladen",
                f"{BASE}/{detentie_id}/toestemmingen",
            ):
                c(lezer, "GET", pad)
        assert (
            c(dji, "PUT", f"{BASE}/{detentie_id}/toestemming", json=toestemming_body([])).status_code == 200
        )
        assert (
            c(
                dji, "PATCH", f"{BASE}/{detentie_id}", json=patch_body(gemeenteVanHervestiging="0080")
            ).status_code
            == 200
        )
        einde = einde_body(einddatum="2026-11-23T08:00:00+01:00")
        assert c(dji, "POST", f"{BASE}/{detentie_id}/einde", json=einde).status_code == 200

    for lezer in lezers:
        feed = c(lezer, "GET", "/api/v1/notificaties", params={"expand": "data"})
        for event in feed.json().get("notificaties", []) if feed.status_code == 200 else []:
            ref = event["dataref"].split("/api/v1", 1)[1]
            c(lezer, "GET", "/api/v1" + ref)
    for persoon in [*bsns, "999990019"]:
        query = bsn_query_body(bsn=persoon)
        assert c("demo-privacy", "POST", "/api/v1/verwerkingen/zoeken", json=query).status_code == 200
        assert c("demo-privacy", "POST", "/api/v1/inzage", json=query).status_code == 200
        assert (
            c("demo-privacy", "POST", "/api/v1/inzage", json=bsn_query_body(bsn=persoon + "1")).status_code
            == 400
        )
        assert c("demo-gemeente-amsterdam", "POST", "/api/v1/inzage", json=query).status_code == 403


def test_no_bsn_reaches_the_logs_or_a_problem_response(server: tuple[str, Path]) -> None:
    basis, log = server
    bsns = [bsn() for _ in range(3)]
    problemen: list[httpx.Response] = []
    c = Client(basis, problemen)
    _doorloop(c, bsns)
    c.http.close()
    time.sleep(0.5)
    tekst = log.read_text()
    assert '"event": "request"' in tekst  # the log was captured at all
    assert "demo_screening_seeded" in tekst
    assert bsns_in(tekst) == set(), "BSN in the log"
    for persoon in bsns:
        assert persoon not in tekst
    assert len(problemen) > 20
    for r in problemen:
        assert r.headers["content-type"].startswith("application/problem+json"), r.text
        body = r.json()
        # Including `instance`: a BSN a client put in a URL is not repeated back.
        assert bsns_in(json.dumps(body)) == set(), (r.request.method, r.request.url.path, r.text)
