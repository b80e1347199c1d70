"""How publications of one site keep out of each other's way: the publish lock (one write of
an article page at a time), the build lock (one full build at a time) and the build journal
(the articles the fast path published while a full build ran; see publish.py).

With a SQLite store the service runs on one host, and these are files next to the output
directory: ``flock`` locks and a journal file, as they always were. With a PostgreSQL store
several hosts may write to one shared output directory, so they live in the database instead:
advisory locks and journal rows (comments/store/coordination.py), keyed by the output
directory's path.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from comments import store


class FileLocks:
    """Locks and journal in files next to ``output`` (one host)."""

    def __init__(self, output: Path) -> None:
        self._output = output
        self._journal = self._sibling("publish-journal")
        self._journal_read = 0

    def publish_lock(self):
        return _file_lock(self._sibling("publish.lock"))

    def build_lock(self):
        return _file_lock(self._sibling("build.lock"))

    def open_journal(self) -> None:
        self._journal.write_text("", encoding="utf-8")
        self._journal_read = 0

    def note(self, slug: str) -> None:
        """Add ``slug`` to the journal if a build has one open (hold the publish lock)."""
        if self._journal.exists():
            with self._journal.open("a", encoding="utf-8") as entries:
                entries.write(slug + "\n")

    def new_entries(self) -> set[str]:
        """The slugs noted since the last call (hold the publish lock)."""
        if self._journal.stat().st_size <= self._journal_read:
            return set()
        with self._journal.open("rb") as entries:
            entries.seek(self._journal_read)
            added = entries.read()
        self._journal_read += len(added)
        return set(added.decode("utf-8").split())

    def close_journal(self) -> None:
        self._journal.unlink(missing_ok=True)

    def _sibling(self, suffix: str) -> Path:
        return self._output.parent / f".{self._output.name}.{suffix}"


class DatabaseLocks:
    """Locks and journal in the PostgreSQL store (several hosts, one output directory)."""

    def __init__(self, output: Path, database: str) -> None:
        self._site = str(output)
        self._database = database
        self._journal_read = 0

    def publish_lock(self):
        return store.named_lock(self._database, f"publish:{self._site}")

    def build_lock(self):
        return store.named_lock(self._database, f"build:{self._site}")

    def open_journal(self) -> None:
        with store.reading(self._database) as db:
            store.open_journal(db, self._site)
        self._journal_read = 0

    def note(self, slug: str) -> None:
        with store.reading(self._database) as db:
            store.note_in_journal(db, self._site, slug)

    def new_entries(self) -> set[str]:
        with store.reading(self._database) as db:
            slugs, self._journal_read = store.journal_entries(db, self._site, self._journal_read)
        return slugs

    def close_journal(self) -> None:
        with store.reading(self._database) as db:
            store.close_journal(db, self._site)


def site_locks(output: Path, database: str) -> FileLocks | DatabaseLocks:
    """The locks and journal of the site built into ``output`` from the store ``database``."""
    if store.is_postgresql(database):
        return DatabaseLocks(output, database)
    return FileLocks(output)


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``path``: between processes, and between threads since each
    call opens the file anew."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
