"""Moderator accounts: role, email, display name, notification choice, password hash."""

from __future__ import annotations

from typing import Any

from comments.store.audit import write_audit
from comments.store.connection import Database, Row, now, transaction

MODERATOR_ROLES = ("moderator", "admin")


def add_moderator(
    db: Database,
    username: str,
    password_hash: str,
    role: str = "moderator",
    email: str = "",
    display_name: str = "",
    actor: str = "system",
) -> int:
    """Create a moderator account and return its id."""
    if role not in MODERATOR_ROLES:
        raise ValueError(f"unknown role {role!r}")
    with transaction(db) as conn:
        cursor = conn.execute(
            """INSERT INTO moderators (username, password_hash, role, email, display_name,
                   created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id""",
            [username, password_hash, role, email, display_name, now()],
        )
        (moderator_id,) = cursor.fetchone()
        write_audit(
            conn,
            actor,
            "add_moderator",
            "moderator",
            username,
            None,
            {"role": role, "email": email},
        )
    return moderator_id


def get_moderator(db: Database, username: str) -> Row | None:
    """The moderator with this username, or None."""
    rows = list(db.query("SELECT * FROM moderators WHERE username = ?", [username]))
    return rows[0] if rows else None


def get_moderator_by_id(db: Database, moderator_id: int) -> Row | None:
    """The moderator with this id, or None."""
    rows = list(db.query("SELECT * FROM moderators WHERE id = ?", [moderator_id]))
    return rows[0] if rows else None


def moderators(db: Database) -> list[Row]:
    """All moderators, by username."""
    return list(db.query("SELECT * FROM moderators ORDER BY username"))


def update_moderator(db: Database, moderator_id: int, actor: str, **changes: Any) -> bool:
    """Change a moderator's ``role``, ``email``, ``display_name``, ``notify``,
    ``password_hash`` or ``last_digest_at``; audited (without the hash)."""
    allowed = {"role", "email", "display_name", "notify", "password_hash", "last_digest_at"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)}")
    if not changes:
        return False
    with transaction(db) as conn:
        row = conn.execute(
            "SELECT username, role, email, display_name, notify FROM moderators WHERE id = ?",
            [moderator_id],
        ).fetchone()
        if row is None:
            return False
        assignments = ", ".join(f"{column} = ?" for column in changes)
        conn.execute(
            f"UPDATE moderators SET {assignments} WHERE id = ?", [*changes.values(), moderator_id]
        )
        visible = {k: v for k, v in changes.items() if k not in {"password_hash", "last_digest_at"}}
        if visible or "password_hash" in changes:
            before = dict(zip(("role", "email", "display_name", "notify"), row[1:], strict=True))
            write_audit(
                conn,
                actor,
                "update_moderator",
                "moderator",
                row[0],
                {k: before[k] for k in visible},
                visible | ({"password": "vaihdettu"} if "password_hash" in changes else {}),
            )
    return True


def end_sessions(db: Database, moderator_id: int, actor: str, action: str = "end_sessions") -> bool:
    """End every session of the moderator by raising their session generation; audited as
    ``action`` ("logout" when they log out themselves). False when there is no such moderator."""
    with transaction(db) as conn:
        row = conn.execute(
            "SELECT username FROM moderators WHERE id = ?", [moderator_id]
        ).fetchone()
        if row is None:
            return False
        conn.execute(
            "UPDATE moderators SET session_generation = session_generation + 1 WHERE id = ?",
            [moderator_id],
        )
        write_audit(conn, actor, action, "moderator", row[0], None, None)
    return True


def delete_moderator(db: Database, moderator_id: int, actor: str) -> bool:
    """Remove a moderator account; audited."""
    with transaction(db) as conn:
        row = conn.execute(
            "SELECT username, role FROM moderators WHERE id = ?", [moderator_id]
        ).fetchone()
        if row is None:
            return False
        conn.execute("DELETE FROM moderators WHERE id = ?", [moderator_id])
        write_audit(conn, actor, "delete_moderator", "moderator", row[0], {"role": row[1]}, None)
    return True
