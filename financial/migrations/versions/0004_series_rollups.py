"""no table for resampled series: an empty step, kept so the chain stays 0003 -> 0004 -> 0005

Issue 10 reserved this revision for weekly and monthly OHLC rollups. Measured, they were not
needed: the series endpoints keep each symbol's daily history per process and data version
(financial/series/history.py) and meet their targets (README, Performance).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 08:00:00
"""

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
