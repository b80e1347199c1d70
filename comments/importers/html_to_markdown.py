"""Old blogs' HTML to clean Markdown with markdownify (on BeautifulSoup): headings, lists,
links, images, quotes, tables and code blocks are kept; scripts, styles and event handlers are
dropped, and links or images whose address is not http(s), mailto, relative or ``{static}``
lose the address.

Text is escaped so that nothing in it becomes HTML or Markdown again: ``<`` and ``&`` become
entities (Pelican's Markdown would otherwise pass ``<script>`` typed as text through as a tag),
Markdown's own characters get backslashes. A post's Markdown is therefore safe to publish; a
comment's still goes through ``render_comment`` like every comment.
"""

from __future__ import annotations

import html as html_module
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

from markdownify import (
    ATX,
    MarkdownConverter,
    re_escape_misc_dash_sequences,
    re_escape_misc_hashes,
    re_escape_misc_list_items,
)

from comments.importers import shortcodes

MISSING_ALT = "Kuva"  # the author is told to describe it (report: images_without_alt)
SAFE_SCHEMES = {"", "http", "https", "mailto"}
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`\[\]>])")
_TAG = re.compile(r"<[^>]*>")
_SCHEME = re.compile(r"^([A-Za-z][\w+.-]*):")
_URL_SAFE = "/:#?&=%+~@!$,;'*"
_LANGUAGE = re.compile(r"(?:language-|lang-|brush:\s*)([\w+#-]+)")


@dataclass
class Converted:
    """A post's Markdown and what the report should say about it."""

    markdown: str
    images: list[str] = field(default_factory=list)
    unknown_shortcodes: list[str] = field(default_factory=list)
    without_alt: list[str] = field(default_factory=list)


def post_markdown(
    html: str,
    *,
    wpautop: bool,
    image_url: Callable[[str], str] = lambda url: url,
    file_url: Callable[[str], str | None] = lambda url: None,
    gallery: Callable[[list[str]], list[tuple[str, str]]] = lambda ids: [],
) -> Converted:
    """A post's Markdown; ``image_url`` maps each image address to the one to use (a copied
    file's ``{static}`` path), ``file_url`` a link's address to a copied file's (None: keep
    the link), ``gallery`` gives a ``[gallery]``'s images."""
    text, blocks, unknown = shortcodes.expand(html, gallery)
    if wpautop:
        text = shortcodes.wpautop(text)
    text = shortcodes.restore(text, blocks)
    converter = _PostConverter(image_url, file_url)
    markdown = converter.convert(text)
    return Converted(_tidy(markdown), converter.images, unknown, converter.without_alt)


def comment_markdown(html: str, *, wpautop: bool) -> str:
    """A comment's Markdown (images become links: comments show no images)."""
    if "<" not in html and "&" not in html and "[" not in html:
        return _plain_text_markdown(html)
    if wpautop:
        html = shortcodes.wpautop(html)
    return _tidy(_comment_converter().convert(html)).strip()


def inline_markdown(html: str) -> str:
    """Markdown on one line, for metadata such as a summary."""
    return " ".join(_comment_converter().convert(html).split())


def plain_text(value: str) -> str:
    """A title or a name as plain text: WordPress keeps them with HTML entities (``&#8217;``,
    ``&amp;``) and sometimes tags; both go, and so do runs of whitespace."""
    return " ".join(html_module.unescape(_TAG.sub("", value)).split())


def escape_text(text: str) -> str:
    """Plain text as Markdown that shows exactly that text."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    text = text.replace("*", r"\*").replace("_", r"\_")
    text = re_escape_misc_dash_sequences.sub(r"\1\\\2", text)
    text = re_escape_misc_hashes.sub(r"\1\\\2", text)
    return re_escape_misc_list_items.sub(r"\1\\\2", text)


def safe_url(url: str) -> str | None:
    """``url`` fit for a Markdown link (spaces and brackets percent-encoded), or None when its
    scheme could run code (``javascript:``, ``data:`` …). Browsers ignore spaces and control
    characters inside a scheme, so the scheme is read without them."""
    url = url.strip()
    if url.startswith("{static}"):
        return quote(url, safe=_URL_SAFE + "{}")
    scheme = _SCHEME.match(re.sub(r"[\x00-\x20]", "", url))
    if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
        return None
    return quote(url, safe=_URL_SAFE)


def _plain_text_markdown(text: str) -> str:
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "\n\n".join(escape_text(p.strip()) for p in paragraphs if p.strip())


def _tidy(markdown: str) -> str:
    markdown = re.sub(r"\n[ \t]+(?=\n)", "\n", markdown)
    markdown = re.sub(r"[ \t]+\n", lambda m: "  \n" if len(m.group(0)) > 2 else "\n", markdown)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


class _SafeConverter(MarkdownConverter):
    """markdownify with our escaping, URL filter and code languages."""

    def __init__(self, **options) -> None:
        super().__init__(
            heading_style=ATX,
            bullets="-",
            escape_misc=False,
            code_language_callback=_code_language,
            **options,
        )

    def escape(self, text: str, parent_tags) -> str:
        return escape_text(text)

    def convert_a(self, el, text, parent_tags):
        href = safe_url(el.get("href") or "")
        if href is None:
            el.attrs.pop("href", None)
        else:
            el["href"] = href
        return super().convert_a(el, text, parent_tags)

    def convert_iframe(self, el, text, parent_tags):
        src = safe_url(el.get("src") or "")
        if not src or not src.startswith(("http://", "https://", "//")):
            return ""
        host = urlsplit(src).netloc or src
        return f"\n\n[Upotettu sisältö: {escape_text(host)}]({src})\n\n"

    def convert_video(self, el, text, parent_tags):
        return self._media_link(el, "Video")

    def convert_audio(self, el, text, parent_tags):
        return self._media_link(el, "Ääni")

    def _media_link(self, el, label: str) -> str:
        """A video or sound as a link to its file (Markdown has no player)."""
        source = el.get("src") or next(
            (s.get("src") for s in el.find_all("source") if s.get("src")), ""
        )
        src = safe_url(source or "")
        if not src:
            return ""
        name = PurePosixPath(urlsplit(src).path).name or urlsplit(src).netloc
        return f"\n\n[{label}: {escape_text(name)}]({src})\n\n"

    def convert_figcaption(self, el, text, parent_tags):
        return f"\n\n*{text.strip()}*\n\n" if text.strip() else ""

    convert_noscript = MarkdownConverter.convert_script
    convert_object = MarkdownConverter.convert_script
    convert_embed = MarkdownConverter.convert_script


class _PostConverter(_SafeConverter):
    def __init__(
        self, image_url: Callable[[str], str], file_url: Callable[[str], str | None]
    ) -> None:
        super().__init__()
        self.image_url = image_url
        self.file_url = file_url
        self.images: list[str] = []
        self.without_alt: list[str] = []

    def convert_a(self, el, text, parent_tags):
        copied = self.file_url((el.get("href") or "").strip())
        if copied:
            el["href"] = copied
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el, text, parent_tags):
        src = (el.get("src") or "").strip()
        if not src:
            return ""
        self.images.append(src)
        target = safe_url(self.image_url(src))
        if target is None:
            return ""
        el["src"] = target
        alt = (el.get("alt") or el.get("title") or "").strip()
        if not alt:
            self.without_alt.append(src)
        el["alt"] = escape_text(alt or MISSING_ALT)
        title = el.get("title")
        if title:
            el["title"] = title.replace("\n", " ")
        return super().convert_img(el, text, parent_tags)


class _CommentConverter(_SafeConverter):
    def convert_img(self, el, text, parent_tags):
        src = safe_url(el.get("src") or "")
        if not src:
            return ""
        return f"[{escape_text(el.get('alt') or 'kuva')}]({src})"


_local = threading.local()


def _comment_converter() -> _CommentConverter:
    converter = getattr(_local, "comment_converter", None)
    if converter is None:
        converter = _local.comment_converter = _CommentConverter()
    return converter


def _code_language(el) -> str:
    classes = " ".join(el.get("class") or [])
    code = el.find("code")
    if code is not None:
        classes += " " + " ".join(code.get("class") or [])
    match = _LANGUAGE.search(classes)
    return match.group(1) if match else ""
