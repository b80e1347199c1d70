"""Moderators' forms leave checking to the service: the browser's own bubbles would speak the
browser's language (often English), so every form with constraint attributes has
``novalidate``, and every form submitted empty gets the service's Finnish message."""

from __future__ import annotations

import re

import pytest
from comment_fixtures import add_comment

from comments import PROJECT_ROOT, store

CONSTRAINT = re.compile(r'\s(?:required|pattern=|minlength=|min=|max=)|type="(?:email|url|number)"')
FORM = re.compile(r"(<form\b[^>]*>)(.*?)</form>", re.S)
TEMPLATES = sorted((PROJECT_ROOT / "comments" / "templates").rglob("*.html")) + sorted(
    (PROJECT_ROOT / "theme" / "templates").rglob("*.html")
)


def constrained_forms() -> list[tuple[str, str]]:
    return [
        (path.relative_to(PROJECT_ROOT).as_posix(), form.group(1))
        for path in TEMPLATES
        for form in FORM.finditer(path.read_text(encoding="utf-8"))
        if CONSTRAINT.search(form.group(2))
    ]


def test_every_form_with_constraints_leaves_the_checking_to_the_service():
    forms = constrained_forms()
    assert len(forms) >= 10, "the template scan found too few forms to mean anything"
    assert [path for path, tag in forms if "novalidate" not in tag] == []


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("/moderointi/estolistat/lisaa", {"kind": "", "value": ""}, "Valitse lista."),
        (
            "/moderointi/estolistat/lisaa",
            {"kind": "block_word", "value": ""},
            "Estettävän sanan on oltava 2–60 merkkiä.",
        ),
        ("/moderointi/nimimerkit", {"email": "", "nickname": ""}, "Tarkista sähköpostiosoite."),
        (
            "/moderointi/moderaattorit/lisaa",
            {"username": ""},
            "Käyttäjätunnuksessa saa olla 3–40 merkkiä",
        ),
        (
            "/moderointi/asetukset/salasana",
            {"current_password": "", "new_password": "", "new_password_again": ""},
            "Nykyinen salasana oli väärin. Salasanaa ei vaihdettu.",
        ),
        ("/moderointi/kommentti/{id}/muokkaa", {"body": ""}, "Teksti ei voi olla tyhjä."),
    ],
)
def test_an_empty_form_gets_a_finnish_message_and_changes_nothing(
    app, client, auth, path, data, message
):
    auth.create("yllapitaja", "admin")
    auth.login("yllapitaja")
    comment_id = add_comment(
        app, "Hyvä kirjoitus, kiitos.", article="nps-ja-sen-rajat", name="Maija Mehiläinen"
    )
    response = client.post(
        path.format(id=comment_id),
        data={"csrf_token": auth.csrf_token(client), **data},
        follow_redirects=True,
    )
    assert message in response.get_data(as_text=True)
    with app.app_context():
        db = store.get_db()
        assert store.get_comment(db, comment_id)["body"] == "Hyvä kirjoitus, kiitos."
        assert store.policy_lists(db)["block_word"] == frozenset()
        assert [m["username"] for m in store.moderators(db)] == ["yllapitaja"]


def test_an_empty_login_gets_the_finnish_message(app, auth):
    client = app.test_client()
    token = auth.csrf_token(client, "/moderointi/kirjaudu")
    response = client.post(
        "/moderointi/kirjaudu", data={"username": "", "password": "", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "Käyttäjätunnus tai salasana on väärin." in response.get_data(as_text=True)
