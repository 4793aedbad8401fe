"""verwerkingen: rows are written unsealed with their disclosure and sealed into the chain afterwards

The table is rebuilt: `write_order` (autoincrement) becomes the key and the order the sealer follows;
`volgnummer`, `vorige_hash` and `hash` stay empty until a row is sealed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNSEALED = sa.text("volgnummer IS NULL")
COLUMNS = (
    "id, volgnummer, tijd, partner_id, partner_naam, rol, client_id, kanaal, object_soort, object_id, "
    "bsn_pseudoniem, categorieen, trace_id, vorige_hash, hash"
)
INDEXED = ("bsn_pseudoniem", "object_id", "partner_id", "tijd")


def _create(name: str, sealed_later: bool) -> None:
    key = (
        [sa.Column("write_order", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True)]
        if sealed_later
        else []
    )
    op.create_table(
        name,
        *key,
        sa.Column("volgnummer", sa.Integer(), autoincrement=False, nullable=sealed_later),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tijd", sa.DateTime(timezone=True), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("partner_naam", sa.String(length=200), nullable=False),
        sa.Column("rol", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=100), nullable=False),
        sa.Column("kanaal", sa.String(length=20), nullable=False),
        sa.Column("object_soort", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Uuid(), nullable=False),
        sa.Column("bsn_pseudoniem", sa.String(length=64), nullable=False),
        sa.Column("categorieen", sa.JSON(), nullable=False),
        sa.Column("trace_id", sa.String(length=32), nullable=True),
        sa.Column("vorige_hash", sa.String(length=64), nullable=sealed_later),
        sa.Column("hash", sa.String(length=64), nullable=sealed_later),
        sa.PrimaryKeyConstraint("write_order" if sealed_later else "volgnummer", name=f"pk_{name}"),
        sa.UniqueConstraint("id", name=f"uq_{name}_id"),
        *([sa.UniqueConstraint("volgnummer", name=f"uq_{name}_volgnummer")] if sealed_later else []),
    )


def _swap(sealed_later: bool) -> None:
    """Rebuild the table: old one aside (its index and constraint names freed), new one, copy, drop."""
    for column in INDEXED:
        op.drop_index(f"ix_verwerkingen_{column}", table_name="verwerkingen")
    op.rename_table("verwerkingen", "verwerkingen_oud")
    if op.get_bind().dialect.name == "postgresql":  # there, constraint names are schema-wide objects
        op.execute("ALTER TABLE verwerkingen_oud RENAME CONSTRAINT pk_verwerkingen TO pk_verwerkingen_oud")
        op.execute("ALTER TABLE verwerkingen_oud RENAME CONSTRAINT uq_verwerkingen_id TO uq_verwerkingen_oud_id")
        if not sealed_later:
            op.execute(
                "ALTER TABLE verwerkingen_oud RENAME CONSTRAINT uq_verwerkingen_volgnummer "
                "TO uq_verwerkingen_oud_volgnummer"
            )
    _create("verwerkingen", sealed_later)
    op.execute(f"INSERT INTO verwerkingen ({COLUMNS}) SELECT {COLUMNS} FROM verwerkingen_oud ORDER BY volgnummer")
    op.drop_table("verwerkingen_oud")
    for column in INDEXED:
        op.create_index(f"ix_verwerkingen_{column}", "verwerkingen", [column], unique=False)


def upgrade() -> None:
    _swap(sealed_later=True)
    op.create_index(
        "ix_verwerkingen_onverzegeld",
        "verwerkingen",
        ["write_order"],
        unique=False,
        postgresql_where=UNSEALED,
        sqlite_where=UNSEALED,
    )


def downgrade() -> None:
    # Unsealed rows cannot become chain rows without the sealer: run `ketenmeldingen verify-log` first.
    op.drop_index("ix_verwerkingen_onverzegeld", table_name="verwerkingen")
    _swap(sealed_later=False)
