"""WordPress shortcodes and ``wpautop``: what WordPress does to a post's stored text before it
shows it, done here before the HTML becomes Markdown.

Handled: ``[caption]`` (image and caption), ``[gallery]`` (the images of the post, or those in
``ids``), ``[embed]`` and the WordPress.com ``[youtube]`` / ``[vimeo]`` / ``[video]`` /
``[audio]`` (a link), ``[code]`` / ``[sourcecode]`` and language-named ones such as ``[php]``
(a code block). Any other shortcode with attributes or a closing tag is kept as text and
reported, so that the author can fix it by hand.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

CODE_NAMES = {"code", "sourcecode"}
LANGUAGE_NAMES = {
    "bash", "c", "cpp", "csharp", "css", "html", "java", "javascript", "js", "json", "php",
    "python", "py", "ruby", "sql", "shell", "text", "xml", "yaml",
}  # fmt: skip
EMBED_NAMES = {"embed", "youtube", "vimeo", "video", "audio"}
BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    "blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|"
    "header|footer|nav|figure|figcaption|details|menu|summary|iframe|script"
)
_ENCLOSED = re.compile(
    r"\[(?P<name>[A-Za-z][\w-]*)(?P<attrs>[^\]]*)\](?P<body>.*?)\[/(?P=name)\]", re.S
)
_SELF = re.compile(
    r"\[(?P<name>gallery|youtube|vimeo|video|audio|embed)(?P<attrs>(?:[= ][^\]]*)?)\]"
)
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
_ANY = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:\s+[^\]]*)?)\]")
_PLACEHOLDER = "\x00vastine-block-{}\x00"
_URL_LINE = re.compile(r"^\s*(https?://[^\s<>\"]+)\s*$")


def expand(
    text: str, gallery: Callable[[list[str]], list[tuple[str, str]]]
) -> tuple[str, list[str], list[str]]:
    """``text`` with the known shortcodes turned into HTML, plus the code blocks' HTML (kept out
    of ``wpautop`` as placeholders, see `restore`) and the names of unknown shortcodes.

    ``gallery(ids)`` gives the (url, caption) pairs of a gallery (all of the post's images when
    ``ids`` is empty)."""
    blocks: list[str] = []

    def keep(block: str) -> str:
        blocks.append(block)
        return _PLACEHOLDER.format(len(blocks) - 1)

    def enclosed(match: re.Match) -> str:
        name, attrs, body = match["name"].lower(), _attributes(match["attrs"]), match["body"]
        if name in CODE_NAMES or name in LANGUAGE_NAMES:
            language = (
                attrs.get("language")
                or attrs.get("lang")
                or (name if name in LANGUAGE_NAMES else "")
            )
            code = html.escape(html.unescape(body.strip("\n")), quote=False)
            css = f' class="language-{html.escape(language)}"' if language else ""
            return keep(f"<pre><code{css}>{code}</code></pre>")
        if name in ("caption", "wp_caption"):
            return _caption(body, attrs)
        if name in EMBED_NAMES:
            return _link(body.strip() or attrs.get("src", ""))
        return match.group(0)

    def standalone(match: re.Match) -> str:
        name, raw = match["name"].lower(), match["attrs"]
        attrs = _attributes(raw)
        if name == "gallery":
            ids = [i.strip() for i in attrs.get("ids", attrs.get("include", "")).split(",")]
            images = gallery([i for i in ids if i])
            figures = "".join(_figure(url, caption) for url, caption in images)
            return f"\n\n{figures}\n\n" if figures else ""
        url = attrs.get("src") or attrs.get("url") or attrs.get("mp4") or attrs.get("mp3")
        url = url or raw.lstrip("= ").split()[0] if raw.strip() else url
        return _link(url or "")

    text = _ENCLOSED.sub(enclosed, text)
    text = _SELF.sub(standalone, text)
    return text, blocks, sorted(set(_unknown(text)))


def restore(text: str, blocks: list[str]) -> str:
    """Put the code blocks `expand` set aside back in."""
    for index, block in enumerate(blocks):
        text = text.replace(_PLACEHOLDER.format(index), block)
    return text


def wpautop(text: str) -> str:
    """WordPress's paragraph rule: blank lines separate paragraphs, a single newline is a line
    break, block-level HTML stays as it is; a paragraph that is only a URL becomes a link (what
    WordPress shows as an embed)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(rf"(<(?:{BLOCK_TAGS})[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(rf"(</(?:{BLOCK_TAGS})>)", r"\1\n\n", text, flags=re.I)
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if re.match(rf"</?(?:{BLOCK_TAGS})[\s/>]", chunk, flags=re.I) or chunk.startswith("\x00"):
            paragraphs.append(chunk)
            continue
        url = _URL_LINE.match(chunk)
        if url:
            paragraphs.append(f"<p>{_link(url.group(1))}</p>")
            continue
        paragraphs.append("<p>" + chunk.replace("\n", "<br />\n") + "</p>")
    return "\n\n".join(paragraphs)


def _attributes(raw: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] for m in _ATTRIBUTE.finditer(raw)}


def _caption(body: str, attrs: dict[str, str]) -> str:
    image = re.search(r"(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*</a>)?", body, flags=re.I)
    caption = attrs.get("caption") or (body[image.end() :] if image else body).strip()
    media = image.group(0) if image else ""
    return f"\n\n<figure>{media}<figcaption>{caption}</figcaption></figure>\n\n"


def _figure(url: str, caption: str) -> str:
    alt = html.escape(caption or "")
    tail = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f'<figure><img src="{html.escape(url)}" alt="{alt}" />{tail}</figure>'


def _link(url: str) -> str:
    url = html.unescape(url.strip())
    if not url.startswith(("http://", "https://")):
        return html.escape(url)
    safe = html.escape(url)
    return f'<a href="{safe}">{safe}</a>'


def _unknown(text: str) -> Iterable[str]:
    """Names of shortcodes left in ``text`` that look like shortcodes: with attributes or a
    closing tag (so ``[sic]`` or ``[1]`` in prose is not one)."""
    closing = {m[2].lower() for m in _ANY.finditer(text) if m[1]}
    for match in _ANY.finditer(text):
        name = match[2].lower()
        if not match[1] and ("=" in match[3] or name in closing):
            yield name
