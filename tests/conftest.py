"""The root conftest: wires the app as it is wired at start-up, and loads the fixtures, one module per
concern (tests/fixtures/):

- databases: the session's migrated databases on SQLite and PostgreSQL, `engine` and per-test cleanup;
- app: settings, the test clock and `api`, a TestClient that knows the demo partners;
- live_server: `ketenmeldingen serve` in its own process;
- screening: the app on both sides of the S&B date (art. 18a Pbw);
- privacy: a hook failing any test whose captured output holds a BSN.

Helpers that are not fixtures live in tests/support/, test data in tests/factories.py.
"""

from __future__ import annotations

from app.wiring import wire

wire()  # what app.main and app.cli do at start: tests also call services directly

pytest_plugins = [
    "tests.fixtures.databases",
    "tests.fixtures.app",
    "tests.fixtures.live_server",
    "tests.fixtures.screening",
    "tests.fixtures.privacy",
]
