"""Redirects from an old blog's addresses, for any static host.

Reads the redirect map ``content/redirects.tsv`` (written by ``flask --app comments import``,
see comments/importers/redirects.py) after the build and writes into the output:

* at each old path a small HTML page (meta refresh, canonical link, a link to follow, and a
  script that follows a comment's old ``#comment-123`` anchor to its new one);
* ``redirects.nginx.conf``, rules to ``include`` in an nginx ``server`` block;
* ``.htaccess``, the same as Apache mod_rewrite rules (used as is where overrides are allowed).

The server rules also cover what a static page cannot: ``/?p=123``. A path the build itself
wrote is never overwritten. Settings: ``REDIRECTS_MAP`` (default ``PATH/redirects.tsv``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from comments.importers.redirects import (
    MAP_NAME,
    apache_snippet,
    nginx_snippet,
    page_file,
    page_targets,
    read_map,
    redirect_page,
)

log = logging.getLogger(__name__)
NGINX_FILE = "redirects.nginx.conf"
APACHE_FILE = ".htaccess"


def write_redirects(pelican) -> None:
    """Write the redirect pages and server snippets for the map, if the site has one."""
    settings = pelican.settings
    entries = read_map(Path(settings.get("REDIRECTS_MAP") or Path(settings["PATH"]) / MAP_NAME))
    if not entries:
        return
    output = Path(pelican.output_path)
    site_url = settings.get("SITEURL", "")
    pages: dict[Path, tuple[str, dict[str, str]]] = {}
    for old, (target, fragments) in page_targets(entries).items():
        page = page_file(output, old)
        if page is None or page.exists():
            log.info("redirect for %s not written: the path is taken or unsafe", old)
            continue
        known = pages.setdefault(page, (target, {}))
        known[1].update(fragments)
    for page, (target, fragments) in pages.items():
        try:
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(redirect_page(target, fragments, site_url), encoding="utf-8")
        except OSError as error:
            log.info("redirect page %s not written: %s", page, error)
    (output / NGINX_FILE).write_text(nginx_snippet(entries), encoding="utf-8")
    (output / APACHE_FILE).write_text(apache_snippet(entries), encoding="utf-8")
    log.info("wrote %d redirect pages and the nginx and Apache rules", len(pages))


def register() -> None:
    signals.finalized.connect(write_redirects)
