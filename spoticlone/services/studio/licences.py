"""The licences an artist may put on a track, and ISRC codes.

A track's ``licence`` column stores the licence's name exactly as written here; the link
is the licence's official page on creativecommons.org (none for "All rights reserved").
"""

from __future__ import annotations

import re

from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid

ALL_RIGHTS_RESERVED = "All rights reserved"


class Licence(DTO):
    """One licence a track can carry: its name (what is stored) and its official link."""

    name: str
    url: str | None


LICENCES: tuple[Licence, ...] = (
    Licence(name=ALL_RIGHTS_RESERVED, url=None),
    Licence(name="CC BY 4.0", url="https://creativecommons.org/licenses/by/4.0/"),
    Licence(name="CC BY-SA 4.0", url="https://creativecommons.org/licenses/by-sa/4.0/"),
    Licence(name="CC BY-NC 4.0", url="https://creativecommons.org/licenses/by-nc/4.0/"),
    Licence(name="CC BY-NC-SA 4.0", url="https://creativecommons.org/licenses/by-nc-sa/4.0/"),
    Licence(name="CC BY-ND 4.0", url="https://creativecommons.org/licenses/by-nd/4.0/"),
    Licence(name="CC BY-NC-ND 4.0", url="https://creativecommons.org/licenses/by-nc-nd/4.0/"),
    Licence(name="CC0 1.0", url="https://creativecommons.org/publicdomain/zero/1.0/"),
)
_BY_NAME = {licence.name.casefold(): licence for licence in LICENCES}

# Country (2 letters), registrant (3 letters or digits), year (2 digits), designation (5 digits).
_ISRC = re.compile(r"[A-Z]{2}[A-Z0-9]{3}[0-9]{7}")


def licence_choices() -> list[Licence]:
    """Every licence a track may carry, "All rights reserved" first."""
    return list(LICENCES)


def licence_named(name: str) -> Licence:
    """The licence called ``name`` (case and surrounding spaces ignored).

    Raises:
        Invalid: not one of ``LICENCES``.
    """
    found = _BY_NAME.get(name.strip().casefold()) if isinstance(name, str) else None
    if found is None:
        raise Invalid(
            "Choose a licence from the list: All rights reserved or one of the Creative Commons licences."
        )
    return found


def licence_url(name: str | None) -> str | None:
    """The official link of the licence stored as ``name``; None for unknown or no link."""
    found = _BY_NAME.get((name or "").strip().casefold())
    return found.url if found else None


def normalise_isrc(value: str | None) -> str | None:
    """An ISRC in its 12-character form (``US-RC1-76-07839`` -> ``USRC17607839``); None if blank.

    Raises:
        Invalid: not an ISRC.
    """
    if value is None:
        return None
    compact = value.strip().replace("-", "").replace(" ", "").upper()
    if not compact:
        return None
    if not _ISRC.fullmatch(compact):
        raise Invalid(
            "An ISRC has 12 characters: 2 letters for the country, 3 letters or digits for the "
            "registrant, then 7 digits (for example USRC17607839)."
        )
    return compact
