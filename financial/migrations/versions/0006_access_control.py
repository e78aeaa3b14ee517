"""API keys and users (reserved: filled by the work on issue 13; empty until then)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 08:00:00
"""

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
