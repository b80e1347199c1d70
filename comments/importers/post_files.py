"""Articles and pages as the site keeps them: Markdown files with Pelican metadata lines
(``Title:``, ``Date:``, ``Category:``, ``Tags:``, ``Slug:``, ``Author:``, ``Summary:``,
``Status: draft``) in ``content/articles/`` and ``content/pages/``. Written by the importer,
read back by the exporters and to know which slugs are taken."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ARTICLES_DIR = "articles"
PAGES_DIR = "pages"
DEFAULT_CATEGORY = "Yleinen"
UNTITLED = "Nimetön kirjoitus"
_METADATA = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")


@dataclass
class SitePost:
    """An article or page file of the site."""

    slug: str
    kind: str  # "article" or "page"
    metadata: dict[str, str] = field(default_factory=dict)
    body: str = ""

    @property
    def title(self) -> str:
        return self.metadata.get("title", "")

    @property
    def draft(self) -> bool:
        return self.metadata.get("status", "").lower() == "draft"

    @property
    def tags(self) -> list[str]:
        return [t.strip() for t in self.metadata.get("tags", "").split(",") if t.strip()]


def relative_path(kind: str, slug: str) -> str:
    """Where the file of ``slug`` goes, relative to the content directory."""
    return f"{PAGES_DIR if kind == 'page' else ARTICLES_DIR}/{slug}.md"


def format_post(
    *,
    kind: str,
    title: str,
    slug: str,
    markdown: str,
    date: datetime | None,
    author: str = "",
    category: str = "",
    tags: list[str] = (),
    summary: str = "",
    draft: bool = False,
) -> str:
    """The file's text, metadata in the order of the site's own articles."""
    lines = [("Title", title or UNTITLED)]
    if date is not None:
        lines.append(("Date", _date(date)))
    if kind == "article":
        lines.append(("Category", category or DEFAULT_CATEGORY))
        unique_tags = list(dict.fromkeys(t.replace(",", " ").strip() for t in tags))
        if any(unique_tags):
            lines.append(("Tags", ", ".join(t for t in unique_tags if t)))
    lines.append(("Slug", slug))
    lines += [("Author", author), ("Summary", summary)]
    if draft:
        lines.append(("Status", "draft"))
    head = "".join(f"{key}: {_one_line(value)}\n" for key, value in lines if _one_line(value))
    return f"{head}\n{markdown.strip()}\n"


def read_site(content: Path) -> list[SitePost]:
    """Every article and page file under ``content``, by kind and file name."""
    posts = []
    for kind, folder in (("article", ARTICLES_DIR), ("page", PAGES_DIR)):
        for file in sorted((content / folder).glob("*.md")):
            posts.append(parse_post(file, kind))
    return posts


def parse_post(file: Path, kind: str) -> SitePost:
    """A Markdown file's metadata (keys lowercase) and body."""
    metadata: dict[str, str] = {}
    lines = file.read_text(encoding="utf-8").splitlines()
    index = 0
    for index, line in enumerate(lines):  # noqa: B007 (the body starts where this stops)
        match = _METADATA.match(line)
        if not match:
            break
        metadata[match.group(1).lower()] = match.group(2).strip()
    else:
        index = len(lines)
    body = "\n".join(lines[index:]).strip() + "\n"
    slug = metadata.get("slug") or file.stem
    return SitePost(slug=slug, kind=kind, metadata=metadata, body=body)


def _date(moment: datetime) -> str:
    text = moment.strftime("%Y-%m-%d %H:%M")
    if moment.tzinfo is None:
        return text
    offset = moment.strftime("%z")
    return f"{text}{offset[:3]}:{offset[3:]}"


def _one_line(value: str) -> str:
    return " ".join(str(value).split())
