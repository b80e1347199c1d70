"""Comments: adding, reading, deciding, editing and deleting them.

Example::

    db = connect("instance/comments.sqlite3")
    migrate(db)
    comment_id = add_comment(db, article="asiakaspolku", name="Aino Lehtinen", ...)
    decide(db, comment_id, "approved", actor="moderaattori")
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from comments.store.audit import write_audit
from comments.store.commenters import claim_confirmation_in, ensure_commenter
from comments.store.connection import Connection, Database, Row, now, transaction
from comments.store.outbox import add_mail

STATUSES = ("pending", "approved", "rejected", "spam")


def add_comment(
    db: Database,
    *,
    article: str,
    name: str,
    body: str,
    html: str,
    status: str,
    email: str | None = None,
    website: str = "",
    parent_id: int | None = None,
    findings: list[Mapping[str, Any]] = (),
    substance: int = 0,
    substance_reasons: list[str] = (),
    risk: int = 0,
    ip_hash: str | None = None,
    fingerprint: str | None = None,
    notify_replies: bool = False,
    is_author: bool = False,
    actor: str | None = None,
    created_at: str | None = None,
    mail: Callable[[int], Mapping[str, Any]] | None = None,
    mail_once_since: str | None = None,
) -> int:
    """Store a comment and return its id. ``email`` None is allowed only for author replies.

    ``mail``, given the new comment's id, returns a ready mail (``recipient``, ``subject``,
    ``body``, ``headers``) that is queued in the outbox in the same transaction: the comment
    and its confirmation mail are stored together or not at all. With ``mail_once_since`` the
    mail is written only when no confirmation mail went to ``email`` after that moment
    (``claim_confirmation_mail``), in the same transaction."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    stamp = created_at or now()
    with transaction(db) as conn:
        comment_id = insert_comment(
            conn,
            {
                "article": article,
                "parent_id": parent_id,
                "commenter_id": ensure_commenter(conn, email) if email else None,
                "name": name,
                "website": website,
                "body": body,
                "html": html,
                "status": status,
                "findings": findings,
                "substance": substance,
                "substance_reasons": substance_reasons,
                "risk": risk,
                "ip_hash": ip_hash,
                "fingerprint": fingerprint,
                "notify_replies": notify_replies,
                "is_author": is_author,
                "created_at": stamp,
                "decided_at": stamp if status == "approved" else None,
                "decided_by": actor if status == "approved" else None,
            },
        )
        if actor:
            write_audit(conn, actor, "create", "comment", comment_id, None, {"status": status})
        if mail is not None and (
            mail_once_since is None or claim_confirmation_in(conn, email, mail_once_since)
        ):
            add_mail(conn, comment_id=comment_id, **mail(comment_id))
    return comment_id


_INSERTED_COLUMNS = (
    "article", "parent_id", "commenter_id", "name", "website", "body", "html", "status",
    "findings", "substance", "substance_reasons", "risk", "ip_hash", "fingerprint",
    "notify_replies", "is_author", "created_at", "updated_at", "decided_at", "decided_by",
    "reason",
)  # fmt: skip


def insert_comment(conn: Connection, row: Mapping[str, Any]) -> int:
    """Insert one comment inside the caller's transaction and return its id (for
    ``add_comment`` and the importers' ``ImportedComments.add``). ``row`` maps columns to
    values, ``findings`` and ``substance_reasons`` as lists; ``updated_at`` defaults to
    ``created_at`` and a column left out takes the table's default."""
    values = {"updated_at": row["created_at"], **row}
    for column in ("findings", "substance_reasons"):
        if column in values:
            values[column] = json.dumps(list(values[column]), ensure_ascii=False)
    for column in ("notify_replies", "is_author"):
        if column in values:
            values[column] = int(values[column])
    columns = [column for column in _INSERTED_COLUMNS if column in values]
    cursor = conn.execute(
        f"INSERT INTO comments ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        " RETURNING id",
        [values[column] for column in columns],
    )
    return cursor.fetchone()[0]


COMMENT_COLUMNS = """c.*, m.email AS email, m.confirmed_at AS email_confirmed_at,
    m.nickname AS recognised_nickname"""


def get_comment(db: Database, comment_id: int) -> Row | None:
    """One comment with its commenter's email and confirmation, or None."""
    rows = list(
        db.query(
            f"""SELECT {COMMENT_COLUMNS} FROM comments c
                LEFT JOIN commenters m ON m.id = c.commenter_id WHERE c.id = ?""",
            [comment_id],
        )
    )
    return decode_comment(rows[0]) if rows else None


def find_duplicate(db: Database, fingerprint: str, since: str) -> int | None:
    """The id of a comment with the same fingerprint created after ``since``, if any."""
    row = db.execute(
        "SELECT id FROM comments WHERE fingerprint = ? AND created_at >= ? LIMIT 1",
        [fingerprint, since],
    ).fetchone()
    return row[0] if row else None


def approved_comments(db: Database, article: str | None = None) -> list[Row]:
    """Approved comments, oldest first, for one article or all of them (no emails).

    One article's are looked up through the (article, status) index: otherwise SQLite walks every
    approved comment in date order, and the fast path's cost would grow with the site
    (PostgreSQL's planner finds the index by itself)."""
    columns = "id, article, parent_id, name, website, html, is_author, created_at"
    if article is None:
        sql = f"SELECT {columns} FROM comments WHERE status = 'approved' ORDER BY created_at, id"
        return list(db.query(sql))
    hint = db.dialect.indexed_by("idx_comments_article_status")
    return list(
        db.query(
            f"""SELECT {columns} FROM comments {hint}
                WHERE article = ? AND status = 'approved' ORDER BY created_at, id""",
            [article],
        )
    )


