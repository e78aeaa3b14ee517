"""per-symbol coverage kept at ingest: span, rows, NYSE sessions expected and missing, and the gaps

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-01 08:00:00

The tables are filled from the rows already stored, so an existing database answers
/api/symbols at once; from then on ingestion keeps them (financial.symbols.refresh).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "symbol_coverage",
        sa.Column("symbol", sa.String(length=10), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("last_date", sa.Date(), nullable=False),
        sa.Column("stored_rows", sa.Integer(), nullable=False),
        sa.Column("sessions_expected", sa.Integer(), nullable=False),
        sa.Column("sessions_missing", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("symbol", name=op.f("pk_symbol_coverage")),
    )
    op.create_table(
        "symbol_gaps",
        sa.Column("symbol", sa.String(length=10), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("symbol", "first_day", name=op.f("pk_symbol_gaps")),
    )
    op.create_index(
        "ix_ingest_runs_symbol_status_finished_at", "ingest_runs", ["symbol", "status", "finished_at"], unique=False
    )
    from financial.symbols.store import rebuild  # the one home of the computation

    rebuild(op.get_bind())


def downgrade():
    op.drop_index("ix_ingest_runs_symbol_status_finished_at", table_name="ingest_runs")
    op.drop_table("symbol_gaps")
    op.drop_table("symbol_coverage")
