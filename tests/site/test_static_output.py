"""The static output never holds a commenter's email address or a comment that is not approved.

The test makes its own comments in every state through the API and the moderator's forms, then
publishes through both paths (the fast path on each decision, then a full Pelican build) and
searches every file of the output. It depends on no other test.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from comments import PROJECT_ROOT, passwords, store, tokens
from comments.site.publish import build_site

ARTICLE = "asiakaspalvelun-kanavat"
MODERATOR = ("tulostemoderaattori", "tulosteen-salasana-77")
EMAIL_PATTERN = re.compile(
    r"[A-Za-z0-9._%+-]+(?:@|%40|&#64;|&#x40;)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
SENTENCE = (
    "Kanavien yhdistäminen auttoi meitä, koska asiakas ei joutunut kertomaan asiaansa kahdesti."
)


@pytest.fixture
def publishing_app(make_app):
    app = make_app(
        SECRET_KEY="static-output-secret",
        SITE_URL="http://localhost",
        PUBLISH_FULL_BUILD=False,
        RATELIMIT_ENABLED=False,
        FORM_MIN_SECONDS=0,
    )
    with app.app_context():
        store.add_moderator(
            store.get_db(), MODERATOR[0], passwords.hash_password(MODERATOR[1]), "moderator"
        )
    return app


def test_no_email_and_no_unapproved_comment_reaches_the_output(publishing_app):
    app = publishing_app
    client = app.test_client()
    with app.app_context():
        token = tokens.form_token(time.time() - 10)

    def submit(marker: str, email: str, parent: int | str = "", **extra) -> None:
        response = client.post(
            "/api/comments",
            json={
                "name": "Kaisa Nieminen",
                "email": email,
                "body": f"{SENTENCE} Tunniste {marker}.",
                "article": ARTICLE,
                "parent": parent,
                "form_token": token,
                "notify_replies": True,
            }
            | extra,
        )
        assert response.status_code == 201, response.data

    states = {
        "approved": "julkaistumerkki",
        "reply": "vastausmerkki",
        "pending": "odottavamerkki",
        "unconfirmed": "vahvistamatonmerkki",
        "rejected": "hylattymerkki",
        "spam": "roskamerkki",
        "honeypot": "hunajapurkkimerkki",
        "deleted": "poistettumerkki",
    }
    emails = {state: f"{state}.kommentoija@lukijat-vastine.fi" for state in states}
    for state, marker in states.items():
        if state != "reply":
            honeypot = {"homepage": "https://roska.example/"} if state == "honeypot" else {}
            submit(marker, emails[state], **honeypot)
    with app.app_context():
        db = store.get_db()
        ids = {
            state: store.comments_by_email(db, emails[state])[0]["id"]
            for state in states
            if state != "reply"
        }
        for state in states:
            if state not in ("unconfirmed", "reply"):
                assert store.confirm_email(db, emails[state])
    csrf = _log_in(client)
    for state, action in (
        ("approved", "approve"),
        ("rejected", "reject"),
        ("spam", "spam"),
        ("deleted", "approve"),
    ):
        _decide(client, csrf, ids[state], action)
    submit(states["reply"], emails["reply"], parent=ids["approved"])
    with app.app_context():
        db = store.get_db()
        ids["reply"] = store.comments_by_email(db, emails["reply"])[0]["id"]
        assert store.confirm_email(db, emails["reply"])
    _decide(client, csrf, ids["reply"], "approve")
    response = client.post(
        f"/moderointi/kommentti/{ids['deleted']}/poista",
        data={"csrf_token": csrf, "vahvistus": "kylla"},
    )
    assert response.status_code == 302

    with app.app_context():
        statuses = {state: _status(ids[state]) for state in states}
    assert statuses == {
        "approved": "approved",
        "reply": "approved",
        "pending": "pending",
        "unconfirmed": "pending",
        "rejected": "rejected",
        "spam": "spam",
        "honeypot": "spam",
        "deleted": None,
    }
    published = {states["approved"], states["reply"]}
    hidden = set(states.values()) - published
    output = Path(app.config["SITE_OUTPUT"])

    assert_output_clean(output, emails.values(), published, hidden)  # after the fast path
    build_site(app.config)
    assert_output_clean(output, emails.values(), published, hidden)  # after a full build


def test_the_shared_build_holds_no_email_but_the_sites_own(built_site):
    assert_output_clean(built_site, [], set(), set())


def assert_output_clean(output: Path, emails, published: set[str], hidden: set[str]) -> None:
    """No commenter email and no hidden marker in any file; every published marker on the
    article page; only addresses the authors themselves wrote into the content."""
    allowed = authors_addresses()
    found_published: set[str] = set()
    files = [path for path in output.rglob("*") if path.is_file()]
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        lowered = text.lower()
        for email in emails:
            for form in (email, email.replace("@", "%40"), email.replace("@", "&#64;")):
                assert form not in lowered, (path, email)
        for marker in hidden:
            assert marker not in lowered, (path, marker)
        found_published |= {marker for marker in published if marker in lowered}
        strangers = {m.group(0).lower() for m in EMAIL_PATTERN.finditer(text)} - allowed
        assert not strangers, (path, strangers)
    assert found_published == published
    page = (output / ARTICLE / "index.html").read_text(encoding="utf-8")
    assert all(marker in page for marker in published)


def authors_addresses() -> set[str]:
    """Addresses written into the site's own content and settings (e.g. the privacy contact)."""
    sources = [*(PROJECT_ROOT / "content").rglob("*.md"), PROJECT_ROOT / "pelicanconf.py"]
    return {
        match.group(0).lower()
        for source in sources
        for match in EMAIL_PATTERN.finditer(source.read_text(encoding="utf-8"))
    }


def _status(comment_id: int) -> str | None:
    comment = store.get_comment(store.get_db(), comment_id)
    return comment["status"] if comment else None


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def _log_in(client) -> str:
    page = client.get("/moderointi/kirjaudu").get_data(as_text=True)
    response = client.post(
        "/moderointi/kirjaudu",
        data={"username": MODERATOR[0], "password": MODERATOR[1], "csrf_token": _csrf(page)},
    )
    assert response.status_code == 302
    return _csrf(client.get("/moderointi/").get_data(as_text=True))


def _decide(client, csrf: str, comment_id: int, action: str) -> None:
    response = client.post(
        f"/moderointi/kommentti/{comment_id}/paatos",
        data={"action": action, "csrf_token": csrf},
    )
    assert response.status_code == 302
