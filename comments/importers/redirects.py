"""The redirect map from the old blog's addresses to the new ones, and what the site build
makes of it: an HTML redirect page at each old path, an nginx snippet and an Apache one.

The map is ``content/redirects.tsv``: one ``old<TAB>new`` line per address, sorted, e.g.
``/2013/05/asiakaspolku/<TAB>/asiakaspolku/``, ``/?p=123<TAB>/asiakaspolku/`` and, for a
comment, ``/2013/05/asiakaspolku/#comment-7<TAB>/asiakaspolku/#kommentti-42``. It is a file next
to the articles rather than a table in the comment store because it belongs to the content: the
author keeps it in version control with the articles, may edit it, and a build needs no
database to use it.

A fragment never reaches a server, so comment anchors are followed by the redirect page itself
(a few lines of script; without script the reader still lands on the article).
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

MAP_NAME = "redirects.tsv"
MAP_HEADER = "# Vastine: vanhat osoitteet -> uudet (tuonti kirjoittaa; saa muokata käsin)\n"
ARTICLE_URL = "/{slug}/"
PAGE_URL = "/sivut/{slug}/"


def read_map(path: Path) -> dict[str, str]:
    """The map in ``path`` (empty when it does not exist); comment and broken lines skipped."""
    if not path.is_file():
        return {}
    entries: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        old, new = line.split("\t", 1)
        if old.strip() and new.strip():
            entries[old.strip()] = new.strip()
    return entries


def format_map(entries: Mapping[str, str]) -> str:
    """The text of a map file with ``entries``."""
    lines = [f"{old}\t{new}\n" for old, new in sorted(entries.items()) if _clean(old, new)]
    return MAP_HEADER + "".join(lines)


def page_targets(entries: Mapping[str, str]) -> dict[str, tuple[str, dict[str, str]]]:
    """Old path -> (new address, old fragment -> new fragment) for the redirect pages: every
    entry without a query (a static host cannot tell ``/?p=1`` from ``/``)."""
    pages: dict[str, tuple[str, dict[str, str]]] = {}
    fragments: dict[str, dict[str, str]] = defaultdict(dict)
    for old, new in entries.items():
        path, _, fragment = old.partition("#")
        if "?" in path:
            continue
        if fragment:
            target_path, _, target_fragment = new.partition("#")
            fragments[path][fragment] = target_fragment
            pages.setdefault(path, (target_path, {}))
        else:
            pages[path] = (new, pages.get(path, ("", {}))[1])
    return {path: (target, fragments[path]) for path, (target, _) in pages.items() if target}


def page_file(output: Path, old_path: str) -> Path | None:
    """Where the redirect page for ``old_path`` goes in ``output`` (``…/index.html`` for a
    directory-like path, the file itself for ``….html``); None for a path that would leave
    ``output`` or that has nothing to name."""
    decoded = unquote(old_path)
    parts = [part for part in PurePosixPath(decoded).parts if part != "/"]
    if not parts or any(part in ("..", ".") or "\x00" in part for part in parts):
        return None
    target = output.joinpath(*parts)
    if not decoded.endswith("/") and re.search(r"\.(html?|php)$", parts[-1]):
        return target
    return target / "index.html"


def redirect_page(target: str, fragments: Mapping[str, str], site_url: str = "") -> str:
    """A small Finnish page that sends the reader to ``target`` (meta refresh, canonical link,
    a link to follow by hand), following a comment's old anchor when it knows it."""
    href = html.escape(target)
    canonical = html.escape(site_url.rstrip("/") + target if site_url else target)
    script = ""
    if fragments:
        mapping = json.dumps(dict(fragments), ensure_ascii=True).replace("</", "<\\/")
        script = (
            "<script>(function(){var m=" + mapping + ",h=location.hash.slice(1);"
            "if(m[h]){location.replace(" + json.dumps(target) + '+"#"+m[h]);}})();</script>\n'
        )
    return (
        '<!DOCTYPE html>\n<html lang="fi">\n<head>\n<meta charset="utf-8">\n'
        "<title>Sivu on siirtynyt</title>\n"
        f'<link rel="canonical" href="{canonical}">\n'
        '<meta name="robots" content="noindex">\n'
        f"{script}"
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        "</head>\n<body>\n"
        f'<p>Sivu on siirtynyt uuteen osoitteeseen: <a href="{href}">{href}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def nginx_snippet(entries: Mapping[str, str]) -> str:
    """``location`` and ``if`` rules for an nginx ``server`` block (``include`` this file)."""
    lines = [
        "# Vastine: vanhojen osoitteiden pysyvät uudelleenohjaukset.",
        "# Lisää server-lohkoon: include /polku/redirects.nginx.conf;",
    ]
    for old, new in sorted(entries.items()):
        path, _, query = old.partition("#")[0].partition("?")
        if "#" in old or not _clean(old, new):
            continue
        if query:
            lines.append(f'if ($args = "{query}") {{ return 301 "{_quoted(new)}"; }}')
        else:
            lines.append(
                f'location = "{_quoted(unquote(path))}" {{ return 301 "{_quoted(new)}"; }}'
            )
    return "\n".join(lines) + "\n"


def apache_snippet(entries: Mapping[str, str]) -> str:
    """mod_rewrite rules, for ``.htaccess`` or a virtual host."""
    lines = ["# Vastine: vanhojen osoitteiden pysyvät uudelleenohjaukset.", "RewriteEngine On"]
    for old, new in sorted(entries.items()):
        path, _, query = old.partition("?")
        if "#" in old or not _clean(old, new):
            continue
        pattern = "^" + re.escape(unquote(path).lstrip("/").rstrip("/"))
        pattern += "/?$" if path.endswith("/") else "$"
        target = new.replace(" ", "%20")
        if query:
            lines.append(f"RewriteCond %{{QUERY_STRING}} ^{re.escape(query)}$")
            lines.append(f"RewriteRule {pattern} {target}? [R=301,L]")
        else:
            lines.append(f"RewriteRule {pattern} {target} [R=301,L]")
    return "\n".join(lines) + "\n"


def _clean(old: str, new: str) -> bool:
    """Map entries with no control characters, quotes or spaces (they would break a line or a
    server configuration) and that lead somewhere else."""
    bad = re.compile(r'[\x00-\x20"\\]')
    return bool(old and new) and not bad.search(old + new) and old != new


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
