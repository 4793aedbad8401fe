"""The embedded default: `ketenmeldingen serve --demo` (what `make run` starts) delivers webhooks with
nothing else running: a real server process, a real receiver, the in-process worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.factories import abonnement_body, detentie_body
from tests.support.environment import free_port
from tests.support.webhook_receiver import Receiver

CLI = str(Path(sys.executable).parent / "ketenmeldingen")


@pytest.fixture
def ontvanger() -> Iterator[Receiver]:
    o = Receiver().start()
    yield o
    o.stop()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "KETEN_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "KETEN_PORT": str(port),
        "KETEN_PUBLIEKE_URL": f"http://127.0.0.1:{port}",
        "KETEN_JWT_SLEUTEL": "serve-test-sleutel-met-genoeg-entropie-0123456789",
        "KETEN_WEBHOOK_ALLOW_LOOPBACK": "true",
        "KETEN_WEBHOOK_POLL_INTERVAL_SECONDEN": "0.1",
    }
    env.pop("KETEN_WORKER_IN_PROCESS", None)
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen([CLI, "serve", "--demo"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.1)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        log.close()


def _token(base: str, client_id: str) -> dict[str, str]:
    r = httpx.post(
        f"{base}/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": f"{client_id}-secret",
        },
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_serve_delivers_webhooks_in_process(server: str, ontvanger: Receiver) -> None:
    r = httpx.post(
        f"{server}/api/v1/abonnementen",
        json=abonnement_body(callbackUrl=ontvanger.url("/a")),
        headers=_token(server, "demo-gemeente-amsterdam"),
    )
    assert r.status_code == 201, r.text
    ontvanger.secrets["/a"] = r.json()["secret"]
    r = httpx.post(f"{server}/api/v1/detenties", json=detentie_body(), headers=_token(server, "demo-dji"))
    assert r.status_code == 201, r.text
    deadline = time.monotonic() + 15
    while not ontvanger.arrived("/a") and time.monotonic() < deadline:
        time.sleep(0.05)
    [ontvangst] = ontvanger.arrived("/a")
    assert ontvangst.valid
    assert ontvangst.body["subject"] == r.json()["id"]
    assert ontvangst.body["type"] == "nl.justitiabelen.detentie.gestart"
