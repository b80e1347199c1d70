"""Approved comments into the static site: the comment block renderer shared by the Pelican
plugin and the fast path, and the full build."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from comments.articles import ArticleRef

log = logging.getLogger(__name__)


@dataclass
class CommentNode:
    """One published comment and its replies, as the block template sees it."""

    id: int
    name: str
    website: str
    html: Markup
    created_at: datetime
    is_author: bool
    replies: list[CommentNode] = field(default_factory=list)


def comment_tree(rows: Iterable[Mapping[str, Any]]) -> list[CommentNode]:
    """Nest approved comments (oldest first) under their parents; a reply whose parent is not
    published is shown at the top level rather than lost."""
    nodes = {
        row["id"]: CommentNode(
            id=row["id"],
            name=row["name"],
            website=row["website"] or "",
            html=Markup(row["html"]),
            created_at=datetime.fromisoformat(row["created_at"]),
            is_author=bool(row["is_author"]),
        )
        for row in rows
    }
    roots: list[CommentNode] = []
    for row in rows:
        parent = nodes.get(row["parent_id"])
        (parent.replies if parent else roots).append(nodes[row["id"]])
    return roots


def render_comment_block(
    article: ArticleRef,
    rows: list[Mapping[str, Any]],
    templates_dir: str | Path,
    service_url: str = "",
) -> str:
    """The article's comment block (thread + form) from ``comment_block.html``: the one
    template both the full build and the fast path use, so their pages are byte-identical."""
    template = _environment(str(templates_dir)).get_template("comment_block.html")
    return template.render(
        article=article,
        comments=comment_tree(rows),
        comment_count=len(rows),
        service_url=service_url,
    )


@lru_cache(maxsize=4)
def _environment(templates_dir: str) -> Environment:
    from comments.finnish_dates import format_date, format_datetime

    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fi_date"] = format_date
    env.filters["fi_datetime"] = format_datetime
    return env


def build_site(config: Mapping[str, Any]) -> None:
    """A full Pelican build of the site into ``SITE_OUTPUT``, in a child process (Pelican's
    signals are process-global, so an in-process build would register plugins twice)."""
    settings = Path(config["PELICAN_SETTINGS"])
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(settings.parent / "content"),
        "-s",
        str(settings),
        "-o",
        str(config["SITE_OUTPUT"]),
        "-e",
        f"COMMENTS_DATABASE={json.dumps(str(config['DATABASE']))}",
        f"COMMENTS_SERVICE_URL={json.dumps(config.get('SERVICE_URL', ''))}",
        "--fatal",
        "errors",
    ]
    log.info("full build: %s", " ".join(command))
    subprocess.run(command, check=True, cwd=settings.parent)
