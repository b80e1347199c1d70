"""What the format readers hand to the importer: posts, comments, Disqus threads and images,
each with its id in the blog it came from. Readers only read; deciding what to keep, and
writing, is the importer's job (comments/importers/importing.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Comment statuses a reader may give; "trash" and "deleted" ones are skipped by the importer.
# "rejected" comes only from Vastine's own exports, which mark it (WordPress and Disqus have no
# such status: there it is trash or deleted).
COMMENT_STATUSES = ("approved", "pending", "spam", "rejected", "trash", "deleted")
POST_STATUSES = ("published", "draft", "private", "pending", "scheduled", "trash")


class ImportRefused(Exception):
    """The export cannot be imported; the message is Finnish and says what to do."""


@dataclass
class Blog:
    """The blog the export came from: ``source`` keys every remembered id (``wordpress:host``)."""

    source: str
    url: str = ""
    title: str = ""


@dataclass
class Post:
    """An article or a page of the old blog."""

    source_id: str
    title: str
    html: str
    kind: str = "article"  # or "page"
    status: str = "published"  # one of POST_STATUSES
    date: datetime | None = None  # with its original UTC offset when known
    author: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary_html: str = ""
    slug_hint: str = ""  # the old slug or file name, before the site's rule is applied
    old_urls: list[str] = field(default_factory=list)
    wpautop: bool = False  # WordPress content: blank lines are paragraphs


@dataclass
class Comment:
    """A comment under ``post_id`` (a post's or a Disqus thread's id)."""

    source_id: str
    post_id: str
    html: str
    created_at: datetime
    status: str = "approved"  # one of COMMENT_STATUSES
    parent_id: str | None = None
    name: str = ""
    email: str | None = None
    website: str = ""
    kind: str = "comment"  # "pingback", "trackback" or another type the old blog had
    anchor: str = ""  # the old page's fragment for this comment, e.g. "comment-123"
    wpautop: bool = False
    reason: str | None = None  # a rejected comment's reason (Vastine's own exports)


@dataclass
class Thread:
    """A Disqus thread: its comments belong to the article found at ``link``."""

    source_id: str
    link: str
    title: str = ""
    ident: str = ""


@dataclass
class Attachment:
    """A WordPress media item, for ``[gallery]`` shortcodes."""

    source_id: str
    url: str
    parent_id: str = ""
    caption: str = ""


@dataclass
class Skipped:
    """Something the reader met and will not hand over, with the reason (Finnish)."""

    kind: str
    source_id: str
    reason: str
