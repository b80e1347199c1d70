"""Commenters: one row per email address, its confirmation and its recognised nickname."""

from __future__ import annotations

from comments.store.audit import write_audit
from comments.store.connection import Connection, Database, Row, now, transaction


def get_commenter(db: Database, email: str) -> Row | None:
    """The commenter with this (case-insensitive) email, or None."""
    rows = list(db.query("SELECT * FROM commenters WHERE email = ?", [email.strip().lower()]))
    return rows[0] if rows else None


def ensure_commenter(conn: Connection, email: str) -> int:
    """The id of the commenter with ``email``, created if new, inside the caller's transaction."""
    email = email.strip().lower()
    conn.execute(
        "INSERT INTO commenters (email, created_at) VALUES (?, ?) ON CONFLICT(email) DO NOTHING",
        [email, now()],
    )
    return conn.execute("SELECT id FROM commenters WHERE email = ?", [email]).fetchone()[0]


def confirm_email(db: Database, email: str) -> bool:
    """Mark the email confirmed; returns False when no commenter has it."""
    with transaction(db) as conn:
        cursor = conn.execute(
            "UPDATE commenters SET confirmed_at = COALESCE(confirmed_at, ?) WHERE email = ?",
            [now(), email.strip().lower()],
        )
    return cursor.rowcount == 1


def claim_confirmation_mail(db: Database, email: str, not_since: str) -> bool:
    """Whether a confirmation mail may go to ``email`` now: True (and the moment recorded) when
    none went after ``not_since``. One compare-and-set statement, so of several workers sending
    at once exactly one is told yes."""
    with transaction(db) as conn:
        return claim_confirmation_in(conn, email, not_since)


def claim_confirmation_in(conn: Connection, email: str, not_since: str) -> bool:
    """``claim_confirmation_mail`` inside the caller's transaction."""
    cursor = conn.execute(
        """UPDATE commenters SET confirmation_sent_at = ?
           WHERE email = ? AND (confirmation_sent_at IS NULL OR confirmation_sent_at < ?)""",
        [now(), email.strip().lower(), not_since],
    )
    return cursor.rowcount == 1


def recognised_nicknames(db: Database) -> dict[str, str]:
    """Email -> recognised nickname, for the policy context."""
    return {
        row["email"]: row["nickname"]
        for row in db.query("SELECT email, nickname FROM commenters WHERE nickname IS NOT NULL")
    }


def set_nickname(db: Database, email: str, nickname: str | None, actor: str) -> None:
    """Recognise ``nickname`` for ``email`` (None withdraws it); audited."""
    with transaction(db) as conn:
        commenter_id = ensure_commenter(conn, email)
        before = conn.execute(
            "SELECT nickname FROM commenters WHERE id = ?", [commenter_id]
        ).fetchone()[0]
        conn.execute("UPDATE commenters SET nickname = ? WHERE id = ?", [nickname, commenter_id])
        write_audit(
            conn,
            actor,
            "nickname",
            "commenter",
            email.strip().lower(),
            {"nickname": before},
            {"nickname": nickname},
            commenter_id,
        )
