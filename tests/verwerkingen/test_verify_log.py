"""`ketenmeldingen verify-log` passes on an intact hash chain and catches altered, removed and swapped rows,
also a changed row whose own hash was recomputed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from app.db import make_sessionmaker, unit_of_work
from app.verwerkingen.models import Verwerking
from app.verwerkingen.service import compute_hash, seal_all
from tests.fixtures.app import Api
from tests.support.database import verwerking_rows
from tests.support.environment import ROOT
from tests.support.screening import BASE, detentie_with_intake

KETENMELDINGEN = Path(sys.executable).parent / "ketenmeldingen"


def _verify_log(url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KETEN_DATABASE_URL": url, "KETEN_LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [str(KETENMELDINGEN), "verify-log"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture
def log_met_rijen(api: Api, engine: Engine) -> str:
    dji, amsterdam = api.as_("demo-dji"), api.as_("demo-gemeente-amsterdam")
    detentie_id = detentie_with_intake(dji)
    for _ in range(3):
        amsterdam.get(f"{BASE}/{detentie_id}")
        amsterdam.get(f"{BASE}/{detentie_id}/basisvoorwaarden")
    assert len(verwerking_rows(engine)) == 6
    seal_all(make_sessionmaker(engine))  # what the server's sealer does within seconds
    assert [r["volgnummer"] for r in verwerking_rows(engine)] == [1, 2, 3, 4, 5, 6]
    return engine.url.render_as_string(hide_password=False)


def _voer_uit(engine: Engine, *sql: str) -> None:
    with engine.begin() as conn:
        for s in sql:
            conn.execute(text(s))


def test_verify_log_passes_on_an_intact_log(log_met_rijen: str) -> None:
    r = _verify_log(log_met_rijen)
    assert r.returncode == 0, r.stdout + r.stderr
    assert '"intact": true' in r.stdout
    assert '"rijen": 6' in r.stdout


@pytest.mark.parametrize(
    "sabotage",
    [
        # changed: another recipient
        ["UPDATE verwerkingen SET partner_naam = 'iemand-anders' WHERE volgnummer = 3"],
        # changed: the channel
        ["UPDATE verwerkingen SET kanaal = 'webhook' WHERE volgnummer = 6"],
        # removed from the middle
        ["DELETE FROM verwerkingen WHERE volgnummer = 2"],
        # removed at the end (the chain head still remembers it)
        ["DELETE FROM verwerkingen WHERE volgnummer = 6"],
        # swapped: rows 2 and 4 exchange their place in the chain
        [
            "UPDATE verwerkingen SET volgnummer = 1000 WHERE volgnummer = 2",
            "UPDATE verwerkingen SET volgnummer = 2 WHERE volgnummer = 4",
            "UPDATE verwerkingen SET volgnummer = 4 WHERE volgnummer = 1000",
        ],
    ],
    ids=["changed-recipient", "changed-channel", "removed-middle", "removed-last", "swapped"],
)
def test_verify_log_fails_when_a_row_is_changed_removed_or_swapped(
    log_met_rijen: str, engine: Engine, sabotage: list[str]
) -> None:
    _voer_uit(engine, *sabotage)
    r = _verify_log(log_met_rijen)
    assert r.returncode == 1, r.stdout + r.stderr
    assert '"intact": false' in r.stdout


def test_verify_log_fails_when_a_changed_row_was_rehashed_too(log_met_rijen: str, engine: Engine) -> None:
    """Recomputing the altered row's own hash does not help: the next row no longer links to it."""
    with unit_of_work(make_sessionmaker(engine)) as session:
        rij = session.scalar(select(Verwerking).where(Verwerking.volgnummer == 3))
        assert rij is not None
        rij.partner_naam = "iemand-anders"
        rij.hash = compute_hash(rij)
    r = _verify_log(log_met_rijen)
    assert r.returncode == 1
    assert "rij 4: sluit niet aan" in r.stdout
