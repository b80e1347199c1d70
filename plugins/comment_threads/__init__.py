"""Comment threads for Pelican articles.

Adds to each article ``comment_count`` (approved comments) and ``comment_block`` (the rendered
thread and form, from the theme's ``comment_block.html``), reading the comment store read-only.

Settings: ``COMMENTS_DATABASE`` (path of the SQLite store; a missing file means no comments yet)
and ``COMMENTS_SERVICE_URL`` (prefix of the comment service's URLs, '' when on the same origin).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from comments import store
from comments.articles import ArticleRef
from comments.publish import render_comment_block


def attach_comment_threads(generator) -> None:
    """Give every article its comment count and rendered comment block."""
    settings = generator.settings
    by_article = defaultdict(list)
    database = Path(settings.get("COMMENTS_DATABASE", "instance/comments.sqlite3"))
    if database.exists():
        db = store.connect(database, readonly=True)
        try:
            for row in store.approved_comments(db):
                by_article[row["article"]].append(row)
        finally:
            db.conn.close()
    templates = Path(settings["THEME"]) / "templates"
    service_url = settings.get("COMMENTS_SERVICE_URL", "")
    for article in generator.articles:
        rows = by_article.get(article.slug, [])
        article.comment_count = len(rows)
        article.comment_block = Markup(
            render_comment_block(
                ArticleRef(article.slug, article.title, article.url), rows, templates, service_url
            )
        )


def register() -> None:
    signals.article_generator_finalized.connect(attach_comment_threads)
