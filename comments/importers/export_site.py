"""What the exporters write out: the site's articles and pages (read from the content
directory) with every comment in the store, grouped by article, plus the XML text helpers
both export formats need."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

import markdown

from comments import store
from comments.importers.post_files import SitePost, read_site
from comments.importers.redirects import ARTICLE_URL, PAGE_URL

SITE_TIMEZONE = ZoneInfo("Europe/Helsinki")  # pelicanconf.TIMEZONE
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class ExportedPost:
    """A site post with the numeric id the export gives it and its comments, oldest first."""

    number: int
    post: SitePost
    url: str
    date: datetime
    html: str
    summary_html: str
    comments: list[dict]


@dataclass
class SiteExport:
    site_url: str
    title: str
    posts: list[ExportedPost]
    orphan_comments: int  # comments of articles that are not in the content directory


def load_site(
    db: store.Database, content: Path, site_url: str, title: str = "Vastine"
) -> SiteExport:
    """The site under ``content`` and the store's comments, ready to be written out."""
    site_url = site_url.rstrip("/")
    by_article: dict[str, list[dict]] = defaultdict(list)
    for row in store.comments_for_export(db):
        by_article[row["article"]].append(row)
    converter = markdown.Markdown(extensions=["extra"])
    posts = []
    for number, post in enumerate(sorted(read_site(content), key=_post_order), start=1):
        path = (PAGE_URL if post.kind == "page" else ARTICLE_URL).format(slug=post.slug)
        body = post.body.replace("{static}/", f"{site_url}/").replace("{filename}/", f"{site_url}/")
        html = converter.reset().convert(body)
        summary = converter.reset().convert(post.metadata.get("summary", ""))
        comments = by_article.pop(post.slug, []) if post.kind == "article" else []
        posts.append(
            ExportedPost(number, post, site_url + path, post_date(post), html, summary, comments)
        )
    orphans = sum(len(rows) for rows in by_article.values())
    return SiteExport(site_url, title, posts, orphans)


def post_date(post: SitePost) -> datetime:
    """The post's ``Date:`` as an aware time (naive dates are the site's, Europe/Helsinki)."""
    text = post.metadata.get("date", "")
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1)) if text else None
    except ValueError:
        moment = None
    if moment is None:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=SITE_TIMEZONE)


def stored_time(value: str) -> datetime:
    """A time as the store keeps it (UTC ISO 8601) as an aware datetime."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def cdata(text: str) -> str:
    """``text`` as a CDATA section, as WordPress writes its exports (``]]>`` split in two)."""
    clean = _NOT_XML.sub("", text or "")
    return "<![CDATA[" + clean.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def xml_text(text: str) -> str:
    """``text`` escaped for an element's content."""
    return escape(_NOT_XML.sub("", text or ""))


def xml_attribute(text: str) -> str:
    """``text`` as a quoted attribute value."""
    return quoteattr(_NOT_XML.sub("", text or ""))


def _post_order(post: SitePost) -> tuple:
    return (post_date(post), post.kind, post.slug)
