"""cover date-ordered listings: (date, symbol) index carries open, close and volume

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 04:15:00

A page of the whole market walks this index in (date, symbol) order; holding the listed
columns in it turns each page into one contiguous index read instead of a row lookup per row
(on InnoDB, one day's rows otherwise sit on as many clustered pages as there are symbols).
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COVERED = ["date", "symbol", "open_price", "close_price", "volume"]


def upgrade():
    op.create_index("ix_financial_data_date_listing", "financial_data", COVERED, unique=False)
    op.drop_index("ix_financial_data_date_symbol", table_name="financial_data")


def downgrade():
    op.create_index("ix_financial_data_date_symbol", "financial_data", ["date", "symbol"], unique=False)
    op.drop_index("ix_financial_data_date_listing", table_name="financial_data")
