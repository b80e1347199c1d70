"""The site as WordPress eXtended RSS 1.2: what WordPress's own importer (the
wordpress-importer plugin) reads, and with it most blog and comment systems.

Posts carry their HTML (the Markdown rendered), category, tags, excerpt, slug, dates and
status; each comment its thread parent, author, address, dates and status: approved ``1``,
pending ``0``, ``spam``; a rejected comment is ``trash`` (WordPress has no "rejected"), which
other importers leave out, with comment meta ``vastine_status`` = ``rejected`` (and
``vastine_reason``) that WordPress keeps and our import reads to bring it back as rejected.
"""

from __future__ import annotations

from datetime import UTC
from email.utils import format_datetime
from typing import TextIO

from comments.importers.export_site import (
    SITE_TIMEZONE,
    ExportedPost,
    SiteExport,
    cdata,
    stored_time,
    xml_attribute,
    xml_text,
)
from comments.importers.slugs import slugify
from comments.importers.wxr import REASON_META, STATUS_META

COMMENT_APPROVED = {"approved": "1", "pending": "0", "spam": "spam", "rejected": "trash"}
NAMESPACES = (
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:wp="http://wordpress.org/export/1.2/"'
)


def write_wxr(site: SiteExport, out: TextIO) -> int:
    """Write ``site`` to ``out``; returns the number of comments written."""
    out.write(f'<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" {NAMESPACES}>\n')
    out.write("<channel>\n")
    out.write(
        f"\t<title>{xml_text(site.title)}</title>\n\t<link>{xml_text(site.site_url)}</link>\n"
    )
    out.write("\t<description></description>\n\t<language>fi</language>\n")
    out.write("\t<wp:wxr_version>1.2</wp:wxr_version>\n")
    out.write(f"\t<wp:base_site_url>{xml_text(site.site_url)}</wp:base_site_url>\n")
    out.write(f"\t<wp:base_blog_url>{xml_text(site.site_url)}</wp:base_blog_url>\n")
    _authors(site, out)
    _terms(site, out)
    out.write("\t<generator>Vastine</generator>\n")
    written = 0
    for item in site.posts:
        written += _item(item, site, out)
    out.write("</channel>\n</rss>\n")
    return written


def _login(name: str) -> str:
    return slugify(name) or "kirjoittaja"


def _authors(site: SiteExport, out: TextIO) -> None:
    names = sorted({p.post.metadata.get("author", "") for p in site.posts} - {""})
    for number, name in enumerate(names, start=1):
        out.write(
            f"\t<wp:author><wp:author_id>{number}</wp:author_id>"
            f"<wp:author_login>{cdata(_login(name))}</wp:author_login>"
            f"<wp:author_email></wp:author_email>"
            f"<wp:author_display_name>{cdata(name)}</wp:author_display_name>"
            "<wp:author_first_name></wp:author_first_name>"
            "<wp:author_last_name></wp:author_last_name></wp:author>\n"
        )


def _terms(site: SiteExport, out: TextIO) -> None:
    categories = sorted({p.post.metadata.get("category", "") for p in site.posts} - {""})
    for number, name in enumerate(categories, start=1):
        out.write(
            f"\t<wp:category><wp:term_id>{number}</wp:term_id>"
            f"<wp:category_nicename>{cdata(slugify(name))}</wp:category_nicename>"
            f"<wp:category_parent>{cdata('')}</wp:category_parent>"
            f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
        )
    tags = sorted({tag for p in site.posts for tag in p.post.tags})
    for number, name in enumerate(tags, start=len(categories) + 1):
        out.write(
            f"\t<wp:tag><wp:term_id>{number}</wp:term_id>"
            f"<wp:tag_slug>{cdata(slugify(name))}</wp:tag_slug>"
            f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"
        )


