"""add price_days and price_months, the summaries that spare the API full scans

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 04:00:00

"""

import sqlalchemy as sa
from alembic import op

from financial.storage.summaries import rebuild

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "price_days",
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("day_rows", sa.Integer(), nullable=False),
        sa.Column("rows_before", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("date", name=op.f("pk_price_days")),
    )
    op.create_index(op.f("ix_price_days_rows_before"), "price_days", ["rows_before"], unique=False)
    op.create_table(
        "price_months",
        sa.Column("symbol", sa.String(length=10), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("open_total_e4", sa.BigInteger(), nullable=False),
        sa.Column("close_total_e4", sa.BigInteger(), nullable=False),
        sa.Column("volume_total", sa.Numeric(precision=30, scale=0), nullable=False),
        sa.PrimaryKeyConstraint("symbol", "month", name=op.f("pk_price_months")),
    )
    # Databases that already hold prices get their summaries now, in the migration's transaction.
    rebuild(op.get_bind())


def downgrade():
    op.drop_table("price_months")
    op.drop_index(op.f("ix_price_days_rows_before"), table_name="price_days")
    op.drop_table("price_days")
