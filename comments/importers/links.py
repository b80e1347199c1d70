"""Old addresses: the path part a redirect is keyed on, and the loose form in which a Disqus
thread's link is matched to an article (http/https, ``www.``, trailing slash, ``.html``, query
strings and the old domains do not matter)."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

from comments.importers.slugs import slugify

# WordPress answers /?p=123 and /?page_id=45 whatever its permalinks are: those queries count.
KEPT_QUERIES = ("p", "page_id")


def old_path(url: str) -> str:
    """The path (and a kept query) of an old address: what a browser asks the new site for.
    '' when there is none."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    query = _kept_query(parts.query)
    path = parts.path or "/"
    if not path.startswith("/"):
        path = "/" + path
    if path == "/" and not query:
        return ""
    return path + (f"?{query}" if query else "")


def host(url: str) -> str:
    """The host of ``url`` without ``www.``, lowercase ('' for a bare path)."""
    try:
        netloc = urlsplit(url.strip()).netloc
    except ValueError:
        return ""
    return netloc.lower().rsplit("@", 1)[-1].split(":", 1)[0].removeprefix("www.")


def match_key(url: str) -> str:
    """``url`` loosely: decoded lowercase path without trailing slash, ``.html`` or
    ``index.php``, and only a kept query."""
    path = old_path(url if "://" in url or url.startswith("/") else "/" + url)
    base, _, query = path.partition("?")
    base = unquote(base).lower().rstrip("/")
    for suffix in (".html", ".htm", ".php"):
        base = base.removesuffix(suffix)
    base = base.removesuffix("/index").rstrip("/")
    return base + (f"?{query}" if query else "")


def _kept_query(query: str) -> str:
    for key, value in parse_qsl(query):
        if key in KEPT_QUERIES and value.isdigit():
            return f"{key}={value}"
    return ""


class LinkMatcher:
    """Finds the article an old link points to: by the redirect map and the articles' own
    addresses, then by the link's last part when it is an article's slug (``/2013/05/x/`` for
    an article ``x`` written by hand)."""

    def __init__(self, old_hosts: tuple[str, ...] = ()) -> None:
        self.old_hosts = {host(h if "://" in h else f"//{h}") for h in old_hosts}
        self._by_key: dict[str, str] = {}
        self._slugs: set[str] = set()

    def add(self, old_url: str, slug: str) -> None:
        """``old_url`` (a path or a full address) leads to ``slug``."""
        key = match_key(old_url)
        if key:
            self._by_key.setdefault(key, slug)
        self._slugs.add(slug)

    def find(self, link: str) -> str | None:
        """The slug ``link`` leads to, or None. With old domains given, a link on another
        domain matches nothing."""
        for candidate in link.split():
            link_host = host(candidate)
            if self.old_hosts and link_host and link_host not in self.old_hosts:
                continue
            key = match_key(candidate)
            slug = self._by_key.get(key)
            if slug:
                return slug
            last = slugify(key.rsplit("/", 1)[-1]) if "?" not in key else ""
            if last in self._slugs:
                return last
        return None
