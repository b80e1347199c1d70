"""Disqus's XML export: ``<category>``, ``<thread>`` and a flat list of ``<post>`` elements.

A post names its thread and the post it answers by ``dsq:id`` (``<thread dsq:id="…"/>``,
``<parent dsq:id="…"/>``). A thread is matched to an article by its ``<link>`` (see
comments/importers/links.py); Disqus holds comments only, so the articles must already be in
the site (written by hand or imported from WordPress or Blogger first).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from comments.importers.elements import child, local_name, parse_timestamp, text
from comments.importers.model import Blog, Comment, Skipped, Thread

DEPTH = 1  # disqus > thread | post | category
DSQ_ID = "{http://disqus.com/disqus-internals}id"
# Vastine's export marks a rejected comment (deleted, to Disqus) with its own elements.
VASTINE = "urn:vastine:export"


def read(records: Iterator[tuple[int, Element]]) -> Iterator[object]:
    """Blog, Thread, Comment and Skipped records of a Disqus export."""
    announced = False
    for depth, element in records:
        if depth != DEPTH:
            continue
        name = local_name(element.tag)
        if not announced and name in ("category", "thread", "post"):
            announced = True
            yield Blog(f"disqus:{text(element, 'forum') or 'foorumi'}")
        if name == "thread":
            yield _thread(element)
        elif name == "post":
            yield _post(element)


def _dsq_id(element: Element | None) -> str:
    if element is None:
        return ""
    return element.get(DSQ_ID) or next(
        (value for key, value in element.attrib.items() if local_name(key) == "id"), ""
    )


def _thread(element: Element) -> Thread | Skipped:
    if text(element, "isDeleted").lower() == "true":
        return Skipped("ketju", _dsq_id(element), "poistettu Disqusissa")
    return Thread(
        _dsq_id(element), text(element, "link"), text(element, "title"), text(element, "id")
    )


def _post(element: Element) -> Comment:
    author = child(element, "author")
    rejected = text(element, "status", VASTINE) == "rejected"
    if text(element, "isDeleted").lower() == "true":
        status = "rejected" if rejected else "deleted"
    elif text(element, "isSpam").lower() == "true":
        status = "spam"
    elif text(element, "isApproved").lower() == "false":
        status = "pending"
    else:
        status = "approved"
    anonymous = text(author, "isAnonymous").lower() == "true"
    post_id = _dsq_id(element)
    created = parse_timestamp(text(element, "createdAt")) or datetime(1970, 1, 1)
    return Comment(
        source_id=post_id,
        post_id=_dsq_id(child(element, "thread")),
        html=text(element, "message"),
        created_at=created if created.tzinfo else created.replace(tzinfo=UTC),
        status=status,
        parent_id=_dsq_id(child(element, "parent")) or None,
        name=text(author, "name") or ("" if anonymous else text(author, "username")),
        email=text(author, "email") or None,
        website=text(author, "link"),
        anchor=f"comment-{post_id}",
        reason=(text(element, "reason", VASTINE) or None) if status == "rejected" else None,
    )
