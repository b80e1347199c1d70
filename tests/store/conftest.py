"""The store's tests run on both engines: ``db`` is a migrated, empty store, a SQLite file and
then a database on the session's PostgreSQL server (``store_url`` in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from comments import store


@pytest.fixture
def db(store_url) -> Iterator[store.Database]:
    database = store.connect(store_url)
    store.migrate(database)
    yield database
    database.close()