def latest_approved(db: Database, limit: int) -> list[Row]:
    """The ``limit`` newest approved comments on the whole site, newest first (no emails)."""
    return list(
        db.query(
            """SELECT id, article, parent_id, name, website, html, is_author, created_at
               FROM comments WHERE status = 'approved'
               ORDER BY created_at DESC, id DESC LIMIT ?""",
            [limit],
        )
    )


def comment_counts(db: Database) -> dict[str, int]:
    """Article slug -> number of approved comments."""
    return {
        row["article"]: row["n"]
        for row in db.query(
            "SELECT article, COUNT(*) AS n FROM comments WHERE status = 'approved' GROUP BY article"
        )
    }


def decide(
    db: Database,
    comment_id: int,
    status: str,
    actor: str,
    *,
    expected: tuple[str, ...] = ("pending",),
    reason: str | None = None,
    action: str = "decide",
) -> bool:
    """Set a comment's status if it is still in one of ``expected``; audited.

    Returns False when another moderator got there first (or the comment is gone): the update is a
    compare-and-swap, so of two concurrent decisions exactly one wins.
    """
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    placeholders = ", ".join("?" for _ in expected)
    with transaction(db) as conn:
        row = conn.execute(
            f"SELECT status FROM comments WHERE id = ? AND status IN ({placeholders})",
            [comment_id, *expected],
        ).fetchone()
        if row is None:
            return False
        stamp = now()
        conn.execute(
            """UPDATE comments SET status = ?, decided_at = ?, decided_by = ?, reason = ?,
                   updated_at = ? WHERE id = ?""",
            [status, stamp, actor, reason, stamp, comment_id],
        )
        write_audit(
            conn,
            actor,
            action,
            "comment",
            comment_id,
            {"status": row[0]},
            {"status": status, "reason": reason},
        )
    return True


def edit_comment(db: Database, comment_id: int, body: str, html: str, actor: str) -> bool:
    """Replace a comment's text; the original is kept in the audit log until the commenter
    erases their data (``scrub_commenter``)."""
    with transaction(db) as conn:
        row = conn.execute(
            "SELECT body, commenter_id FROM comments WHERE id = ?", [comment_id]
        ).fetchone()
        if row is None:
            return False
        conn.execute(
            "UPDATE comments SET body = ?, html = ?, updated_at = ? WHERE id = ?",
            [body, html, now(), comment_id],
        )
        write_audit(
            conn, actor, "edit", "comment", comment_id, {"body": row[0]}, {"body": body}, row[1]
        )
    return True


def delete_comment(db: Database, comment_id: int, actor: str) -> str | None:
    """Delete a comment; its replies move up to its parent. Returns the article slug or None.

    The audit entry keeps the deleted text only when a moderator deletes; a commenter's own
    deletion (``actor`` starting with ``commenter:``) keeps no text, as the privacy page promises.
    """
    with transaction(db) as conn:
        return delete_in(conn, comment_id, actor)


def delete_in(conn: Connection, comment_id: int, actor: str) -> str | None:
    """Delete one comment inside the caller's transaction (see ``delete_comment``)."""
    row = conn.execute(
        "SELECT article, parent_id, status, name, body, commenter_id FROM comments WHERE id = ?",
        [comment_id],
    ).fetchone()
    if row is None:
        return None
    article, parent_id, status, name, body, commenter_id = row
    conn.execute("UPDATE comments SET parent_id = ? WHERE parent_id = ?", [parent_id, comment_id])
    conn.execute("DELETE FROM comments WHERE id = ?", [comment_id])
    before = {"article": article, "status": status}
    if not actor.startswith("commenter:"):
        before |= {"name": name, "body": body}
    write_audit(conn, actor, "delete", "comment", comment_id, before, None, commenter_id)
    return article


def set_findings(
    db: Database, comment_id: int, findings: list[Mapping[str, Any]], risk: int
) -> bool:
    """Replace a pending comment's findings and risk (the policy looked at it again)."""
    with transaction(db) as conn:
        cursor = conn.execute(
            "UPDATE comments SET findings = ?, risk = ? WHERE id = ? AND status = 'pending'",
            [json.dumps(list(findings), ensure_ascii=False), risk, comment_id],
        )
    return cursor.rowcount == 1


def reply_count(db: Database, comment_id: int) -> int:
    """How many comments reply directly to this one (in any status)."""
    return db.execute("SELECT COUNT(*) FROM comments WHERE parent_id = ?", [comment_id]).fetchone()[
        0
    ]


def reply_subscribers(db: Database, comment_id: int) -> list[Row]:
    """The parent's commenter if they asked to hear of replies (id, email, name, article)."""
    return list(
        db.query(
            """SELECT p.id, p.name, p.article, m.email FROM comments c
               JOIN comments p ON p.id = c.parent_id
               JOIN commenters m ON m.id = p.commenter_id
               WHERE c.id = ? AND p.notify_replies = 1 AND m.confirmed_at IS NOT NULL""",
            [comment_id],
        )
    )


def decode_comment(row: Row) -> Row:
    """A comment row with its JSON columns decoded."""
    return row | {
        "findings": json.loads(row.get("findings") or "[]"),
        "substance_reasons": json.loads(row.get("substance_reasons") or "[]"),
    }
