"""Comment Markdown to safe HTML: the one renderer every path uses (submission, moderator edits,
previews), so a comment can never reach a page in any other form.

Raw HTML is never interpreted: Python-Markdown's HTML handling is switched off, so ``<script>``
stays visible text. The HTML Markdown produces is then cleaned by bleach with a small allowlist,
and bare URLs become links with ``rel="nofollow ugc noopener"``.

Most comments are paragraphs of text with some emphasis, and for those the cleaner gives back
exactly what Markdown produced (but for ``<br>``): `_is_plain` recognises that HTML (a few
attribute-free tags, three entities, no text that the linkifier could take for an address)
and skips the cleaner, which costs more than the Markdown conversion. tests/test_render.py
checks that both ways give the same HTML.
"""

from __future__ import annotations

import re
import threading
from functools import partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter

ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "a", "code", "pre", "blockquote", "ul", "ol", "li"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

_HREF = (None, "href")
_REL = (None, "rel")
# Tags the cleaner keeps as they are when they carry no attributes; block tags that the HTML
# parser might close or move (lists, ``pre``) are left to the cleaner.
_PLAIN = re.compile(
    r"(?:[^<>&\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
    r"|&(?:amp|lt|gt);|</?(?:p|em|strong|code|blockquote)>|<br />)*"
)
# What the linkifier could take for an address: every address it finds has a dot before a
# letter, digit or hyphen (``esimerkki.fi``, ``www.``, ``http://a.fi``).
_ADDRESS_LIKE = re.compile(r"\.[\w-]")


def render_comment(markdown_text: str) -> str:
    """Safe HTML for a comment written in Markdown."""
    converter, cleaner = _tools()
    produced = converter.reset().convert(markdown_text.replace("\x00", ""))
    if _is_plain(produced):
        return produced.replace("<br />", "<br>").strip()
    return cleaner.clean(produced).strip()


def _is_plain(produced: str) -> bool:
    """Whether the cleaner would give ``produced`` back unchanged but for ``<br>``."""
    return _PLAIN.fullmatch(produced) is not None and _ADDRESS_LIKE.search(produced) is None


_local = threading.local()


def _tools() -> tuple[markdown.Markdown, bleach.sanitizer.Cleaner]:
    """This thread's converter and cleaner: building them cost more than a comment's rendering
    (0.2 ms), and neither may be shared between threads. ``reset()`` before each conversion
    clears what the previous one left."""
    tools = getattr(_local, "tools", None)
    if tools is None:
        tools = _local.tools = (_converter(), _cleaner())
    return tools


def _converter() -> markdown.Markdown:
    converter = markdown.Markdown(extensions=["nl2br", "sane_lists", "fenced_code"])
    # No raw HTML: without these two steps Markdown passes HTML blocks and inline tags through.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def _cleaner() -> bleach.sanitizer.Cleaner:
    return bleach.sanitizer.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[
            partial(
                LinkifyFilter,
                callbacks=[_link_attributes],
                skip_tags={"pre", "code"},
                parse_email=False,
            )
        ],
    )


def _link_attributes(attrs: dict, new: bool = False) -> dict | None:
    """Every link gets the same ``rel``; a link without an allowed ``href`` becomes text."""
    href = attrs.get(_HREF, "")
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if not href or scheme not in ALLOWED_PROTOCOLS:
        return None
    attrs[_REL] = LINK_REL
    return attrs
