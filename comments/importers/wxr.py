"""WordPress eXtended RSS (WXR 1.0, 1.1 and 1.2, from WordPress or WordPress.com).

The channel's ``<item>`` elements are posts, pages, attachments and other post types, each
with its ``<wp:comment>`` elements (replies point to their parent by ``wp:comment_parent``).
Post text follows WordPress's ``wpautop`` rule: paragraphs are blank lines, not ``<p>`` tags.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from comments.importers.elements import Fields, local_name, parse_timestamp, text
from comments.importers.model import Attachment, Blog, Comment, Post, Skipped

WP = "wordpress.org/export"
POST_STATUSES = {
    "publish": "published",
    "draft": "draft",
    "pending": "pending",
    "private": "private",
    "future": "scheduled",
    "trash": "trash",
}
COMMENT_STATUSES = {"1": "approved", "0": "pending", "spam": "spam"}
COMMENT_TYPES = {"", "comment", "review"}
# Comment meta Vastine's export adds to a rejected comment (exported as trash, which WordPress
# has instead): WordPress keeps unknown comment meta, and our import restores the status.
STATUS_META = "vastine_status"
REASON_META = "vastine_reason"
DEPTH = 2  # rss > channel > item


def read(records: Iterator[tuple[int, Element]]) -> Iterator[object]:
    """Blog, Post, Comment, Attachment and Skipped records of a WXR stream."""
    authors: dict[str, str] = {}
    blog_url = ""
    announced = False
    title = ""
    for depth, element in records:
        if depth != DEPTH:
            continue
        name = local_name(element.tag)
        if name == "title" and not title:
            title = text(element)
        elif name in ("base_blog_url", "base_site_url", "link") and not blog_url:
            blog_url = text(element)
        elif name == "author" and WP in element.tag:
            login = text(element, "author_login", WP)
            authors[login] = text(element, "author_display_name", WP) or login
        elif name == "item":
            if not announced:
                announced = True
                yield Blog(_source(blog_url, title), blog_url, title)
            yield from _item(element, authors)
    if not announced:
        yield Blog(_source(blog_url, title), blog_url, title)


def _source(blog_url: str, title: str) -> str:
    parts = urlsplit(blog_url)
    host = parts.netloc.lower().removeprefix("www.")
    return "wordpress:" + (host + parts.path.rstrip("/") if host else title or "nimeton")


def _item(item: Element, authors: dict[str, str]) -> Iterator[object]:
    fields = Fields(item)
    # Some exporters leave out wp:post_id; the guid, link or title then tells posts apart.
    post_id = (
        fields.text("post_id", WP)
        or fields.text("guid")
        or fields.text("link")
        or fields.text("title")
    )
    post_type = fields.text("post_type", WP) or "post"
    if post_type == "attachment":
        yield Attachment(
            post_id,
            fields.text("attachment_url", WP) or fields.text("guid"),
            fields.text("post_parent", WP),
            fields.text("encoded", "excerpt"),
        )
        return
    if post_type not in ("post", "page"):
        yield Skipped("sisältö", post_id, f"sisältötyyppiä {post_type} ei tuoda")
        return
    raw_status = fields.text("status", WP) or "publish"
    status = POST_STATUSES.get(raw_status)
    if status is None or status == "trash":
        reason = "roskakorissa" if raw_status == "trash" else f"tila {raw_status}"
        yield Skipped("kirjoitus", post_id, reason)
        return
    yield Post(
        source_id=post_id,
        title=fields.text("title"),
        html=fields.text("encoded", "purl.org/rss/1.0/modules/content"),
        kind="page" if post_type == "page" else "article",
        status=status,
        date=_local_date(fields.text("post_date", WP), fields.text("post_date_gmt", WP)),
        author=authors.get(fields.text("creator"), fields.text("creator")),
        categories=_terms(fields, "category"),
        tags=_terms(fields, "post_tag"),
        summary_html=fields.text("encoded", "excerpt"),
        slug_hint=fields.text("post_name", WP),
        old_urls=[url for url in (fields.text("link"), _short_link(fields, post_id)) if url],
        wpautop=True,
    )
    for number, comment in enumerate(fields.all("comment", WP), start=1):
        yield _comment(comment, post_id, number)


def _terms(fields: Fields, domain: str) -> list[str]:
    return [
        text(category)
        for category in fields.all("category")
        if category.get("domain") == domain and text(category)
    ]


def _short_link(fields: Fields, post_id: str) -> str:
    """``/?p=123``: the address WordPress answers for every post whatever its permalinks."""
    guid = fields.text("guid")
    if "?p=" in guid or "?page_id=" in guid:
        return guid
    return f"/?p={post_id}" if post_id else ""


def _local_date(local: str, gmt: str) -> datetime | None:
    """The post's time in the blog's own time zone, with that zone's offset, from WordPress's
    ``post_date`` (local) and ``post_date_gmt``; naive when the GMT time is missing (drafts)."""
    local_time = parse_timestamp(local)
    gmt_time = parse_timestamp(gmt)
    if local_time is None:
        return gmt_time.replace(tzinfo=UTC) if gmt_time else None
    if gmt_time is None:
        return local_time
    minutes = round((local_time - gmt_time).total_seconds() / 900) * 15
    if abs(minutes) > 14 * 60:
        return gmt_time.replace(tzinfo=UTC)
    return local_time.replace(tzinfo=timezone(timedelta(minutes=minutes)))


def _comment(element: Element, post_id: str, number: int) -> Comment:
    fields = Fields(element)
    comment_id = fields.text("comment_id", WP) or f"{post_id}#{number}"
    kind = fields.text("comment_type", WP).lower()
    approved = fields.text("comment_approved", WP).lower()
    status = COMMENT_STATUSES.get(approved, "trash" if "trash" in approved else "pending")
    meta = {
        text(entry, "meta_key", WP): text(entry, "meta_value", WP)
        for entry in fields.all("commentmeta", WP)
    }
    rejected = status == "trash" and meta.get(STATUS_META) == "rejected"
    created = _comment_time(fields)
    parent = fields.text("comment_parent", WP)
    email = fields.text("comment_author_email", WP)
    return Comment(
        source_id=comment_id,
        post_id=post_id,
        html=fields.text("comment_content", WP),
        created_at=created,
        status="rejected" if rejected else status,
        parent_id=parent if parent not in ("", "0") else None,
        name=fields.text("comment_author", WP),
        email=email or None,
        website=fields.text("comment_author_url", WP),
        kind="comment" if kind in COMMENT_TYPES else kind,
        anchor=f"comment-{comment_id}",
        wpautop=True,
        reason=(meta.get(REASON_META) or None) if rejected else None,
    )


def _comment_time(fields: Fields) -> datetime:
    gmt = parse_timestamp(fields.text("comment_date_gmt", WP))
    if gmt is not None:
        return gmt.replace(tzinfo=UTC)
    local = parse_timestamp(fields.text("comment_date", WP))
    return (local or datetime(1970, 1, 1)).replace(tzinfo=UTC)
