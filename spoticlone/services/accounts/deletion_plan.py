"""What erasing an account does to every column that points at the account.

Every foreign key to ``user.id`` in the models has exactly one decision here, with the
reason for it; ``tests/services/accounts/test_deletion_plan.py`` fails as soon as a table
with a user key appears without one, so a new feature cannot quietly keep personal data
after its owner left. ``deletion_erase`` applies the plan in one transaction.

- ``DELETE``: the rows are the person's own (their likes, sessions, settings): they go.
- ``ANONYMISE``: the rows belong to others too (a song added to a friend's playlist, a
  backup an admin started): they stay, the column becomes NULL and ``clear`` resets the
  other columns that could say who it was.
- ``CUSTOM``: a named step of ``deletion_erase`` (plays become anonymous, playlists take
  their cover files with them, an artist's releases stay or go).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy import Table
from sqlmodel import SQLModel

import spoticlone.models  # noqa: F401  - registers every table


class Fate(str, Enum):
    """What happens to the rows pointing at an erased account (see the module docstring)."""

    DELETE = "delete"
    ANONYMISE = "anonymise"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Decision:
    """One column's fate and why, so the plan reads as the record of processing it is."""

    fate: Fate
    why: str
    #: For ``ANONYMISE``: other columns to reset on the kept rows.
    clear: dict[str, Any] = field(default_factory=dict)


def _delete(why: str) -> Decision:
    return Decision(Fate.DELETE, why)


def _anonymise(why: str, **clear: Any) -> Decision:
    return Decision(Fate.ANONYMISE, why, clear)


def _custom(why: str) -> Decision:
    return Decision(Fate.CUSTOM, why)


#: ``(table, column)`` of every key to ``user.id`` → what erasing the account does to it.
PLAN: dict[tuple[str, str], Decision] = {
    ("accountdeletion", "user_id"): _custom("the anonymous record that an erasure happened stays"),
    ("accountdeletion", "requested_by_id"): _anonymise("another account's record must not name this one"),
    ("playevent", "user_id"): _custom("plays stay as anonymous listens so play counts, charts and "
                                      "artists' listener figures stay true"),
    ("artistprofile", "user_id"): _custom("the artist chose: releases stay under the stage name "
                                          "(profile detached) or go with their files"),
    ("playlist", "owner_id"): _custom("their playlists go, with the cover files we made for them"),
    ("playlisttrack", "added_by_id"): _anonymise("songs they added to other people's playlists stay"),
    ("playlistcollaborator", "user_id"): _delete("they no longer edit other people's playlists"),
    ("tracklike", "user_id"): _delete("their liked songs are their own library"),
    ("savedalbum", "user_id"): _delete("their saved albums are their own library"),
    ("rating", "user_id"): _delete("a rating is a personal opinion tied to the person"),
    ("insightshare", "user_id"): _delete("a shared year in review is theirs; its link stops working"),
    ("follow", "follower_id"): _delete("whom they followed"),
    ("follow", "followee_id"): _delete("who followed them: there is no one left to follow"),
    ("artistfollow", "user_id"): _delete("which artists they followed"),
    ("playlistfollow", "user_id"): _delete("which playlists they followed"),
    ("authsession", "user_id"): _delete("sessions end with the account"),
    ("emailcode", "user_id"): _delete("codes mailed to them (one may hold a new address)"),
    ("authticket", "user_id"): _delete("sign-in steps in progress"),
    ("recoverycode", "user_id"): _delete("two-step recovery codes"),
    ("externalidentity", "user_id"): _delete("their Google link and its email address"),
    ("apppassword", "user_id"): _delete("keys of their Subsonic apps"),
    ("listenersettings", "user_id"): _delete("their playback preferences"),
    ("recommendation", "user_id"): _delete("recommendations made for them"),
    ("notinterested", "user_id"): _delete("tracks and artists they hid"),
    ("tastepick", "user_id"): _delete("genres and artists they picked"),
    ("savedplayqueue", "user_id"): _delete("their saved play queue"),
    ("bookmark", "user_id"): _delete("where they stopped in songs, for their Subsonic apps"),
    ("recentsearch", "user_id"): _delete("what they searched for"),
    ("syntheticuser", "user_id"): _delete("the simulator's marker goes with the account"),
    ("audioupload", "user_id"): _anonymise("the upload history of a kept artist profile stays, without "
                                           "the file names from their device", filename=""),
    ("uploadsession", "user_id"): _anonymise("an unfinished upload is swept later; the file name from "
                                             "their device goes now", filename=""),
    ("backuprun", "requested_by_id"): _anonymise("the server's backup history stays"),
    ("dataexport", "user_id"): _custom("their data exports go, zip files included"),
    ("smartplaylist", "owner_id"): _delete("their smart playlists (rules over their own listening)"),
    ("radiostation", "user_id"): _delete("their saved radio stations"),
    ("legalacceptance", "user_id"): _delete("which terms they accepted: no account left to bind"),
    ("notification", "user_id"): _delete("their notifications: what happened, for them"),
    ("notificationpreference", "user_id"): _delete("which notifications they wanted"),
    ("notificationemail", "user_id"): _delete("mails to them, sent or waiting: no one left to send to"),
    ("notificationdigest", "user_id"): _delete("which weekly digests were sent to them"),
    ("legaldocument", "author_id"): _anonymise("published legal texts stay; the author is forgotten"),
    ("editorialfeature", "created_by_id"): _anonymise("editorial picks stay; who made them is forgotten"),
    ("archiveswitch", "changed_by_id"): _anonymise("the server's archive history stays"),
    ("moderationreport", "reporter_id"): _anonymise("a report stays on the record of what was decided; "
                                                    "who filed it and their address go", contact_email=""),
    ("moderationreport", "decided_by_id"): _anonymise("the moderation record stays; which admin decided is forgotten"),
    ("moderationhold", "hidden_by_id"): _anonymise("hidden content stays hidden; which admin hid it is forgotten"),
    ("moderationhold", "owner_id"): _anonymise("hidden content stays hidden; its owner's account is gone"),
    ("bulkexportrun", "requested_by_id"): _anonymise("the operator's record of exports stays"),
    ("auditentry", "actor_id"): _anonymise("the audit log stays, saying only that a since-"
                                           "deleted account acted", actor_name="(deleted account)"),
    ("insightactivity", "user_id"): _delete("which days, weeks and months they listened; the dashboard's "
                                           "totals (counts, not people) stay"),
    ("insightlistener", "user_id"): _delete("their sign-up week and first and last listening day"),
    ("supportrequest", "user_id"): _delete("their support requests are their own conversation: they go with "
                                           "their messages and screenshots; the audit log keeps only ids"),
    ("supportrequest", "assigned_to_id"): _anonymise("other listeners' requests stay; the erased admin "
                                                     "is no longer their assignee"),
    ("supportmessage", "author_id"): _anonymise("an erased admin's replies stay in listeners' conversations, "
                                                "signed only \"Support\""),
}


def user_columns() -> list[tuple[Table, str]]:
    """Every ``(table, column name)`` in the models with a foreign key to ``user.id``."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.target_fullname == "user.id" for fk in column.foreign_keys):
                found.append((table, column.name))
    return found


def undecided() -> list[str]:
    """``table.column`` of every user key that has no decision (should be empty)."""
    return [f"{t.name}.{c}" for t, c in user_columns() if (t.name, c) not in PLAN]
