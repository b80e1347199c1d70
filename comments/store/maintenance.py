"""Maintenance of a SQLite store: online backup, the integrity check, and emptying the
write-ahead log.

A PostgreSQL store has the server's own tools for backup and checks (``pg_dump``,
``pg_amcheck``); those two refuse it with ``SQLiteOnly`` rather than pretend.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from comments.store.connection import Database

log = logging.getLogger(__name__)


class SQLiteOnly(Exception):
    """Raised by a maintenance function given a PostgreSQL store."""


def backup(db: Database, destination: str | Path) -> None:
    """Copy the live database to ``destination`` with SQLite's online backup API."""
    _require_sqlite(db, "backup")
    target = sqlite3.connect(str(destination))
    try:
        db.conn.backup(target)
    finally:
        target.close()


def integrity_check(db: Database) -> str:
    """SQLite's ``PRAGMA integrity_check`` result ("ok" when healthy)."""
    _require_sqlite(db, "integrity_check")
    return db.execute("PRAGMA integrity_check").fetchone()[0]


def truncate_wal(db: Database) -> bool:
    """Copy the write-ahead log into the database and truncate it to nothing, so that no older
    copy of a page (e.g. of an erased comment) stays in the ``-wal`` file. False when a reader
    kept part of it in use; the next checkpoint then finishes the job.

    Nothing to do on PostgreSQL (True): its write-ahead log is the server's, recycled by the
    server; the old row versions of erased data are removed by (auto)vacuum."""
    if db.is_postgresql:
        return True
    busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        log.warning("the write-ahead log could not be truncated: a reader is using it")
    return not busy


def _require_sqlite(db: Database, what: str) -> None:
    if db.is_postgresql:
        raise SQLiteOnly(f"{what} is for SQLite stores; use PostgreSQL's own tools")
