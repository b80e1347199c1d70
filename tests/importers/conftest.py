"""The importer tests' ``site``: an app with its own store (a SQLite file, then a PostgreSQL
database: ``store_url``) and an empty content folder."""

from __future__ import annotations

import pytest
from import_site import ImportSite


@pytest.fixture
def site(store_url, app, runner, tmp_path) -> ImportSite:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    return ImportSite(app, runner, content)
