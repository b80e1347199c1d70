"""Comment threads for Pelican articles.

Adds to each article ``comment_count`` (approved comments), ``comment_block`` (the
thread, replies nested and oldest first, and the form, from the theme's ``comment_block.html``)
and ``comment_feed`` (the path of its Atom feed of comments), and ``COMMENTS_FEED_ATOM`` (the
site-wide feed of the latest comments) to every template's context; writes those feeds after the
articles (``comments.site.feeds``, which the fast path uses too). The comment store is read once
per build, read-only, through ``comments.store``.

Settings: ``COMMENTS_DATABASE`` (the store: a SQLite file's path, where a missing file means no
comments yet, or a ``postgresql://`` URL), ``COMMENTS_SERVICE_URL`` (prefix of the comment
service's URLs, '' when on the same origin), ``COMMENTS_SITE_URL`` (the site's absolute address,
for the feeds; the service's SITE_URL) and ``COMMENTS_CLOSE_AFTER_DAYS`` (close comments on
articles older than this at build time; 0 never; give the service the same number). An article
closes its own comments with ``Comments: closed`` in its metadata: its page keeps the comments
and says "Kommentointi on suljettu", with no form.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

from pelican import signals

from comments import store
from comments.site import feeds
from comments.site.articles import ArticleRef, comments_closed
from comments.site.comment_block import render_comment_block

log = logging.getLogger(__name__)


def attach_comment_threads(generator) -> None:
    """Give every article (and translation) its comment count and rendered comment block."""
    settings = generator.settings
    by_article = approved_by_article(str(settings.get("COMMENTS_DATABASE", "")))
    templates = Path(settings["THEME"]) / "templates"
    service_url = settings.get("COMMENTS_SERVICE_URL", "")
    close_after_days = settings.get("COMMENTS_CLOSE_AFTER_DAYS", 0)
    today = date.today()
    for article in [*generator.articles, *generator.translations]:
        rows = by_article.get(article.slug, [])
        article.comment_count = len(rows)
        ref = ArticleRef(
            article.slug,
            article.title,
            article.url,
            published=article.date.date().isoformat(),
            closed=str(getattr(article, "comments", "")).strip().lower() == "closed",
        )
        ref = replace(ref, closed=comments_closed(ref, close_after_days, today))
        article.comment_block = CommentBlock(ref, rows, templates, service_url)
        article.comment_feed = feeds.article_feed_path(article.slug)
    generator.context["COMMENTS_FEED_ATOM"] = feeds.LATEST_FEED
    generator.approved_comments = by_article


def write_comment_feeds(generator, writer) -> None:
    """Write each article's comment feed and the site-wide one into the output."""
    output = Path(generator.settings["OUTPUT_PATH"])
    site_url = generator.settings.get("COMMENTS_SITE_URL", "")
    articles = {}
    for article in generator.articles:
        block = article.comment_block
        articles[article.slug] = block.article
        feed = feeds.article_feed(block.article, block.rows, site_url)
        feeds.write_feed(output, article.comment_feed, feed)
    every = (row for rows in generator.approved_comments.values() for row in rows)
    latest = feeds.latest_feed(feeds.newest_first(every), articles, site_url)
    feeds.write_feed(output, feeds.LATEST_FEED, latest)


class CommentBlock:
    """An article's comment block, rendered when the page template prints it (Jinja's ``safe``
    and markupsafe call ``__html__``), so a build never holds every article's HTML at once."""

    def __init__(
        self, article: ArticleRef, rows: list[store.Row], templates: Path, service_url: str
    ) -> None:
        self.article = article
        self.rows = rows
        self.templates = templates
        self.service_url = service_url

    def __html__(self) -> str:
        return render_comment_block(self.article, self.rows, self.templates, self.service_url)

    def __str__(self) -> str:
        return self.__html__()


def approved_by_article(database: str) -> dict[str, list[store.Row]]:
    """Article slug -> its approved comments, oldest first, in one read of the store."""
    by_article: dict[str, list[store.Row]] = defaultdict(list)
    if not database or not store.exists(database):
        log.info("comment store %s not found: building without comments", database)
        return by_article
    try:
        db = store.connect(database, readonly=True)
        try:
            rows = store.approved_comments(db)
        finally:
            db.close()
    except store.database_errors(database) as error:
        log.warning("comment store unreadable (%s): building without comments", error)
        return by_article
    for row in rows:
        by_article[row["article"]].append(row)
    return by_article


def register() -> None:
    signals.article_generator_finalized.connect(attach_comment_threads)
    signals.article_writer_finalized.connect(write_comment_feeds)
