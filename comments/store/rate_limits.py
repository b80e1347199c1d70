"""Rate-limit windows shared by every worker process (comments/rate_limit_storage.py); keys
are keyed hashes, never addresses."""

from __future__ import annotations

import time

from comments.store.connection import Database, transaction


def hit_rate_limit(db: Database, key: str, expiry: float, amount: int = 1) -> int:
    """Add ``amount`` hits to ``key``'s window, starting a new window of ``expiry`` seconds when
    it has none or its window has ended; returns the window's hits. One statement, so processes
    sharing the store never lose a hit."""
    moment = time.time()
    with transaction(db) as conn:
        (hits,) = conn.execute(
            """INSERT INTO rate_limits (key, hits, expires_at) VALUES (?, ?, ?)
               ON CONFLICT (key) DO UPDATE SET
                 hits = CASE WHEN rate_limits.expires_at <= ? THEN excluded.hits
                             ELSE rate_limits.hits + excluded.hits END,
                 expires_at = CASE WHEN rate_limits.expires_at <= ? THEN excluded.expires_at
                                   ELSE rate_limits.expires_at END
               RETURNING hits""",
            [key, amount, moment + expiry, moment, moment],
        ).fetchone()
    return hits


def rate_limit_window(db: Database, key: str) -> tuple[int, float]:
    """``key``'s hits in its current window and when the window ends (0 hits and now when it
    has no window)."""
    moment = time.time()
    row = db.execute(
        "SELECT hits, expires_at FROM rate_limits WHERE key = ? AND expires_at > ?", [key, moment]
    ).fetchone()
    return (row[0], row[1]) if row else (0, moment)


def clear_rate_limits(db: Database, key: str | None = None) -> None:
    """Forget ``key``'s window, or every window."""
    with transaction(db) as conn:
        if key is None:
            conn.execute("DELETE FROM rate_limits")
        else:
            conn.execute("DELETE FROM rate_limits WHERE key = ?", [key])
