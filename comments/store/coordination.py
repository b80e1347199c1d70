"""What several service hosts on one PostgreSQL store coordinate through it: named locks
(advisory locks, held on a connection of their own) and the build journal (rows), used by
comments/site/publish.py in place of the flock files and journal file that serve one host.

A lock held by a process that dies is released with its connection, as a flock is with its
file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from comments.store.connection import Database, reading, transaction

# The first key of every named lock, so they never meet the store's write lock
_NAMED_LOCKS = 0x5650


@contextmanager
def named_lock(database: str, name: str) -> Iterator[None]:
    """Hold the PostgreSQL advisory lock called ``name`` while the block runs, waiting for any
    other holder on any host to let go."""
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big", signed=True)
    with reading(database) as db:
        db.execute("SELECT pg_advisory_lock(?, ?)", [_NAMED_LOCKS, key])
        try:
            yield
        finally:
            db.execute("SELECT pg_advisory_unlock(?, ?)", [_NAMED_LOCKS, key])


def open_journal(db: Database, site: str) -> None:
    """Start ``site``'s build journal (forgetting any earlier one's entries)."""
    with transaction(db) as conn:
        conn.execute("DELETE FROM publish_journal WHERE site = ?", [site])
        conn.execute("INSERT INTO publish_journal (site, slug) VALUES (?, NULL)", [site])


def note_in_journal(db: Database, site: str, slug: str) -> bool:
    """Add ``slug`` to ``site``'s journal if a build has one open; whether it had."""
    with transaction(db) as conn:
        cursor = conn.execute(
            """INSERT INTO publish_journal (site, slug) SELECT ?, ? WHERE EXISTS
                 (SELECT 1 FROM publish_journal WHERE site = ? AND slug IS NULL)""",
            [site, slug, site],
        )
    return cursor.rowcount == 1


def journal_entries(db: Database, site: str, after: int = 0) -> tuple[set[str], int]:
    """The slugs noted in ``site``'s journal after entry ``after``, and the last entry's id."""
    rows = db.execute(
        """SELECT id, slug FROM publish_journal WHERE site = ? AND id > ? AND slug IS NOT NULL
           ORDER BY id""",
        [site, after],
    ).fetchall()
    return {slug for _, slug in rows}, max((row_id for row_id, _ in rows), default=after)


def close_journal(db: Database, site: str) -> None:
    """End ``site``'s build journal."""
    with transaction(db) as conn:
        conn.execute("DELETE FROM publish_journal WHERE site = ?", [site])
