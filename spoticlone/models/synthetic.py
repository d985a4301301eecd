"""Which accounts the activity simulator made, so they can be told apart and removed.

A marker table rather than an email pattern: a real person can sign up with any address,
but only ``services.admin.simulation`` writes here, so ``simulate-activity --remove``
can never delete a real account. Rows go with the account (``ON DELETE CASCADE``).
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class SyntheticUser(SQLModel, table=True):
    """An account created by ``simulate-activity`` (run number and seed, for the record)."""

    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    )
    run: int = Field(index=True, description="Which simulation run made it (1, 2, ...)")
    seed: int = 0
    created_at: datetime = Field(default_factory=utcnow)
