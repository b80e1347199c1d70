"""What the privacy page promises: a commenter's own comments, their erasure, reply
notifications switched off, and the purge of what is kept no longer."""

from __future__ import annotations

import time

from comments.store.audit import scrub_commenter
from comments.store.comments import COMMENT_COLUMNS, decode_comment, delete_in
from comments.store.connection import Database, Row, transaction
from comments.store.maintenance import truncate_wal
from comments.store.outbox import delete_mail_of, purge_finished_mail


def comments_by_email(db: Database, email: str) -> list[Row]:
    """Every comment of the commenter with this email, oldest first (for export and deletion)."""
    return [
        decode_comment(row)
        for row in db.query(
            f"""SELECT {COMMENT_COLUMNS} FROM comments c
                JOIN commenters m ON m.id = c.commenter_id
                WHERE m.email = ? ORDER BY c.created_at, c.id""",
            [email.strip().lower()],
        )
    ]


def delete_commenter(db: Database, email: str) -> list[Row]:
    """Delete all of a commenter's comments, the commenter and every mail to them or about their
    comments (queued or sent), and scrub their words from the audit log; returns the deleted
    comments' ``id``, ``article`` and ``status`` so the caller can republish the affected pages.

    Nothing of the text stays in the file either: deleted content is zeroed (``secure_delete``,
    set by ``connect``) and the write-ahead log, which still holds older copies of the pages, is
    checkpointed and truncated."""
    email = email.strip().lower()
    with transaction(db) as conn:
        commenter = conn.execute("SELECT id FROM commenters WHERE email = ?", [email]).fetchone()
        rows = conn.execute(
            """SELECT c.id, c.article, c.status FROM comments c
               JOIN commenters m ON m.id = c.commenter_id WHERE m.email = ?
               ORDER BY c.id DESC""",
            [email],
        ).fetchall()
        for comment_id, _, _ in rows:
            delete_in(conn, comment_id, f"commenter:{comment_id}")
        if commenter is not None:
            scrub_commenter(conn, commenter[0])
        conn.execute("DELETE FROM commenters WHERE email = ?", [email])
        delete_mail_of(conn, email, [row[0] for row in rows])
    truncate_wal(db)
    return [{"id": r[0], "article": r[1], "status": r[2]} for r in rows]


def unsubscribe_replies(db: Database, email: str) -> int:
    """Stop reply notifications for every comment of this email; returns how many changed."""
    with transaction(db) as conn:
        cursor = conn.execute(
            """UPDATE comments SET notify_replies = 0 WHERE notify_replies = 1 AND commenter_id =
               (SELECT id FROM commenters WHERE email = ?)""",
            [email.strip().lower()],
        )
    return cursor.rowcount


def purge_expired(
    db: Database,
    *,
    unconfirmed_before: str,
    refused_before: str,
    audit_before: str,
    mail_before: str,
) -> dict[str, int]:
    """Delete what the privacy page says is kept no longer; returns counts per kind
    (``mail``: sent and failed mails finished before ``mail_before``)."""
    with transaction(db) as conn:
        stale = conn.execute(
            """SELECT c.id FROM comments c JOIN commenters m ON m.id = c.commenter_id
               WHERE c.status = 'pending' AND m.confirmed_at IS NULL AND c.created_at < ?
                 AND NOT EXISTS (SELECT 1 FROM import_sources s WHERE s.kind = 'comment'
                                 AND s.target = CAST(c.id AS TEXT) AND s.imported_at >= ?)""",
            [unconfirmed_before, unconfirmed_before],
        ).fetchall()
        for (comment_id,) in stale:
            delete_in(conn, comment_id, "system:expiry")
        refused = conn.execute(
            """SELECT id FROM comments WHERE status IN ('rejected', 'spam')
               AND COALESCE(decided_at, created_at) < ?""",
            [refused_before],
        ).fetchall()
        for (comment_id,) in refused:
            delete_in(conn, comment_id, "system:expiry")
        audit = conn.execute("DELETE FROM audit_log WHERE at < ?", [audit_before]).rowcount
        conn.execute("DELETE FROM rate_limits WHERE expires_at <= ?", [time.time()])
        mail = purge_finished_mail(conn, mail_before)
    return {"unconfirmed": len(stale), "refused": len(refused), "audit": audit, "mail": mail}
