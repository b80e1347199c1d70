"""The mail outbox: every mail a request or a decision sends is a row here until it is sent.

A row holds the ready message (recipient, subject, body, headers as JSON) and its delivery state:
``queued`` (waiting, or claimed by a sender until ``claimed_until``), ``sent`` or ``failed``
(given up after ``MAIL_GIVE_UP_HOURS``). Senders in any process or on any host take due rows with
``claim_mail``, which marks them as theirs for a lease inside one write transaction, so two
senders never take the same row while the lease lasts. The body is emptied once a mail is sent
or given up: what a reader wrote is kept only while it may still be needed for sending.

Example::

    add_mail(conn, recipient="aino@esimerkki.fi", subject="Vahvista", body="...", headers={})
    for mail in claim_mail(db, "host:123", limit=20, lease_seconds=300):
        ...  # send it, then mark_sent(db, mail["id"], "host:123") or mark_attempt_failed(...)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from comments.store.connection import Connection, Database, Row, now, transaction

# The due rows, oldest first. PostgreSQL skips rows another sender's open transaction holds
# instead of waiting for it; on SQLite the transaction's BEGIN IMMEDIATE already serialises
# claimers, so the plain subquery is enough there.
_CLAIM = """UPDATE mail_outbox SET claimed_by = ?, claimed_until = ?
    WHERE id IN (SELECT id FROM mail_outbox
                 WHERE status = 'queued' AND next_attempt_at <= ?
                   AND (claimed_until IS NULL OR claimed_until <= ?)
                 ORDER BY id LIMIT ?{lock})
    RETURNING id, comment_id, recipient, subject, body, headers, attempts, created_at"""
_SKIP_LOCKED = " FOR UPDATE SKIP LOCKED"


def add_mail(
    conn: Connection,
    *,
    recipient: str,
    subject: str,
    body: str,
    headers: Mapping[str, str],
    comment_id: int | None = None,
    created_at: str | None = None,
) -> int:
    """Queue one ready mail inside the caller's transaction (the comment it is about commits
    with it, or neither does); returns its id. ``created_at`` (tests, imports) backdates it."""
    stamp = created_at or now()
    (mail_id,) = conn.execute(
        """INSERT INTO mail_outbox (comment_id, recipient, subject, body, headers,
               next_attempt_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""",
        [comment_id, recipient, subject, body, json.dumps(dict(headers)), stamp, stamp],
    ).fetchone()
    return mail_id


def queue_mail(db: Database, **mail) -> int:
    """``add_mail`` in a transaction of its own (a notice that no other write goes with)."""
    with transaction(db) as conn:
        return add_mail(conn, **mail)


def claim_mail(db: Database, sender: str, *, limit: int, lease_seconds: float) -> list[Row]:
    """Take up to ``limit`` due mails for ``sender`` for ``lease_seconds``, oldest first; each
    row has ``headers`` decoded."""
    moment = now()
    lease_end = _after(lease_seconds)
    # The one dialect branch: PostgreSQL's row locks.
    lock = _SKIP_LOCKED if db.is_postgresql else ""
    with transaction(db) as conn:
        cursor = conn.execute(_CLAIM.format(lock=lock), [sender, lease_end, moment, moment, limit])
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]
    for row in rows:
        row["headers"] = json.loads(row["headers"])
    return sorted(rows, key=lambda row: row["id"])


def mark_sent(db: Database, mail_id: int, sender: str) -> bool:
    """Record that ``sender`` sent the mail and drop its body; False when the mail is no longer
    ``sender``'s (its lease ran out and another sender took it, or it was erased)."""
    with transaction(db) as conn:
        cursor = conn.execute(
            """UPDATE mail_outbox SET status = 'sent', body = '', attempts = attempts + 1,
                   finished_at = ?, claimed_by = NULL, claimed_until = NULL, last_error = NULL
               WHERE id = ? AND claimed_by = ? AND status = 'queued'""",
            [now(), mail_id, sender],
        )
    return cursor.rowcount == 1


def mark_attempt_failed(
    db: Database,
    mail_id: int,
    sender: str,
    error: str,
    *,
    retry_in: float | None,
) -> bool:
    """Record a failed attempt: try again in ``retry_in`` seconds, or with None give the mail up
    (``failed``, body dropped). False when the mail is no longer ``sender``'s."""
    give_up = retry_in is None
    with transaction(db) as conn:
        cursor = conn.execute(
            """UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?,
                   claimed_by = NULL, claimed_until = NULL,
                   status = CASE WHEN ? = 1 THEN 'failed' ELSE 'queued' END,
                   body = CASE WHEN ? = 1 THEN '' ELSE body END,
                   finished_at = CASE WHEN ? = 1 THEN ? ELSE NULL END,
                   next_attempt_at = ?
               WHERE id = ? AND claimed_by = ? AND status = 'queued'""",
            [
                error[:500],
                int(give_up),
                int(give_up),
                int(give_up),
                now(),
                _after(retry_in or 0.0),
                mail_id,
                sender,
            ],
        )
    return cursor.rowcount == 1


def next_mail_due(db: Database) -> str | None:
    """When the next queued mail may be taken (its next attempt, or its lease's end if a
    sender holds it); None when nothing is queued."""
    row = db.execute(
        """SELECT MIN(CASE WHEN claimed_until > next_attempt_at THEN claimed_until
                          ELSE next_attempt_at END)
           FROM mail_outbox WHERE status = 'queued'"""
    ).fetchone()
    return row[0] if row else None


def outbox_counts(db: Database) -> dict[str, int]:
    """How many mails are queued, sent and failed."""
    counts = dict.fromkeys(("queued", "sent", "failed"), 0)
    for status, count in db.execute(
        "SELECT status, COUNT(*) FROM mail_outbox GROUP BY status"
    ).fetchall():
        counts[status] = count
    return counts


def failed_mail(db: Database, limit: int = 20) -> list[Row]:
    """The mails given up, newest first: recipient, subject, attempts, last error, when."""
    return list(
        db.query(
            """SELECT id, recipient, subject, attempts, last_error, created_at, finished_at
               FROM mail_outbox WHERE status = 'failed'
               ORDER BY finished_at DESC, id DESC LIMIT ?""",
            [limit],
        )
    )


def mail_rows(db: Database) -> list[Row]:
    """Every row of the outbox, oldest first (for checks and export)."""
    rows = list(db.query("SELECT * FROM mail_outbox ORDER BY id"))
    for row in rows:
        row["headers"] = json.loads(row["headers"])
    return rows


def delete_mail_of(conn: Connection, email: str, comment_ids: list[int]) -> int:
    """Delete, inside the caller's transaction, every mail to ``email`` and every mail about
    one of ``comment_ids`` (a moderator's notice quotes the comment); returns how many."""
    deleted = conn.execute(
        "DELETE FROM mail_outbox WHERE lower(recipient) = ?", [email.strip().lower()]
    ).rowcount
    for comment_id in comment_ids:
        deleted += conn.execute(
            "DELETE FROM mail_outbox WHERE comment_id = ?", [comment_id]
        ).rowcount
    return deleted


def purge_finished_mail(conn: Connection, before: str) -> int:
    """Delete, inside the caller's transaction, sent and failed mails finished before
    ``before``; returns how many."""
    return conn.execute(
        "DELETE FROM mail_outbox WHERE status IN ('sent', 'failed') AND finished_at < ?",
        [before],
    ).rowcount


def _after(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat(timespec="microseconds")
