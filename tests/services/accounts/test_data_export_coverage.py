"""Every table with personal data is exported, or excluded with a reason: a new one fails here.

"Personal" means a foreign key to an account (``user.id``) or to an artist profile
(``artistprofile.id``, which an account owns). Add a ``Section`` for the new table in
``services/accounts/data_export_sections.py`` (or ``data_export_artist.py``), or list it in
``EXCLUDED`` there with the reason it is not the person's data.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table
from sqlmodel import SQLModel

import spoticlone.models  # noqa: F401  - registers every table
from spoticlone.services.accounts.data_export_archive import SECTIONS
from spoticlone.services.accounts.data_export_sections import EXCLUDED

OWNERS = {"user", "artistprofile"}


def personal_tables(metadata: MetaData) -> set[str]:
    """Tables of ``metadata`` with a foreign key to an account or an artist profile (and those two)."""
    found = {name for name in OWNERS if name in metadata.tables}
    for table in metadata.tables.values():
        if any(fk.column.table.name in OWNERS for fk in table.foreign_keys):
            found.add(table.name)
    return found


def covered() -> set[str]:
    return {table for section in SECTIONS for table in section.tables}


def test_every_personal_table_is_exported_or_excluded_with_a_reason():
    missing = sorted(personal_tables(SQLModel.metadata) - covered() - set(EXCLUDED))
    assert not missing, (
        f"tables with personal data that the data export neither exports nor excludes: {missing}. "
        "Add a Section (services/accounts/data_export_sections.py) or an EXCLUDED entry with the reason.")


def test_exclusions_give_reasons_and_do_not_contradict_sections():
    assert all(len(reason.split()) >= 4 for reason in EXCLUDED.values())
    assert not covered() & set(EXCLUDED)


def test_the_guard_sees_a_new_personal_table():
    metadata = MetaData()
    Table("user", metadata, Column("id", Integer, primary_key=True))
    Table("artistprofile", metadata, Column("id", Integer, primary_key=True))
    Table("karaokescore", metadata, Column("id", Integer, primary_key=True),
          Column("singer_id", Integer, ForeignKey("user.id")))
    Table("gig", metadata, Column("id", Integer, primary_key=True),
          Column("artist_id", Integer, ForeignKey("artistprofile.id")))
    Table("genre", metadata, Column("id", Integer, primary_key=True))
    assert personal_tables(metadata) - covered() - set(EXCLUDED) == {"karaokescore", "gig"}
