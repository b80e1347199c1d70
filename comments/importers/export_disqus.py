"""The site's comments as Disqus's XML export: one ``<thread>`` per article (its link is the
article's address) and a flat list of ``<post>`` elements joined to their thread and parent by
``dsq:id``, the shape Disqus itself writes and Isso, Remark42 and Comentario read.

Pending comments carry ``<isApproved>false</isApproved>``; rejected ones are
``<isDeleted>true</isDeleted>``, as Disqus marks removed comments, with ``<vastine:status>``
(and ``<vastine:reason>``) in a namespace of our own that other readers pass by, so that our
import brings them back as rejected.
"""

from __future__ import annotations

from datetime import UTC
from typing import TextIO

from comments.importers.disqus import VASTINE
from comments.importers.export_site import SiteExport, cdata, stored_time, xml_text

HEADER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" '
    f'xmlns:vastine="{VASTINE}" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://disqus.com/api/schemas/1.0/disqus.xsd '
    'http://disqus.com/api/schemas/1.0/disqus-internals.xsd">\n'
)


def write_disqus(site: SiteExport, out: TextIO, forum: str = "vastine") -> int:
    """Write the comments of ``site`` to ``out``; returns how many were written."""
    out.write(HEADER)
    out.write(
        f'\t<category dsq:id="1"><forum>{xml_text(forum)}</forum><title>General</title>'
        "<isDefault>true</isDefault></category>\n"
    )
    articles = [item for item in site.posts if item.post.kind == "article"]
    for item in articles:
        out.write(
            f'\t<thread dsq:id="{item.number}">\n'
            f"\t\t<id>{xml_text(item.post.slug)}</id>\n"
            f"\t\t<forum>{xml_text(forum)}</forum>\n"
            '\t\t<category dsq:id="1"/>\n'
            f"\t\t<link>{xml_text(item.url)}</link>\n"
            f"\t\t<title>{xml_text(item.post.title)}</title>\n"
            "\t\t<message></message>\n"
            f"\t\t<createdAt>{_time(item.date)}</createdAt>\n"
            "\t\t<isClosed>false</isClosed>\n\t\t<isDeleted>false</isDeleted>\n"
            "\t</thread>\n"
        )
    written = 0
    for item in articles:
        for comment in item.comments:
            _post(comment, item.number, out)
            written += 1
    out.write("</disqus>\n")
    return written


def _post(comment: dict, thread: int, out: TextIO) -> None:
    status = comment["status"]
    parent = f'\t\t<parent dsq:id="{comment["parent_id"]}"/>\n' if comment["parent_id"] else ""
    marks = ""
    if status == "rejected":
        marks = "\t\t<vastine:status>rejected</vastine:status>\n"
        if comment["reason"]:
            marks += f"\t\t<vastine:reason>{xml_text(comment['reason'])}</vastine:reason>\n"
    out.write(
        f'\t<post dsq:id="{comment["id"]}">\n'
        "\t\t<id></id>\n"
        f"\t\t<message>{cdata(comment['html'])}</message>\n"
        f"\t\t<createdAt>{_time(stored_time(comment['created_at']))}</createdAt>\n"
        f"\t\t<isDeleted>{_flag(status == 'rejected')}</isDeleted>\n"
        f"\t\t<isSpam>{_flag(status == 'spam')}</isSpam>\n"
        f"\t\t<isApproved>{_flag(status != 'pending')}</isApproved>\n"
        "\t\t<author>\n"
        f"\t\t\t<email>{xml_text(comment['email'] or '')}</email>\n"
        f"\t\t\t<name>{xml_text(comment['name'])}</name>\n"
        f"\t\t\t<isAnonymous>{_flag(not comment['email'])}</isAnonymous>\n"
        f"\t\t\t<link>{xml_text(comment['website'] or '')}</link>\n"
        "\t\t</author>\n"
        f'\t\t<thread dsq:id="{thread}"/>\n'
        f"{parent}{marks}"
        "\t</post>\n"
    )


def _time(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _flag(value: bool) -> str:
    return "true" if value else "false"
