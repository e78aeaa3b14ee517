"""intraday bars keyed on (symbol, interval, ts) (reserved: filled by the work on issue 15; empty until then)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 08:00:00
"""

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
