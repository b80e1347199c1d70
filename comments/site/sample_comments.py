"""Sample comments for a newcomer's first ``make run``: a few approved, threaded Finnish comments
(one reply by the article's author) on real articles, loaded into an empty store only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from comments import store
from comments.render import render_comment

SAMPLE_FILE = Path(__file__).resolve().parent / "data" / "sample_comments.json"
ACTOR = "sample-data"


def load_sample_comments(db: store.Database, path: Path = SAMPLE_FILE) -> int:
    """Add the sample comments if the store has no comments yet; returns how many were added.

    Each entry of the JSON file has ``key``, ``article``, ``name``, ``body`` (Markdown),
    ``created_at`` and either ``email`` (a commenter) or ``author: true`` (the article's author);
    ``parent`` names the key of the comment it replies to, given earlier in the file.
    """
    if sum(store.status_counts(db).values()):
        return 0
    ids: dict[str, int] = {}
    for entry in sample_entries(path):
        ids[entry["key"]] = store.add_comment(
            db,
            article=entry["article"],
            name=entry["name"],
            email=entry.get("email"),
            body=entry["body"],
            html=render_comment(entry["body"]),
            status="approved",
            parent_id=ids[entry["parent"]] if entry.get("parent") else None,
            is_author=bool(entry.get("author")),
            actor=ACTOR,
            created_at=entry["created_at"],
        )
        if entry.get("email"):
            store.confirm_email(db, entry["email"])
    return len(ids)


def sample_entries(path: Path = SAMPLE_FILE) -> list[dict[str, Any]]:
    """The sample comments as written in the JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))
