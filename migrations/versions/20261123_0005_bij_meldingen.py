"""bij_meldingen: BIJ-meldingen and the recipients recorded on each

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 04:31:10.377793
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | Sequence[str] | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('bij_meldingen',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('detentie_id', sa.Uuid(), nullable=False),
    sa.Column('partner_id', sa.Uuid(), nullable=False),
    sa.Column('bsn_pseudoniem', sa.String(length=64), nullable=False),
    sa.Column('soort', sa.String(length=20), nullable=False),
    sa.Column('delict_categorie', sa.String(length=10), nullable=False),
    sa.Column('delict_omschrijving', sa.String(length=2000), nullable=False),
    sa.Column('straat', sa.String(length=200), nullable=False),
    sa.Column('huisnummer', sa.String(length=20), nullable=False),
    sa.Column('postcode', sa.String(length=7), nullable=False),
    sa.Column('woonplaats', sa.String(length=200), nullable=False),
    sa.Column('gemeentecode', sa.String(length=4), nullable=False),
    sa.Column('periode_van', sa.DateTime(timezone=True), nullable=False),
    sa.Column('periode_tot', sa.DateTime(timezone=True), nullable=True),
    sa.Column('voorwaarden', sa.JSON(), nullable=False),
    sa.Column('onbestelbaar', sa.JSON(), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['detentie_id'], ['detenties.id'], name=op.f('fk_bij_meldingen_detentie_id_detenties'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_bij_meldingen_partner_id_partners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bij_meldingen'))
    )
    with op.batch_alter_table('bij_meldingen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bij_meldingen_bsn_pseudoniem'), ['bsn_pseudoniem'], unique=False)
        batch_op.create_index(batch_op.f('ix_bij_meldingen_detentie_id'), ['detentie_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bij_meldingen_gemeentecode'), ['gemeentecode'], unique=False)
        batch_op.create_index(batch_op.f('ix_bij_meldingen_partner_id'), ['partner_id'], unique=False)

    op.create_table('bij_ontvangers',
    sa.Column('melding_id', sa.Uuid(), nullable=False),
    sa.Column('partner_id', sa.Uuid(), nullable=False),
    sa.Column('rol', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['melding_id'], ['bij_meldingen.id'], name=op.f('fk_bij_ontvangers_melding_id_bij_meldingen'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_bij_ontvangers_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('melding_id', 'partner_id', name=op.f('pk_bij_ontvangers'))
    )
    with op.batch_alter_table('bij_ontvangers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bij_ontvangers_partner_id'), ['partner_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('bij_ontvangers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bij_ontvangers_partner_id'))

    op.drop_table('bij_ontvangers')
    with op.batch_alter_table('bij_meldingen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bij_meldingen_partner_id'))
        batch_op.drop_index(batch_op.f('ix_bij_meldingen_gemeentecode'))
        batch_op.drop_index(batch_op.f('ix_bij_meldingen_detentie_id'))
        batch_op.drop_index(batch_op.f('ix_bij_meldingen_bsn_pseudoniem'))

    op.drop_table('bij_meldingen')
