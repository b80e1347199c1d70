"""Atom feeds of approved comments: one per article (``<slug>/kommentit.atom.xml``) and the
latest comments of the whole site (``feeds/kommentit.atom.xml``).

The Pelican plugin writes every feed in a full build and the fast path rewrites an article's feed
and the site-wide one when it publishes; both call ``article_feed`` and ``latest_feed`` with the
same inputs, so they give the same bytes. The inputs are ``store.approved_comments`` rows, which
hold no email address, so no feed can carry one. A feed's ``updated`` is its newest comment (or
the article's date), never the time of writing, so rebuilding changes nothing.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from comments import store
from comments.site.articles import ArticleRef, find_article

ARTICLE_FEED = "kommentit.atom.xml"  # next to the article's index.html
LATEST_FEED = "feeds/kommentit.atom.xml"
LATEST_COUNT = 30
_ATOM = "http://www.w3.org/2005/Atom"
_NEVER = "1970-01-01T00:00:00+00:00"


def article_feed_path(slug: str) -> str:
    """The article's comment feed, relative to the site's root."""
    return f"{slug}/{ARTICLE_FEED}"


def article_feed(article: ArticleRef, rows: Iterable[Mapping[str, Any]], site_url: str) -> bytes:
    """The Atom feed of one article's approved comments, oldest first."""
    rows = list(rows)
    page = _absolute(site_url, article.url)
    published = f"{article.published}T00:00:00+00:00" if article.published else _NEVER
    head = _feed_head(
        feed_id=f"{page}#kommentit",
        title=f"Kommentit: {article.title}",
        self_url=_absolute(site_url, article_feed_path(article.slug)),
        page_url=page,
        updated=max([published, *(row["created_at"] for row in rows)]),
    )
    entries = [_entry(row, page, f"{row['name']} kommentoi") for row in rows]
    return _document(head, entries)


def latest_feed(
    rows: Iterable[Mapping[str, Any]], articles: Mapping[str, ArticleRef], site_url: str
) -> bytes:
    """The Atom feed of the latest approved comments on the whole site: of the ``LATEST_COUNT``
    first ``rows`` (newest first), those on articles in ``articles``."""
    rows = [row for row in list(rows)[:LATEST_COUNT] if row["article"] in articles]
    head = _feed_head(
        feed_id=_absolute(site_url, LATEST_FEED),
        title="Uusimmat kommentit",
        self_url=_absolute(site_url, LATEST_FEED),
        page_url=_absolute(site_url, ""),
        updated=rows[0]["created_at"] if rows else _NEVER,
    )
    entries = []
    for row in rows:
        article = articles[row["article"]]
        title = f"{row['name']} artikkeliin {article.title}"
        entries.append(_entry(row, _absolute(site_url, article.url), title))
    return _document(head, entries)


def newest_first(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The ``LATEST_COUNT`` newest of ``rows``, in the order ``latest_feed`` takes them."""
    return heapq.nlargest(LATEST_COUNT, rows, key=lambda row: (row["created_at"], row["id"]))


def rewrite_feeds(output: Path, database: str, site_url: str, slugs: set[str]) -> None:
    """The fast path's part: rewrite the feeds of ``slugs`` and the site-wide feed under
    ``output`` from the store (nothing when ``slugs`` is empty); articles are read from the
    built pages, as the fast path reads them. The caller holds the publish lock."""
    if not slugs:
        return
    articles = {slug: find_article(output, slug) for slug in slugs}
    rows_of: dict[str, list[store.Row]] = {}
    latest: list[store.Row] = []
    if store.exists(database):
        with store.reading(database) as db:
            rows_of = {slug: store.approved_comments(db, slug) for slug in articles}
            latest = store.latest_approved(db, LATEST_COUNT)
    for slug, article in articles.items():
        if article is not None:
            rows = rows_of.get(slug, [])
            write_feed(output, article_feed_path(slug), article_feed(article, rows, site_url))
    for slug in {row["article"] for row in latest} - articles.keys():
        articles[slug] = find_article(output, slug)
    known = {slug: article for slug, article in articles.items() if article is not None}
    write_feed(output, LATEST_FEED, latest_feed(latest, known, site_url))


def write_feed(output: Path, relative: str, content: bytes) -> None:
    """Write a feed under ``output`` (a temporary file moved in place: never half-written)."""
    target = output / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(content)
    temporary.replace(target)


def _feed_head(feed_id: str, title: str, self_url: str, page_url: str, updated: str) -> str:
    return (
        f"<id>{escape(feed_id)}</id><title>{escape(title)}</title>"
        f"<updated>{escape(updated)}</updated>"
        f'<link rel="self" href={quoteattr(self_url)} type="application/atom+xml" />'
        f'<link rel="alternate" href={quoteattr(page_url)} type="text/html" />'
    )


def _entry(row: Mapping[str, Any], page_url: str, title: str) -> str:
    # Written as text, not through ElementTree: a 10,000-article build writes some 150,000
    # entries, and the tree cost five times as much as this.
    url = f"{page_url}#kommentti-{row['id']}"
    name = f"{row['name']} (kirjoittaja)" if row["is_author"] else row["name"]
    stamp = escape(row["created_at"])
    return (
        f"<entry><id>{escape(url)}</id><title>{escape(title)}</title>"
        f'<link rel="alternate" href={quoteattr(url)} type="text/html" />'
        f"<published>{stamp}</published><updated>{stamp}</updated>"
        f"<author><name>{escape(name)}</name></author>"
        f'<content type="html">{escape(row["html"])}</content></entry>'
    )


def _document(head: str, entries: list[str]) -> bytes:
    return (
        f"<?xml version='1.0' encoding='utf-8'?>\n"
        f'<feed xmlns="{_ATOM}" xml:lang="fi">{head}{"".join(entries)}</feed>\n'
    ).encode()


def _absolute(site_url: str, path: str) -> str:
    return f"{site_url.rstrip('/')}/{path.lstrip('/')}"
