"""The first version of each legal page for a fresh or demo install (replace before going live).

Seeded by ``cli seed`` so /terms, /privacy and /licences are never empty; an admin edits
them at /admin/legal, which publishes version 2 and keeps these in the history.
"""

TERMS = """\
These terms apply when you use Spoticlone, a music streaming service run by its operator
(the people who installed this server).

## Your account

- You must be at least 13 years old.
- Keep your password to yourself. You are responsible for what happens with your account.
- You can download a copy of your data and delete your account at any time from Settings.

## Music

- Listen to music for your own, personal use.
- Artists who upload music confirm that they hold the rights to it and choose its licence,
  which is shown on each song's page.
- Do not upload music you have no right to share. We remove it when we are told about it.

## The service

- We may change these terms. When a change matters, we ask you to accept it before you
  continue; you can always read earlier versions on this page.
- If the service closes, we say so on every page first, with a date and what happens to your data.
"""

PRIVACY = """\
## What we keep

- **Your account:** email address, username, date of birth and a hash of your password.
- **What you do:** the songs you play, like and add to playlists, so we can show your library
  and recommend music.
- **Sign-in records:** your active sessions, so you can see and end them from Settings.

## What we do not do

- We do not sell your data or show you advertising.
- We do not load anything from other websites while you use Spoticlone.

## Your rights

- Download a copy of everything we keep about you from Settings.
- Delete your account; your personal data goes with it.
- Questions? Write to the operator of this server.
"""

LICENCES = """\
## Music

Each song's page shows its licence, chosen by the artist who uploaded it (for example
*All rights reserved* or a Creative Commons licence). The licence says what you may do
with the song beyond listening here.

## Software

Spoticlone is built with open-source software, including Reflex, FastAPI, SQLModel and
SQLAlchemy, each under its own licence.
"""

FIRST_VERSIONS = {"terms": TERMS, "privacy": PRIVACY, "licences": LICENCES}
