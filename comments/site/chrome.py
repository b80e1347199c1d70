"""The site's header and footer, taken from the built site for the service's own pages.

The theme's ``base.html`` marks both; the service's ``public/base.html`` prints what stands
between the marks in the built front page, so a change to the site's header or footer reaches the
confirmation, privacy and error pages at the next build, with nothing written twice."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

_PART = r"<!-- vastine:{0} -->(.*?)<!-- /vastine:{0} -->"
_CURRENT = re.compile(r'\s+aria-current="page"')
_cache: dict[Path, tuple[int, SiteChrome]] = {}


@dataclass(frozen=True)
class SiteChrome:
    """The built site's header and footer HTML (empty when the site is not built)."""

    header: Markup
    footer: Markup


def site_chrome(output_dir: str | Path) -> SiteChrome:
    """The header and footer of the built front page in ``output_dir``, read again only when
    the page changes; the front page's ``aria-current`` marks are dropped."""
    page = Path(output_dir) / "index.html"
    try:
        stamp = page.stat().st_mtime_ns
    except OSError:
        return SiteChrome(Markup(""), Markup(""))
    cached = _cache.get(page)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    text = page.read_text(encoding="utf-8")
    chrome = SiteChrome(_part(text, "site-header"), _part(text, "site-footer"))
    _cache[page] = (stamp, chrome)
    return chrome


def _part(text: str, name: str) -> Markup:
    match = re.search(_PART.format(name), text, re.DOTALL)
    # Our own build's header and footer: theme markup and page titles, no reader input.
    return Markup(_CURRENT.sub("", match.group(1)).strip()) if match else Markup("")  # noqa: S704
