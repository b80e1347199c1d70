"""flask-limiter's counters in the comment store, shared by every worker process.

flask-limiter's memory storage keeps one count per process: behind gunicorn with four workers a
client got up to four times each limit. This storage keeps the counts in the comment store
instead, SQLite or PostgreSQL (``store.hit_rate_limit``: one atomic statement per hit), so the
limits hold as configured however many processes, on however many hosts, serve. It is the
default (``RATELIMIT_STORAGE_URI = "vastine+store://<DATABASE>"``); any URI flask-limiter knows
(``redis://...``, ``memory://``) can replace it.

Limit keys name client addresses and email addresses, which the store does not keep: only a
keyed hash of each key (HMAC with the app's secret key) is written.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from pathlib import Path

from limits.storage import Storage

from comments import store

SCHEME = "vastine+store"


def storage_uri(database: str | Path) -> str:
    """The storage URI for the store at ``database`` (a SQLite file's absolute path, or the
    PostgreSQL URL as it is)."""
    if store.is_postgresql(database):
        return f"{SCHEME}://{database}"
    return f"{SCHEME}://{Path(store.sqlite_path(database)).resolve()}"


class StoreStorage(Storage):
    """A ``limits`` storage backed by the comment store (fixed windows)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(
        self, uri: str, wrap_exceptions: bool = False, key_secret: str = "", **options
    ) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.database = uri.split("://", 1)[1]
        self._secret = key_secret.encode("utf-8")
        self._local = threading.local()

    @property
    def base_exceptions(self) -> tuple[type[Exception], ...]:
        return store.database_errors(self.database)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return store.hit_rate_limit(self._db(), self._hash(key), expiry, amount)

    def get(self, key: str) -> int:
        return store.rate_limit_window(self._db(), self._hash(key))[0]

    def get_expiry(self, key: str) -> float:
        return store.rate_limit_window(self._db(), self._hash(key))[1]

    def check(self) -> bool:
        try:
            store.rate_limit_window(self._db(), "check")
        except store.database_errors(self.database):
            return False
        return True

    def reset(self) -> None:
        store.clear_rate_limits(self._db())

    def clear(self, key: str) -> None:
        store.clear_rate_limits(self._db(), self._hash(key))

    def _hash(self, key: str) -> str:
        return hmac.new(self._secret, key.encode("utf-8"), hashlib.sha256).hexdigest()

    def _db(self) -> store.Database:
        """This thread's connection (connections are not shared between threads)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = store.connect(self.database)
        return db
