"""Article neighbours: sets `article.older_article` and `article.newer_article` (or None).

Computed once per build from the generator's date-ordered list, so the article template does not
search the whole list on every page (which made a 10,000-article build quadratic).
"""

from pelican import signals


def link_neighbours(generator) -> None:
    """Give each article its neighbours in the site's order (newest first)."""
    articles = generator.articles
    for index, article in enumerate(articles):
        article.newer_article = articles[index - 1] if index > 0 else None
        article.older_article = articles[index + 1] if index + 1 < len(articles) else None


def register() -> None:
    signals.article_generator_finalized.connect(link_neighbours)
