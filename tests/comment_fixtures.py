"""What tests put in the store or send to the service, written once: a comment in a given state
with its commenter, a confirmed commenter with decided comments, and a valid submission."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from comments import store, tokens
from comments.mail.sender import flush_mail
from comments.policy import Submission, evaluate
from comments.render import render_comment

# Every table of a migrated store
STORE_TABLES = [
    "audit_log",
    "commenters",
    "comments",
    "import_sources",
    "mail_outbox",
    "moderators",
    "policy_lists",
    "publish_journal",
    "rate_limits",
]

GOOD = {
    "name": "Aino Lehtinen",
    "email": "aino.lehtinen@esimerkki.fi",
    "website": "",
    "body": "Hyvä kirjoitus. Meillä asiakaspolun kartoitus muutti palvelun, koska näimme "
    "asiakkaan umpikujat omin silmin.",
    "notify_replies": False,
}


@contextmanager
def open_store(target: Any) -> Iterator[Any]:
    """The store of ``target``: an open database, a Flask app, or a DATABASE (path or URL)."""
    if isinstance(target, store.Database):
        yield target
        return
    database = target.config["DATABASE"] if hasattr(target, "config") else target
    db = store.connect(database)
    try:
        store.migrate(db)
        yield db
    finally:
        db.close()


def add_comment(
    target: Any, body: str, *, status: str = "pending", confirmed: bool = False, **fields: Any
) -> int:
    """A comment in ``status`` with its commenter (``email``), straight into the store; its
    HTML from the one renderer unless ``html`` is given; ``confirmed`` confirms the email."""
    fields.setdefault("html", render_comment(body))
    with open_store(target) as db:
        comment_id = store.add_comment(db, body=body, status=status, **fields)
        if confirmed and fields.get("email"):
            store.confirm_email(db, fields["email"])
    return comment_id


def commenter_with_history(
    target: Any, *statuses: str, name: str, email: str, article: str, confirmed: bool = True
) -> None:
    """A commenter who sent comments before, each decided as in ``statuses`` by a moderator,
    and (``confirmed``) has proven the address."""
    with open_store(target) as db:
        for number, status in enumerate(statuses, start=1):
            body = f"Aiempi kommentti numero {number}."
            comment_id = add_comment(db, body, article=article, name=name, email=email)
            assert store.decide(db, comment_id, status, "moderaattori")
        if confirmed:
            assert store.confirm_email(db, email)


def token(app, age: float = 60.0) -> str:
    """A form token handed out ``age`` seconds ago."""
    with app.app_context():
        return tokens.form_token(time.time() - age)


def payload(app, slug: str, **changes) -> dict:
    """The fields of a good submission to ``slug`` with a valid form token, ``changes`` applied."""
    return GOOD | {"article": slug, "form_token": token(app)} | changes


def sent_mail(app) -> list:
    """Every mail the SMTP server got, once this process has sent all it queued."""
    assert flush_mail(timeout=10)
    return app.mail_server.messages


def mild_insults(text: str) -> list[str]:
    """Messages of the mild insult findings the policy makes for a comment `text`."""
    result = evaluate(Submission("Aino Virtanen", "aino@example.fi", text))
    return [
        f.message for f in result.findings if f.code == "civility.insult" and f.severity == "mild"
    ]
