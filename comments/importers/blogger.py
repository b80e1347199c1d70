"""Blogger exports: the classic one (``blog-MM-DD-YYYY.xml``) and Google Takeout's ``feed.atom``.

Both are Atom feeds with one ``<entry>`` per post, page and comment, in any order.

* Classic: the kind is a ``<category>`` in the ``…/g/2005#kind`` scheme (``…kind#post``,
  ``#page``, ``#comment``; settings and templates are ignored); labels are categories in the
  ``blogger.com/atom/ns#`` scheme; a draft has ``<app:control><app:draft>yes``; a comment
  names its post in ``<thr:in-reply-to ref=…>`` and the comment it answers in a ``related``
  link ending in that comment's id.
* Takeout: ``blogger:type`` (POST, PAGE, COMMENT), ``blogger:status`` (LIVE, DRAFT, …),
  ``blogger:parent`` (the post), ``blogger:inReplyTo`` (the comment answered),
  ``blogger:filename`` (the old path) and ``blogger:trashed`` (non-empty when trashed).

Blogger gives no commenter addresses (``noreply@blogger.com``): such comments get no email.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, tostring

from comments.importers.elements import child, children, local_name, parse_timestamp, text
from comments.importers.model import Blog, Comment, Post, Skipped

DEPTH = 1  # feed > entry
ATOM = "www.w3.org/2005/Atom"
KIND_SCHEME = "schemas.google.com/g/2005#kind"
LABEL_SCHEME = "www.blogger.com/atom/ns#"
NO_ADDRESS = {"noreply@blogger.com", "anonymous@blogger.com"}
_ENTRY_ID = re.compile(r"blog-\d+\.(.+)$")
_KIND_PREFIX = re.compile(r"(?:^|(?<=\.))(?:post|page|comment)-")
_TAKEOUT_POST_STATUSES = {
    "LIVE": "published",
    "DRAFT": "draft",
    "SCHEDULED": "scheduled",
    "SOFT_TRASHED": "trash",
    "TRASHED": "trash",
    "DELETED": "trash",
}
_TAKEOUT_COMMENT_STATUSES = {
    "LIVE": "approved",
    "PENDING": "pending",
    "IN_REVIEW": "pending",
    "MODERATION": "pending",
    "SPAM": "spam",
    "SPAM_COMMENT": "spam",
    "DELETED": "deleted",
    "SOFT_TRASHED": "trash",
    "TRASHED": "trash",
}


def read(records: Iterator[tuple[int, Element]]) -> Iterator[object]:
    """Blog, Post, Comment and Skipped records of a Blogger export (classic or Takeout)."""
    blog_id = title = url = ""
    announced = False
    for depth, element in records:
        if depth != DEPTH:
            continue
        name = local_name(element.tag)
        if name == "id" and not blog_id:
            blog_id = text(element).rsplit("blog-", 1)[-1]
        elif name == "title" and not title:
            title = text(element)
        elif name == "link" and element.get("rel") == "alternate" and not url:
            url = element.get("href", "")
        elif name == "entry":
            if not announced:
                announced = True
                yield Blog(f"blogger:{blog_id or title}", url, title)
            yield from _entry(element)
    if not announced:
        yield Blog(f"blogger:{blog_id or title}", url, title)


def _entry(entry: Element) -> Iterator[object]:
    takeout_type = text(entry, "type", "blogger").upper()
    kind = takeout_type.lower() if takeout_type else _classic_kind(entry)
    entry_id = _numeric_id(text(entry, "id"))
    if kind in ("post", "page"):
        yield _post(entry, entry_id, kind, bool(takeout_type))
    elif kind == "comment":
        yield _comment(entry, entry_id, bool(takeout_type))
    elif kind and kind not in ("settings", "template", "layout"):
        yield Skipped("merkintä", entry_id, f"Bloggerin merkintätyyppiä {kind} ei tuoda")


def _classic_kind(entry: Element) -> str:
    for category in children(entry, "category"):
        if KIND_SCHEME in category.get("scheme", ""):
            return category.get("term", "").rsplit("#", 1)[-1]
    return ""


def _numeric_id(atom_id: str) -> str:
    """An entry's id within its blog: ``tag:blogger.com,1999:blog-1.post-42`` -> ``42`` (the
    number a ``related`` link ends in), ``…post-42.comment-3`` -> ``42.3``."""
    match = _ENTRY_ID.search(atom_id.strip())
    return _KIND_PREFIX.sub("", match.group(1)) if match else atom_id.strip()


def _post(entry: Element, entry_id: str, kind: str, takeout: bool) -> Post | Skipped:
    status = _post_status(entry, takeout)
    if status == "trash":
        return Skipped("kirjoitus", entry_id, "roskakorissa")
    links = [
        link.get("href", "")
        for link in children(entry, "link")
        if link.get("rel") == "alternate" and link.get("href")
    ]
    filename = text(entry, "filename", "blogger")
    labels = [
        category.get("term", "")
        for category in children(entry, "category")
        if KIND_SCHEME not in category.get("scheme", "") and category.get("term")
    ]
    old_urls = links + ([filename] if filename else [])
    slug_source = (filename or (links[0] if links else "")).rsplit("/", 1)[-1]
    return Post(
        source_id=entry_id,
        title=text(entry, "title", ATOM),
        html=_content(entry),
        kind="page" if kind == "page" else "article",
        status=status,
        date=parse_timestamp(text(entry, "published", ATOM) or text(entry, "created", "blogger")),
        author=text(child(entry, "author", ATOM), "name", ATOM),
        categories=labels[:1],
        tags=labels,
        summary_html=text(entry, "metaDescription", "blogger") or text(entry, "summary", ATOM),
        slug_hint=slug_source.removesuffix(".html"),
        old_urls=old_urls,
    )


def _post_status(entry: Element, takeout: bool) -> str:
    if takeout:
        if text(entry, "trashed", "blogger"):
            return "trash"
        return _TAKEOUT_POST_STATUSES.get(text(entry, "status", "blogger").upper(), "draft")
    control = child(entry, "control")
    if control is not None and text(control, "draft").lower() == "yes":
        return "draft"
    return "published"


def _content(entry: Element) -> str:
    content = child(entry, "content", ATOM)
    if content is None:
        return ""
    if content.get("type") == "xhtml":
        return "".join(tostring(part, encoding="unicode") for part in content)
    return content.text or ""


def _comment(entry: Element, entry_id: str, takeout: bool) -> Comment:
    author = child(entry, "author", ATOM)
    email = text(author, "email", ATOM).lower()
    if takeout:
        post_id = _numeric_id(text(entry, "parent", "blogger"))
        parent = _numeric_id(text(entry, "inReplyTo", "blogger")) or None
        trashed = bool(text(entry, "trashed", "blogger"))
        raw = text(entry, "status", "blogger").upper()
        status = "trash" if trashed else _TAKEOUT_COMMENT_STATUSES.get(raw, "pending")
    else:
        reply_to = child(entry, "in-reply-to")
        post_id = _numeric_id(reply_to.get("ref", "")) if reply_to is not None else ""
        parent = _classic_parent(entry)
        status = "deleted" if _classic_removed(entry) else "approved"
    published = parse_timestamp(text(entry, "published", ATOM))
    return Comment(
        source_id=entry_id,
        post_id=post_id,
        html=_content(entry),
        created_at=(published or datetime(1970, 1, 1, tzinfo=UTC)),
        status=status,
        parent_id=parent if parent != post_id else None,
        name=text(author, "name", ATOM),
        email=None if not email or email in NO_ADDRESS else email,
        website=text(author, "uri", ATOM),
        anchor=_anchor(entry, entry_id),
    )


def _classic_parent(entry: Element) -> str | None:
    """The id of the comment this one answers: a ``related`` link ending in its id."""
    for link in children(entry, "link"):
        if link.get("rel") == "related":
            tail = link.get("href", "").rstrip("/").rsplit("/", 1)[-1]
            if tail.isdigit():
                return tail
    return None


def _classic_removed(entry: Element) -> bool:
    for prop in children(entry, "extendedProperty"):
        if prop.get("name") == "blogger.contentRemoved" and prop.get("value") == "true":
            return True
    return False


def _anchor(entry: Element, entry_id: str) -> str:
    for link in children(entry, "link"):
        href = link.get("href", "")
        if link.get("rel") == "alternate" and "#" in href:
            return href.rsplit("#", 1)[1]
    return f"c{entry_id}"
