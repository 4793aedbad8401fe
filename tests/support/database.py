"""Reading the database directly: row counts, whole-table snapshots, partner ids."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Engine, text

# The tables a failed request must leave exactly as they were.
DOMAIN_TABLES = ("partners", "clients", "detenties", "overplaatsingen", "events", "onbestelbare_meldingen")
TableState = dict[str, list[tuple[str, ...]]]


def count_rows(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())


def table_state(engine: Engine, tables: tuple[str, ...] = DOMAIN_TABLES) -> TableState:
    """Every row of the tables, as sorted tuples of strings: compare before and after a request."""
    state = {}
    with engine.connect() as conn:
        for table in tables:
            result = conn.execute(text(f'SELECT * FROM "{table}"'))
            state[table] = sorted(tuple(str(v) for v in row) for row in result)
    return state


def partner_id(engine: Engine, naam: str) -> uuid.UUID:
    with engine.connect() as conn:
        value = conn.execute(text("SELECT id FROM partners WHERE naam = :n"), {"n": naam}).scalar_one()
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def verwerking_rows(engine: Engine) -> list[dict[str, Any]]:
    """The verwerkingenlog, row by row in the order written (which the sealer keeps for the chain).

    Not by `volgnummer`: a row has none until the sealer reaches it, and PostgreSQL and SQLite sort NULLs
    at opposite ends."""
    with engine.connect() as conn:
        return [
            dict(r._mapping)
            for r in conn.execute(text("SELECT * FROM verwerkingen ORDER BY write_order")).all()
        ]
