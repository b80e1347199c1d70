"""The moderation queue: pages of comments filtered and sorted, and the counts beside them."""

from __future__ import annotations

from typing import Any

from comments.store.comments import COMMENT_COLUMNS, decode_comment
from comments.store.connection import Database, Row

QUEUE_SORTS = {
    "substance": "c.substance DESC, c.created_at ASC, c.id ASC",
    "age": "c.created_at ASC, c.id ASC",
    "newest": "c.created_at DESC, c.id DESC",
    "risk": "c.risk DESC, c.created_at ASC, c.id ASC",
}


def _queue_filter(
    db: Database,
    status: str | None,
    finding: str | None = None,
    article: str | None = None,
    search: str | None = None,
    confirmed: bool | None = None,
) -> tuple[str, list[Any]]:
    clauses, params = [], []
    like = db.dialect.like
    if status:
        clauses.append("c.status = ?")
        params.append(status)
    if confirmed is True:
        clauses.append("(m.confirmed_at IS NOT NULL OR c.is_author = 1)")
    elif confirmed is False:
        clauses.append("(m.confirmed_at IS NULL AND c.is_author = 0)")
    if finding:
        findings, code = db.dialect.json_array_codes("c.findings", "f")
        clauses.append(f"EXISTS (SELECT 1 FROM {findings} WHERE {code} LIKE ? ESCAPE '\\')")
        params.append(_like_prefix(finding))
    if article:
        clauses.append("c.article = ?")
        params.append(article)
    if search:
        pattern = f"%{_escape_like(search)}%"
        clauses.append(
            f"(c.body {like} ? ESCAPE '\\' OR c.name {like} ? ESCAPE '\\'"
            f" OR m.email {like} ? ESCAPE '\\')"
        )
        params += [pattern, pattern, pattern]
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def queue(
    db: Database,
    *,
    status: str | None = "pending",
    sort: str = "substance",
    finding: str | None = None,
    article: str | None = None,
    search: str | None = None,
    confirmed: bool | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> list[Row]:
    """A page of the moderation queue, filtered and sorted (``QUEUE_SORTS``); ``confirmed``
    True keeps comments whose address is confirmed (and author replies), False the others;
    ``limit`` None: every comment from ``offset`` on."""
    where, params = _queue_filter(db, status, finding, article, search, confirmed)
    order = QUEUE_SORTS.get(sort, QUEUE_SORTS["substance"])
    rows = db.query(
        f"""SELECT {COMMENT_COLUMNS} FROM comments c
            LEFT JOIN commenters m ON m.id = c.commenter_id{where}
            ORDER BY {order} LIMIT ? OFFSET ?""",
        [*params, db.dialect.no_limit if limit is None else limit, offset],
    )
    return [decode_comment(row) for row in rows]


def queue_count(
    db: Database,
    *,
    status: str | None = "pending",
    finding: str | None = None,
    article: str | None = None,
    search: str | None = None,
    confirmed: bool | None = None,
) -> int:
    """How many comments ``queue`` would page through with these filters."""
    where, params = _queue_filter(db, status, finding, article, search, confirmed)
    return db.execute(
        f"""SELECT COUNT(*) FROM comments c
            LEFT JOIN commenters m ON m.id = c.commenter_id{where}""",
        params,
    ).fetchone()[0]


def status_counts(db: Database) -> dict[str, int]:
    """Status -> number of comments."""
    return {
        row["status"]: row["n"]
        for row in db.query("SELECT status, COUNT(*) AS n FROM comments GROUP BY status")
    }


def commenter_history(db: Database, commenter_id: int | None) -> dict[str, int]:
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
    db: Database, status: str | None = "pending", confirmed: bool | None = None
) -> dict[str, int]:
    """Finding code -> number of comments with it (in ``status``), for the queue's filter."""
    where, params = _queue_filter(db, status, confirmed=confirmed)
    findings, code = db.dialect.json_array_codes("c.findings", "f")
    return {
        row["code"]: row["n"]
        for row in db.query(
            f"""SELECT {code} AS code, COUNT(DISTINCT c.id) AS n
                FROM comments c LEFT JOIN commenters m ON m.id = c.commenter_id,
                     {findings} {where}
                GROUP BY 1 HAVING {code} IS NOT NULL ORDER BY 1""",
            params,
        )
    }


def queue_articles(
    db: Database, status: str | None = "pending", confirmed: bool | None = None
) -> dict[str, int]:
    """Article slug -> number of comments (in ``status``), for the queue's filter."""
    where, params = _queue_filter(db, status, confirmed=confirmed)
    return {
        row["article"]: row["n"]
        for row in db.query(
            f"""SELECT c.article AS article, COUNT(*) AS n FROM comments c
                LEFT JOIN commenters m ON m.id = c.commenter_id{where}
                GROUP BY c.article ORDER BY c.article""",
            params,
        )
    }


def pending_for_digest(db: Database, since: str | None, until: str, limit: int = 100) -> list[Row]:
    """Pending comments with a confirmed email that entered the queue (were created or had their
    email confirmed) after ``since`` (None: ever) and not after ``until``, oldest first."""
    since = since or ""
    greatest = db.dialect.greatest
    return [
        decode_comment(row)
        for row in db.query(
            f"""SELECT {COMMENT_COLUMNS} FROM comments c
                JOIN commenters m ON m.id = c.commenter_id
                WHERE c.status = 'pending' AND m.confirmed_at IS NOT NULL
                  AND {greatest}(c.created_at, m.confirmed_at) > ?
                  AND {greatest}(c.created_at, m.confirmed_at) <= ?
                ORDER BY c.created_at, c.id LIMIT ?""",
            [since, until, limit],
        )
    ]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_prefix(code: str) -> str:
    """A finding filter: "civility" matches every civility.* code, "civility.vulgar" just that."""
    return _escape_like(code) + ("%" if "." not in code else "")
