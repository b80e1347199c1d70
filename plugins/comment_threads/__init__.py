"""Comment threads for Pelican articles.

Adds to each article ``comment_count`` (approved comments) and ``comment_block`` (the
thread, replies nested and oldest first, and the form, from the theme's ``comment_block.html``).
The comment store is read once per build, read-only, through ``comments.store``.

Settings: ``COMMENTS_DATABASE`` (the store: a SQLite file's path, where a missing file means no
comments yet, or a ``postgresql://`` URL) and ``COMMENTS_SERVICE_URL`` (prefix of the comment
service's URLs, '' when on the same origin).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path

from pelican import signals

from comments import store
from comments.site.articles import ArticleRef
from comments.site.comment_block import render_comment_block

log = logging.getLogger(__name__)


def attach_comment_threads(generator) -> None:
    """Give every article (and translation) its comment count and rendered comment block."""
    settings = generator.settings
    by_article = approved_by_article(str(settings.get("COMMENTS_DATABASE", "")))
    templates = Path(settings["THEME"]) / "templates"
    service_url = settings.get("COMMENTS_SERVICE_URL", "")
    for article in [*generator.articles, *generator.translations]:
        rows = by_article.get(article.slug, [])
        article.comment_count = len(rows)
        article.comment_block = CommentBlock(
            ArticleRef(article.slug, article.title, article.url), rows, templates, service_url
        )


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
