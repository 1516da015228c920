"""Create the ``itineraries`` table.

Revision ID: 0001
Revises:
Create Date: 2027-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the table."""
    op.create_table(
        "itineraries",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("itinerary", sa.JSON(), nullable=False),
    )
    op.create_index("ix_itineraries_created_at", "itineraries", ["created_at"])


def downgrade() -> None:
    """Drop the table."""
    op.drop_index("ix_itineraries_created_at", table_name="itineraries")
    op.drop_table("itineraries")
