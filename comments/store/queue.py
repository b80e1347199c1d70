"""The moderation queue: pages of comments filtered and sorted, and the counts beside them."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from comments.store.comments import COMMENT_COLUMNS, decode_comment
from comments.store.connection import Row

QUEUE_SORTS = {
    "substance": "c.substance DESC, c.created_at ASC, c.id ASC",
    "age": "c.created_at ASC, c.id ASC",
    "newest": "c.created_at DESC, c.id DESC",
    "risk": "c.risk DESC, c.created_at ASC, c.id ASC",
}


def _queue_filter(
    status: str | None,
    finding: str | None = None,
    article: str | None = None,
    search: str | None = None,
    confirmed: bool | None = None,
) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if status:
        clauses.append("c.status = ?")
        params.append(status)
    if confirmed is True:
        clauses.append("(m.confirmed_at IS NOT NULL OR c.is_author = 1)")
    elif confirmed is False:
        clauses.append("(m.confirmed_at IS NULL AND c.is_author = 0)")
    if finding:
        clauses.append(
            "EXISTS (SELECT 1 FROM json_each(c.findings) f "
            "WHERE json_extract(f.value, '$.code') LIKE ? ESCAPE '\\')"
        )
        params.append(_like_prefix(finding))
    if article:
        clauses.append("c.article = ?")
        params.append(article)
    if search:
        pattern = f"%{_escape_like(search)}%"
        clauses.append(
            "(c.body LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\' OR m.email LIKE ? ESCAPE '\\')"
        )
        params += [pattern, pattern, pattern]
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def queue(
    db: sqlite_utils.Database,
    *,
    status: str | None = "pending",
    sort: str = "substance",
    finding: str | None = None,
    article: str | None = None,
    search: str | None = None,
    confirmed: bool | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Row]:
    """A page of the moderation queue, filtered and sorted (``QUEUE_SORTS``); ``confirmed``
    True keeps comments whose address is confirmed (and author replies), False the others."""
    where, params = _queue_filter(status, finding, article, search, confirmed)
    order = QUEUE_SORTS.get(sort, QUEUE_SORTS["substance"])
    rows = db.query(
        f"""SELECT {COMMENT_COLUMNS} FROM comments c
            LEFT JOIN commenters m ON m.id = c.commenter_id{where}
            ORDER BY {order} LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    return [decode_comment(row) for row in rows]


def queue_count(
    db: sqlite_utils.Database,
    *,
    status: str | None = "pending",
    finding: str | None = None,
    article: str | None = None,
    search: str | None = None,
    confirmed: bool | None = None,
) -> int:
    """How many comments ``queue`` would page through with these filters."""
    where, params = _queue_filter(status, finding, article, search, confirmed)
    return db.execute(
        f"""SELECT COUNT(*) FROM comments c
            LEFT JOIN commenters m ON m.id = c.commenter_id{where}""",
        params,
    ).fetchone()[0]


def status_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Status -> number of comments."""
    return {
        row["status"]: row["n"]
        for row in db.query("SELECT status, COUNT(*) AS n FROM comments GROUP BY status")
    }


def commenter_history(db: sqlite_utils.Database, commenter_id: int | None) -> dict[str, int]:
    """Status -> number of this commenter's comments (earlier decisions)."""
    if commenter_id is None:
        return {}
    return {
        row["status"]: row["n"]
        for row in db.query(
            "SELECT status, COUNT(*) AS n FROM comments WHERE commenter_id = ? GROUP BY status",
            [commenter_id],
        )
    }


def queue_findings(
    db: sqlite_utils.Database, status: str | None = "pending", confirmed: bool | None = None
) -> dict[str, int]:
    """Finding code -> number of comments with it (in ``status``), for the queue's filter."""
    where, params = _queue_filter(status, confirmed=confirmed)
    return {
        row["code"]: row["n"]
        for row in db.query(
            f"""SELECT json_extract(f.value, '$.code') AS code, COUNT(DISTINCT c.id) AS n
                FROM comments c LEFT JOIN commenters m ON m.id = c.commenter_id,
                     json_each(c.findings) f {where}
                GROUP BY code HAVING code IS NOT NULL ORDER BY code""",
            params,
        )
    }


def queue_articles(
    db: sqlite_utils.Database, status: str | None = "pending", confirmed: bool | None = None
) -> dict[str, int]:
    """Article slug -> number of comments (in ``status``), for the queue's filter."""
    where, params = _queue_filter(status, confirmed=confirmed)
    return {
        row["article"]: row["n"]
        for row in db.query(
            f"""SELECT c.article AS article, COUNT(*) AS n FROM comments c
                LEFT JOIN commenters m ON m.id = c.commenter_id{where}
                GROUP BY c.article ORDER BY c.article""",
            params,
        )
    }


def pending_for_digest(
    db: sqlite_utils.Database, since: str | None, until: str, limit: int = 100
) -> list[Row]:
    """Pending comments with a confirmed email that entered the queue (were created or had their
    email confirmed) after ``since`` (None: ever) and not after ``until``, oldest first."""
    since = since or ""
    return [
        decode_comment(row)
        for row in db.query(
            f"""SELECT {COMMENT_COLUMNS} FROM comments c
                JOIN commenters m ON m.id = c.commenter_id
                WHERE c.status = 'pending' AND m.confirmed_at IS NOT NULL
                  AND MAX(c.created_at, m.confirmed_at) > ?
                  AND MAX(c.created_at, m.confirmed_at) <= ?
                ORDER BY c.created_at, c.id LIMIT ?""",
            [since, until, limit],
        )
    ]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_prefix(code: str) -> str:
    """A finding filter: "civility" matches every civility.* code, "civility.vulgar" just that."""
    return _escape_like(code) + ("%" if "." not in code else "")
