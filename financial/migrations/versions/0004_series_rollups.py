"""weekly and monthly OHLC rollups for resampled series (reserved: filled by the work on issue 10; empty until then)

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
