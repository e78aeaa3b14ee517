"""intraday bars keyed on (symbol, interval, ts), and each symbol's stored intervals with their spans

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 08:00:00

`ts` is the bar's start as a naive UTC instant; the key clusters one symbol's interval in time
order (InnoDB), and the `ts` index lets retention prune old bars without a scan. intraday_spans
holds each (symbol, interval)'s first and last bar and count, kept by the store and the prune.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _price(name: str) -> sa.Column:
    return sa.Column(name, sa.Numeric(precision=18, scale=4), nullable=False)


def upgrade():
    op.create_table(
        "intraday_bars",
        sa.Column("symbol", sa.String(length=10), nullable=False),
        sa.Column("interval", sa.String(length=6), nullable=False),
        sa.Column("ts", sa.DateTime(), nullable=False),
        _price("open_price"),
        _price("high_price"),
        _price("low_price"),
        _price("close_price"),
        sa.Column("volume", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("symbol", "interval", "ts", name=op.f("pk_intraday_bars")),
    )
    op.create_index("ix_intraday_bars_ts", "intraday_bars", ["ts"], unique=False)
    op.create_table(
        "intraday_spans",
        sa.Column("symbol", sa.String(length=10), nullable=False),
        sa.Column("interval", sa.String(length=6), nullable=False),
        sa.Column("first_ts", sa.DateTime(), nullable=False),
        sa.Column("last_ts", sa.DateTime(), nullable=False),
        sa.Column("bars", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("symbol", "interval", name=op.f("pk_intraday_spans")),
    )


def downgrade():
    op.drop_table("intraday_spans")
    op.drop_index("ix_intraday_bars_ts", table_name="intraday_bars")
    op.drop_table("intraday_bars")
