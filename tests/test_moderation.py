"""The moderation queue and decisions, through the Flask test client on a real SQLite file."""

from __future__ import annotations

import pytest

from comments import store
from comments.render import render_comment


def add(app, body="Hyvä kirjoitus, kiitos. Meillä kävi samoin asiakaspalvelussa.", **fields):
    """A comment straight into the store, rendered by the one renderer."""
    values = {
        "article": "asiakaspolun-kartoitus",
        "name": "Aino Lehtinen",
        "email": "aino@example.fi",
        "status": "pending",
    } | fields
    confirmed = values.pop("confirmed", True)
    with app.app_context():
        db = store.get_db()
        comment_id = store.add_comment(db, body=body, html=render_comment(body), **values)
        if confirmed and values.get("email"):
            store.confirm_email(db, values["email"])
    return comment_id


def status_of(app, comment_id):
    with app.app_context():
        row = store.get_comment(store.get_db(), comment_id)
    return row["status"] if row else None


def post(auth, client, path, data, follow=True):
    return client.post(
        path, data={"csrf_token": auth.csrf_token(client), **data}, follow_redirects=follow
    )


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def moderator(auth):
    auth.create("moderaattori", "moderator", display_name="Maija Moderaattori")
    auth.login("moderaattori")
    return auth


def test_queue_shows_everything_needed_to_decide(app, client, moderator):
    parent = add(app, "Alkuperäinen kommentti.", name="Pekka Virtanen", email="pekka@example.fi")
    with app.app_context():
        store.decide(store.get_db(), parent, "approved", "moderaattori")
    findings = [
        {
            "code": "civility.vulgar",
            "severity": "strong",
            "message": "Alatyylinen ilmaus.",
            "field": "body",
            "spans": [{"field": "body", "start": 9, "end": 18, "text": "<script>x"}],
        }
    ]
    comment_id = add(
        app,
        "Tämä on <script>x</script> **tärkeää**.",
        parent_id=parent,
        findings=findings,
        substance=42,
        substance_reasons=["Perustelee väitteensä."],
        confirmed=False,
        email="uusi@example.fi",
    )
    page = text(client.get("/moderointi/"))
    assert f'id="kommentti-{comment_id}"' in page
    assert "Asiakaspolun" in page or "asiakaspolun-kartoitus" in page
    assert "Vastaus kommenttiin" in page and "Alkuperäinen kommentti." in page
    assert "civility.vulgar" in page and "Alatyylinen ilmaus." in page
    assert "<mark>&lt;script&gt;x</mark>" in page
    assert "<script>x" not in page
    assert "<strong>tärkeää</strong>" in page
    assert "uusi@example.fi" in page and "ei vahvistettu" in page
    assert "Perustelee väitteensä." in page and "<strong>42</strong>/100" in page
    assert "Hyväksy vahvistamatta" in page


def test_approve_publishes_and_double_approval_is_refused(app, client, moderator):
    comment_id = add(app)
    response = post(
        moderator,
        client,
        f"/moderointi/kommentti/{comment_id}/paatos",
        {"action": "approve", "tila": "pending"},
    )
    assert "Kommentti hyväksyttiin" in text(response)
    assert status_of(app, comment_id) == "approved"
    again = post(
        moderator,
        client,
        f"/moderointi/kommentti/{comment_id}/paatos",
        {"action": "approve", "tila": "pending"},
    )
    assert "Olit jo päättänyt tästä kommentista: hyväksytty." in text(again)
    with app.app_context():
        decisions = store.audit_entries(store.get_db(), action="decide")
    assert len(decisions) == 1
