"""Shared fixtures: a real site build, a real SQLite file, a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from service_process import MailSink

from comments import PROJECT_ROOT, create_app
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


@pytest.fixture
def make_app(tmp_path, built_site, mail_server) -> Iterator[Callable[..., Flask]]:
    """Makes an app like ``app`` with some settings changed: ``make_app(SITE_URL=...)``. Every
    app a test makes shares the test's SQLite file and its copy of the built site."""

    def make(**overrides: Any) -> Flask:
        output = tmp_path / "output"
        if not output.exists():
            shutil.copytree(built_site, output)
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test-secret-key",
                "DATABASE": str(tmp_path / "comments.sqlite3"),
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
    from comments import store

    database = store.connect(app.config["DATABASE"])
    yield database
    database.conn.close()


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
