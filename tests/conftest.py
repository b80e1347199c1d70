"""Shared fixtures: a real site build, a real SQLite file or PostgreSQL database, a real SMTP
server on 127.0.0.1.

``store_url`` is a fresh store on each engine in turn (a SQLite file, then a database on the
session's PostgreSQL server): a test, or a module with
``pytestmark = pytest.mark.usefixtures("store_url")``, that asks for it runs twice, and the
apps it makes use that store."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from postgres import PostgresServer
from service_process import MailSink

from comments import PROJECT_ROOT, create_app, store
from comments.mail.sender import flush_mail, stop_senders
from comments.site.publish import build_site


@pytest.fixture(autouse=True)
def _mail_senders_stopped() -> Iterator[None]:
    """After each test this process's senders stop: a later test whose SMTP server has a
    reused port never gets an earlier test's mails or retries."""
    yield
    stop_senders()


@pytest.fixture
def mail_server() -> Iterator[MailSink]:
    with MailSink() as server:
        yield server


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site built once by Pelican with an empty comment store."""
    root = tmp_path_factory.mktemp("site")
    config = {
        "PELICAN_SETTINGS": str(PROJECT_ROOT / "pelicanconf.py"),
        "SITE_OUTPUT": str(root / "output"),
        "DATABASE": str(root / "empty.sqlite3"),
        "SERVICE_URL": "",
    }
    build_site(config)
    return root / "output"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Debian's PostgreSQL, started once for the session on a Unix socket, stopped at the end."""
    with PostgresServer() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server) -> Iterator[str]:
    """The URL of an empty PostgreSQL database of the test's own, dropped after it."""
    url = postgres_server.new_database()
    yield url
    store.close_idle(url)
    postgres_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """An empty store's DATABASE on each engine: a SQLite file, then ``postgres_url``."""
    if request.param == "sqlite":
        return str(tmp_path / "comments.sqlite3")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def make_app(request, tmp_path, built_site, mail_server) -> Iterator[Callable[..., Flask]]:
    """Makes an app like ``app`` with some settings changed: ``make_app(SITE_URL=...)``. Every
    app a test makes shares the test's store (its SQLite file, or ``store_url`` when the test
    uses that) and its copy of the built site."""
    if "store_url" in request.fixturenames:
        database = request.getfixturevalue("store_url")
    else:
        database = str(tmp_path / "comments.sqlite3")

    def make(**overrides: Any) -> Flask:
        output = tmp_path / "output"
        if not output.exists():
            shutil.copytree(built_site, output)
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test-secret-key",
                "DATABASE": database,
                "SITE_OUTPUT": str(output),
                "SMTP_HOST": "127.0.0.1",
                "SMTP_PORT": mail_server.port,
                "MAIL_OUTBOX": str(tmp_path / "outbox"),
                "SESSION_COOKIE_SECURE": False,
                "EMAIL_CHECK_DELIVERABILITY": False,
                "PUBLISH_DEBOUNCE_SECONDS": 0.0,
            }
            | overrides
        )
        app.mail_server = mail_server
        return app

    yield make
    flush_mail()  # while this test's SMTP server still runs


@pytest.fixture
def app(make_app) -> Flask:
    """An app with its own SQLite file, its own copy of the built site and the SMTP server."""
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def article_slugs(built_site) -> list[str]:
    """Slugs of the built articles (directories with an index.html holding a comment block)."""
    from comments.site.articles import find_article

    return sorted(
        page.parent.name
        for page in built_site.glob("*/index.html")
        if find_article(built_site, page.parent.name)
    )


@pytest.fixture
def slug(article_slugs) -> str:
    """The first built article's slug."""
    return article_slugs[0]


@pytest.fixture
def db(app):
    database = store.connect(app.config["DATABASE"])
    yield database
    database.close()


class AuthActions:
    """Create moderators and log clients in through the real login form (CSRF included)."""

    PASSWORD = "hyvin-pitkä-salasana"
    _hash: str | None = None

    def __init__(self, app, client) -> None:
        self._app = app
        self._client = client

    def create(self, username: str = "moderaattori", role: str = "moderator", **fields) -> int:
        from comments import passwords, store

        if AuthActions._hash is None:
            AuthActions._hash = passwords.hash_password(self.PASSWORD)
        with self._app.app_context():
            return store.add_moderator(store.get_db(), username, AuthActions._hash, role, **fields)

    def login(self, username: str = "moderaattori", password: str | None = None, client=None):
        client = client or self._client
        token = self.csrf_token(client, "/moderointi/kirjaudu")
        return client.post(
            "/moderointi/kirjaudu",
            data={
                "username": username,
                "password": self.PASSWORD if password is None else password,
                "csrf_token": token,
            },
        )

    def logout(self, client=None):
        client = client or self._client
        token = self.csrf_token(client)
        return client.post("/moderointi/kirjaudu-ulos", data={"csrf_token": token})

    def csrf_token(self, client=None, path: str = "/moderointi/asetukset") -> str:
        """A valid CSRF token for ``client``'s session, read from a real form on ``path``."""
        import re

        page = (client or self._client).get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert match, f"no CSRF token on {path}"
        return match.group(1)


@pytest.fixture
def auth(app, client) -> AuthActions:
    return AuthActions(app, client)
