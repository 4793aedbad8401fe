"""Structured logs (DESIGN §9, CONVENTIONS 13): JSON lines with route and trace id, and never a BSN, name
or birth date — checked on the output of a real server process."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.factories import bsn, detentie_body, invalid_bsn
from tests.fixtures.app import make_settings
from tests.fixtures.live_server import LiveServer

TRACE_ID = "0af7651916cd43dd8448eb211c80319c"


def _lines(text: str) -> list[dict[str, Any]]:
    lines = [line for line in text.splitlines() if line.strip()]
    parsed = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all(isinstance(p, dict) and "event" in p and "level" in p for p in parsed)
    return parsed


def _wait_for(server: LiveServer, predicate: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 5
    while True:
        lines = _lines(server.log())
        if any(predicate(line) for line in lines) or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_server_logs_carry_route_and_trace_id_but_no_personal_data(
    live_server_factory: Callable[[str], LiveServer],
) -> None:
    server = live_server_factory("sqlite")
    persoon = {
        "bsn": bsn(),
        "geslachtsnaam": "Zwartewaterklooster",
        "voorvoegsel": "van",
        "voornamen": "Eusebius Hieronymus",
        "geboortedatum": "1983-07-29",
    }
    ongeldig_bsn = invalid_bsn(persoon["bsn"])
    traceparent = {"traceparent": f"00-{TRACE_ID}-b7ad6b7169203331-01"}
    url = server.url + "/api/v1/detenties"

    r = httpx.post(
        url, json=detentie_body(persoon=persoon), headers=server.headers("demo-dji", **traceparent)
    )
    assert r.status_code == 201, r.text
    detentie_id = r.json()["id"]
    gelezen = httpx.get(
        f"{url}/{detentie_id}", headers=server.headers("demo-gemeente-amsterdam", **traceparent)
    )
    assert gelezen.status_code == 200
    assert gelezen.headers["traceparent"].split("-")[1] == TRACE_ID
    slecht = detentie_body(persoon={**persoon, "bsn": ongeldig_bsn})
    assert httpx.post(url, json=slecht, headers=server.headers("demo-dji")).status_code == 400
    dubbel = {**detentie_body(persoon=persoon), "bronId": r.json()["bronId"], "titel": "tbs"}
    assert httpx.post(url, json=dubbel, headers=server.headers("demo-dji")).status_code == 409
    feed = httpx.get(
        server.url + "/api/v1/notificaties",
        params={"expand": "data", "limit": 1000},
        headers=server.headers("demo-gemeente-amsterdam"),
    )
    assert persoon["geslachtsnaam"] in feed.text  # the data did flow: the log must not have it

    lines = _wait_for(
        server,
        lambda line: line.get("trace_id") == TRACE_ID and line.get("route", "").endswith("{detentie_id}"),
    )
    mine = [line for line in lines if line.get("trace_id") == TRACE_ID and line["event"] == "request"]
    assert {(line["method"], line["route"], line["status"]) for line in mine} == {
        ("POST", "/api/v1/detenties", 201),
        ("GET", "/api/v1/detenties/{detentie_id}", 200),
    }
    assert all(isinstance(line["duration_ms"], float) for line in mine)
    requests = [line for line in lines if line["event"] == "request"]
    assert all(len(line["trace_id"]) == 32 for line in requests)

    log = server.log()
    for value in (
        persoon["bsn"],
        ongeldig_bsn,
        persoon["geslachtsnaam"],
        "Eusebius",
        persoon["geboortedatum"],
        "29-07-1983",
    ):
        assert value not in log, f"{value!r} found in the server log"
    assert "?" not in "".join(str(line.get("route", "")) for line in requests)  # no query strings


def test_an_unexpected_error_is_logged_without_its_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The exception's message may quote input (here a BSN): the log has its type and stack, not the text."""
    secret_bsn = bsn()
    app = create_app(make_settings(f"sqlite:///{tmp_path / 'x.db'}"))

    @app.post("/api/v1/test-fout")
    def kapot() -> None:
        raise ValueError(f"kon {secret_bsn} niet verwerken")

    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.post(
            "/api/v1/test-fout", json={}, headers={"traceparent": f"00-{TRACE_ID}-b7ad6b7169203331-01"}
        )
    assert r.status_code == 500
    err = capsys.readouterr().err
    assert secret_bsn not in err
    assert secret_bsn not in r.text
    [fout] = [line for line in _lines(err) if line["event"] == "unhandled_error"]
    assert fout["error_type"] == "ValueError"
    assert fout["trace_id"] == TRACE_ID
    assert any("test_logging.py" in frame for frame in fout["stack"])
    [request] = [line for line in _lines(err) if line["event"] == "request"]
    assert (request["route"], request["status"]) == ("/api/v1/test-fout", 500)
