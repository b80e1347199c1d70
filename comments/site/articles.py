"""Which articles exist, read from the built site: an article is commentable when its page has
the comment block, whose root element carries the article's slug, title, URL, publication date
and whether its comments are closed. Also who writes them, read from the Markdown sources'
``Author`` metadata."""

from __future__ import annotations

import html
import re
import stat
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
START_MARKER = "<!-- vastine:comments:start -->"
END_MARKER = "<!-- vastine:comments:end -->"
_AUTHOR_LINE = re.compile(r"^author:\s*(?P<name>.+?)\s*$", re.IGNORECASE)
_ROOT_ATTRIBUTES = re.compile(
    r'data-article-slug="(?P<slug>[^"]*)"\s+data-article-title="(?P<title>[^"]*)"\s+'
    r'data-article-url="(?P<url>[^"]*)"'
    r'(?:\s+data-article-published="(?P<published>[^"]*)")?'
    r'(?:\s+data-comments="(?P<comments>[^"]*)")?'
)


@dataclass(frozen=True)
class ArticleRef:
    """What the comment block needs to know of its article."""

    slug: str
    title: str
    url: str
    published: str = ""  # the article's date, ISO 8601 (YYYY-MM-DD)
    closed: bool = False  # closed by the article's metadata or by its age at the last build


def comments_closed(article: ArticleRef, close_after_days: int | None, today: date) -> bool:
    """Whether new comments to ``article`` are refused on ``today``: its page says so
    (``Comments: closed``, or too old when it was built), or it is older than
    ``close_after_days`` now (0 or None: never by age)."""
    if article.closed:
        return True
    if not close_after_days or not article.published:
        return False
    try:
        published = date.fromisoformat(article.published[:10])
    except ValueError:
        return False
    return today - published > timedelta(days=close_after_days)


def article_page(output_dir: str | Path, slug: str) -> Path | None:
    """The built page of the article ``slug``; None for a malformed slug (no path tricks)."""
    if not isinstance(slug, str) or len(slug) > 120 or not SLUG_PATTERN.match(slug):
        return None
    return Path(output_dir) / slug / "index.html"


def find_article(output_dir: str | Path, slug: str) -> ArticleRef | None:
    """The article ``slug`` if its built page has a comment block, else None."""
    page = article_page(output_dir, slug)
    if page is None:
        return None
    try:
        stamp = page.stat()
    except OSError:
        return None
    if not stat.S_ISREG(stamp.st_mode):
        return None
    version = (stamp.st_ino, stamp.st_mtime_ns, stamp.st_ctime_ns, stamp.st_size)
    return _read_article(str(page), slug, version)


@lru_cache(maxsize=1024)
def _read_article(page: str, slug: str, version: tuple[int, ...]) -> ArticleRef | None:
    """``find_article``'s reading of one version of a page, told apart by inode, times and size
    (the site-wide comment feed looks up thirty articles on every publication, and their pages
    rarely change in between; every rewrite of a page replaces its file)."""
    text = Path(page).read_text(encoding="utf-8")
    start = text.find(START_MARKER)
    if start < 0:
        return None
    match = _ROOT_ATTRIBUTES.search(text, start, start + 2000)
    if match is None or html.unescape(match["slug"]) != slug:
        return None
    return ArticleRef(
        slug,
        html.unescape(match["title"]),
        html.unescape(match["url"]),
        published=html.unescape(match["published"] or ""),
        closed=match["comments"] == "closed",
    )


def article_authors(content_dir: str | Path) -> list[str]:
    """The ``Author`` names of the Markdown articles under ``content_dir``, the most frequent
    first (metadata is the lines before the first blank line)."""
    counts: Counter[str] = Counter()
    for source in sorted(Path(content_dir).glob("**/*.md")):
        for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
            if not line.strip():
                break
            match = _AUTHOR_LINE.match(line)
            if match:
                counts[match["name"]] += 1
    return [name for name, _ in counts.most_common()]
