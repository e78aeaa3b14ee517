"""per-symbol coverage kept at ingest (reserved: filled by the work on issue 11; empty until then)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 08:00:00
"""

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
