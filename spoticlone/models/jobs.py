"""What the background job queue could not do, kept for the people who run the server."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


class JobFailure(SQLModel, table=True):
    """A job that failed on its last allowed try.

    The queue's own storage forgets a task once it is done with it; a row here is what
    an operator (and later the admin pages) can see of work that was acknowledged and
    then never happened.
    """

    id: int | None = Field(default=None, primary_key=True)
    task_name: str = Field(max_length=200, index=True)
    task_id: str = Field(max_length=64)
    arguments: str = Field(default="", max_length=1000)
    error: str = Field(default="", max_length=2000)
    retries: int = 0
    failed_at: datetime = Field(default_factory=utcnow, index=True)
