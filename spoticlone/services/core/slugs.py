"""URL slugs: lower-case ASCII words joined by hyphens, accents folded."""

import functools
import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def slugify(text: str, *, max_length: int = 80, fallback: str = "untitled") -> str:
    """``"Café del Mar!"`` -> ``"cafe-del-mar"``; never empty.

    Remembered for the last few thousand texts: a bulk import asks for the same artist,
    album and genre names several times per file (matching, keys, slugs), thousands of files
    in a row.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NON_WORD.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or fallback
