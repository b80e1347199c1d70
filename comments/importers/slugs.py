"""Slugs by the site's rule (``comments.site.articles.SLUG_PATTERN``: a–z, 0–9 and single hyphens),
from whatever the old blog used: percent-encoded WordPress slugs are decoded first, then
``ä``→``a``, ``ö``→``o``, ``å``→``a`` and other letters lose their accents; a slug already
taken gets ``-2``, ``-3`` …"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

from comments.site.articles import SLUG_PATTERN

MAX_LENGTH = 80
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "þ": "th", "ð": "d", "ł": "l"})


def slugify(text: str) -> str:
    """``text`` as a slug; '' when nothing of it is left (the caller picks a fallback)."""
    text = unquote(text).lower().translate(_SPECIAL)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0] or slug[:MAX_LENGTH]
    return slug


class SlugRegistry:
    """The slugs in use (the site's and this import's), handing out unique new ones."""

    def __init__(self, taken: set[str]) -> None:
        self._taken = set(taken)

    def claim(self, wanted: str, fallback: str) -> str:
        """A unique slug for ``wanted`` (``fallback`` when ``wanted`` gives none), now taken."""
        base = slugify(wanted)
        if not re.search("[a-z]", base):  # "επίπεδο-2" keeps only "2": try the title
            base = slugify(fallback) if re.search("[a-z]", slugify(fallback)) else base
        base = base or "kirjoitus"
        slug, number = base, 2
        while slug in self._taken:
            slug = f"{base}-{number}"
            number += 1
        assert SLUG_PATTERN.match(slug), slug
        self._taken.add(slug)
        return slug
