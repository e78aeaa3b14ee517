"""splits, dividends, companies and the Alpha Vantage call ledger

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 08:00:00

Splits and dividends are keyed on (symbol, date) so re-fetching them upserts; the ledger is an
append-only log of every call, read by day (the quota) and by symbol (when each was last fetched).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _stamp() -> sa.Column:
    return sa.Column("updated_at", sa.DateTime(), nullable=False)


def upgrade():
    op.create_table(
        "splits",
        sa.Column("symbol", sa.String(length=10), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("split_factor", sa.Numeric(precision=18, scale=8), nullable=False),
        _stamp(),
        sa.PrimaryKeyConstraint("symbol", "effective_date", name=op.f("pk_splits")),
    )
    op.create_table(
        "dividends",
        sa.Column("symbol", sa.String(length=10), nullable=False),
        sa.Column("ex_dividend_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("declaration_date", sa.Date(), nullable=True),
        sa.Column("record_date", sa.Date(), nullable=True),
        sa.Column("payment_date", sa.Date(), nullable=True),
        _stamp(),
        sa.PrimaryKeyConstraint("symbol", "ex_dividend_date", name=op.f("pk_dividends")),
    )
    op.create_table(
        "companies",
        sa.Column("symbol", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("exchange", sa.String(length=20), nullable=True),
        sa.Column("currency", sa.String(length=10), nullable=True),
        sa.Column("country", sa.String(length=60), nullable=True),
        sa.Column("sector", sa.String(length=100), nullable=True),
        sa.Column("industry", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("market_capitalization", sa.BigInteger(), nullable=True),
        sa.Column("fiscal_year_end", sa.String(length=20), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        _stamp(),
        sa.PrimaryKeyConstraint("symbol", name=op.f("pk_companies")),
    )
    op.create_table(
        "alphavantage_calls",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("called_at", sa.DateTime(), nullable=False),
        sa.Column("function", sa.String(length=40), nullable=False),
        sa.Column("symbol", sa.String(length=10), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alphavantage_calls")),
    )
    op.create_index("ix_alphavantage_calls_day", "alphavantage_calls", ["day"], unique=False)
    op.create_index(
        "ix_alphavantage_calls_symbol", "alphavantage_calls", ["symbol", "function", "called_at"], unique=False
    )


def downgrade():
    op.drop_index("ix_alphavantage_calls_symbol", table_name="alphavantage_calls")
    op.drop_index("ix_alphavantage_calls_day", table_name="alphavantage_calls")
    op.drop_table("alphavantage_calls")
    op.drop_table("companies")
    op.drop_table("dividends")
    op.drop_table("splits")