def _item(item: ExportedPost, site: SiteExport, out: TextIO) -> int:
    post = item.post
    local = item.date.strftime("%Y-%m-%d %H:%M:%S")
    gmt = item.date.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    status = "draft" if post.draft else "publish"
    out.write("\t<item>\n")
    out.write(f"\t\t<title>{xml_text(post.title)}</title>\n\t\t<link>{xml_text(item.url)}</link>\n")
    out.write(f"\t\t<pubDate>{format_datetime(item.date)}</pubDate>\n")
    out.write(f"\t\t<dc:creator>{cdata(_login(post.metadata.get('author', '')))}</dc:creator>\n")
    out.write(f'\t\t<guid isPermaLink="false">{xml_text(site.site_url)}/?p={item.number}</guid>\n')
    out.write("\t\t<description></description>\n")
    out.write(f"\t\t<content:encoded>{cdata(item.html)}</content:encoded>\n")
    out.write(f"\t\t<excerpt:encoded>{cdata(item.summary_html)}</excerpt:encoded>\n")
    out.write(f"\t\t<wp:post_id>{item.number}</wp:post_id>\n")
    out.write(f"\t\t<wp:post_date>{cdata(local)}</wp:post_date>\n")
    out.write(f"\t\t<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>\n")
    out.write("\t\t<wp:comment_status>open</wp:comment_status>\n")
    out.write("\t\t<wp:ping_status>closed</wp:ping_status>\n")
    out.write(f"\t\t<wp:post_name>{cdata(post.slug)}</wp:post_name>\n")
    out.write(f"\t\t<wp:status>{status}</wp:status>\n")
    out.write("\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n")
    kind = "page" if post.kind == "page" else "post"
    out.write(f"\t\t<wp:post_type>{kind}</wp:post_type>\n")
    out.write("\t\t<wp:post_password></wp:post_password>\n\t\t<wp:is_sticky>0</wp:is_sticky>\n")
    if post.kind == "article":
        category = post.metadata.get("category", "")
        if category:
            out.write(
                f'\t\t<category domain="category" nicename={xml_attribute(slugify(category))}>'
                f"{cdata(category)}</category>\n"
            )
        for tag in post.tags:
            out.write(
                f'\t\t<category domain="post_tag" nicename={xml_attribute(slugify(tag))}>'
                f"{cdata(tag)}</category>\n"
            )
    for comment in item.comments:
        _comment(comment, out)
    out.write("\t</item>\n")
    return len(item.comments)


def _comment(comment: dict, out: TextIO) -> None:
    created = stored_time(comment["created_at"])
    gmt = created.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    local = created.astimezone(SITE_TIMEZONE).strftime("%Y-%m-%d %H:%M:%S")
    out.write(
        "\t\t<wp:comment>\n"
        f"\t\t\t<wp:comment_id>{comment['id']}</wp:comment_id>\n"
        f"\t\t\t<wp:comment_author>{cdata(comment['name'])}</wp:comment_author>\n"
        f"\t\t\t<wp:comment_author_email>{xml_text(comment['email'] or '')}"
        "</wp:comment_author_email>\n"
        f"\t\t\t<wp:comment_author_url>{xml_text(comment['website'] or '')}"
        "</wp:comment_author_url>\n"
        "\t\t\t<wp:comment_author_IP></wp:comment_author_IP>\n"
        f"\t\t\t<wp:comment_date>{cdata(local)}</wp:comment_date>\n"
        f"\t\t\t<wp:comment_date_gmt>{cdata(gmt)}</wp:comment_date_gmt>\n"
        f"\t\t\t<wp:comment_content>{cdata(comment['html'])}</wp:comment_content>\n"
        f"\t\t\t<wp:comment_approved>{COMMENT_APPROVED[comment['status']]}"
        "</wp:comment_approved>\n"
        "\t\t\t<wp:comment_type>comment</wp:comment_type>\n"
        f"\t\t\t<wp:comment_parent>{comment['parent_id'] or 0}</wp:comment_parent>\n"
        "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
        f"{_rejection_meta(comment)}"
        "\t\t</wp:comment>\n"
    )


def _rejection_meta(comment: dict) -> str:
    if comment["status"] != "rejected":
        return ""
    meta = [(STATUS_META, "rejected")]
    if comment["reason"]:
        meta.append((REASON_META, comment["reason"]))
    return "".join(
        f"\t\t\t<wp:commentmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:commentmeta>\n"
        for key, value in meta
    )
