"""Moderator login, sessions, roles, CSRF and security headers on every moderator route."""

from __future__ import annotations

import re

import pytest

from comments import store
from comments.render import render_comment

# Every test here runs on SQLite and on PostgreSQL (tests/conftest.py's store_url).
pytestmark = pytest.mark.usefixtures("store_url")


def text(response) -> str:
    return response.get_data(as_text=True)


def add_comment(app, status="pending") -> int:
    with app.app_context():
        db = store.get_db()
        comment_id = store.add_comment(
            db,
            article="asiakaspolun-kartoitus",
            name="Aino Lehtinen",
            email="aino@example.fi",
            body="Hyvä huomio.",
            html=render_comment("Hyvä huomio."),
            status=status,
        )
        store.confirm_email(db, "aino@example.fi")
    return comment_id


@pytest.fixture(autouse=True)
def no_background_builds(app):
    app.config["PUBLISH_FULL_BUILD"] = False


# Every moderator route: (method, path template, least role). {comment} and {other} are filled in.
ROUTES = [
    ("GET", "/moderointi/", "moderator"),
    ("GET", "/moderointi/kommentti/{comment}", "moderator"),
    ("POST", "/moderointi/kommentti/{comment}/paatos", "moderator"),
    ("POST", "/moderointi/kommentti/{comment}/muokkaa", "moderator"),
    ("POST", "/moderointi/kommentti/{comment}/vastaa", "moderator"),
    ("POST", "/moderointi/kommentti/{comment}/poista", "moderator"),
    ("POST", "/moderointi/joukko", "moderator"),
    ("POST", "/moderointi/peru", "moderator"),
    ("GET", "/moderointi/tarkastusloki", "moderator"),
    ("GET", "/moderointi/asetukset", "moderator"),
    ("POST", "/moderointi/asetukset", "moderator"),
    ("POST", "/moderointi/asetukset/salasana", "moderator"),
    ("GET", "/moderointi/estolistat", "admin"),
    ("POST", "/moderointi/estolistat/lisaa", "admin"),
    ("POST", "/moderointi/estolistat/poista", "admin"),
    ("GET", "/moderointi/nimimerkit", "admin"),
    ("POST", "/moderointi/nimimerkit", "admin"),
    ("POST", "/moderointi/nimimerkit/poista", "admin"),
    ("GET", "/moderointi/moderaattorit", "admin"),
    ("POST", "/moderointi/moderaattorit/lisaa", "admin"),
    ("POST", "/moderointi/moderaattorit/{other}/rooli", "admin"),
    ("POST", "/moderointi/moderaattorit/{other}/istunnot", "admin"),
    ("POST", "/moderointi/moderaattorit/{other}/poista", "admin"),
]
FORM = {
    "action": "approve",
    "tila": "pending",
    "body": "Uusi teksti.",
    "ids": "1",
    "notify": "none",
    "kind": "block_word",
    "value": "roskasana",
    "email": "nimi@example.fi",
    "nickname": "Nimimerkki",
    "username": "uusi.moderaattori",
    "role": "moderator",
}


@pytest.fixture
def setup_routes(app, auth):
    auth.create("moderaattori", "moderator")
    auth.create("yllapitaja", "admin")
    other = auth.create("kolmas", "moderator")
    return {"comment": add_comment(app), "other": other}


@pytest.mark.parametrize(("method", "path", "least"), ROUTES)
def test_anonymous_is_sent_to_login(app, client, auth, setup_routes, method, path, least):
    url = path.format(**setup_routes)
    if method == "GET":
        response = client.get(url)
    else:
        token = auth.csrf_token(client, "/moderointi/kirjaudu")
        response = client.post(url, data={"csrf_token": token, **FORM})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/moderointi/kirjaudu")
    if method == "GET":
        assert "next=" in response.headers["Location"]
    with app.app_context():
        assert store.get_comment(store.get_db(), setup_routes["comment"])["status"] == "pending"


@pytest.mark.parametrize(("method", "path", "least"), ROUTES)
def test_each_role_gets_what_it_may(app, client, auth, setup_routes, method, path, least):
    for username, role in (("moderaattori", "moderator"), ("yllapitaja", "admin")):
        url = path.format(**(setup_routes | {"comment": add_comment(app)}))
        fresh = app.test_client()
        assert auth.login(username, client=fresh).status_code == 302
        if method == "GET":
            response = fresh.get(url)
        else:
            response = fresh.post(url, data={"csrf_token": auth.csrf_token(fresh), **FORM})
        if least == "admin" and role == "moderator":
            assert response.status_code == 403, (url, role)
            assert "Ei käyttöoikeutta" in text(response)
        else:
            assert response.status_code in (200, 302), (url, role, response.status_code)
            if response.status_code == 302:
                assert "/moderointi/kirjaudu" not in response.headers["Location"] or (
                    url.endswith("/salasana")
                )


@pytest.mark.parametrize(("method", "path", "least"), [r for r in ROUTES if r[0] == "POST"])
def test_missing_csrf_token_is_refused_and_changes_nothing(
    app, client, auth, setup_routes, method, path, least
):
    auth.login("yllapitaja")
    with app.app_context():
        before = len(store.audit_entries(store.get_db(), limit=1000))
    response = client.post(path.format(**setup_routes), data=FORM)
    assert response.status_code == 400
    assert "turvatunniste puuttui" in text(response)
    with app.app_context():
        db = store.get_db()
        assert len(store.audit_entries(db, limit=1000)) == before
        assert store.get_comment(db, setup_routes["comment"])["status"] == "pending"
        assert store.list_entries(db) == []


def test_bad_csrf_token_is_refused(app, client, auth, setup_routes):
    auth.login("moderaattori")
    response = client.post(
        f"/moderointi/kommentti/{setup_routes['comment']}/paatos",
        data={"csrf_token": "väärennetty", **FORM},
    )
    assert response.status_code == 400
    with app.app_context():
        assert store.get_comment(store.get_db(), setup_routes["comment"])["status"] == "pending"


def test_login_form_needs_csrf_too(client, auth):
    auth.create()
    response = client.post(
        "/moderointi/kirjaudu", data={"username": "moderaattori", "password": auth.PASSWORD}
    )
    assert response.status_code == 400
    assert client.get("/moderointi/").status_code == 302


# --- login and sessions --------------------------------------------------------------------------


def test_login_and_logout(client, auth):
    auth.create("moderaattori", display_name="Maija")
    response = auth.login()
    assert response.status_code == 302 and response.headers["Location"] == "/moderointi/"
    page = client.get("/moderointi/")
    assert page.status_code == 200 and "Tervetuloa, Maija!" in text(page)
    # A GET logs nobody out (the site's catch-all answers 404 in development, else 405).
    assert client.get("/moderointi/kirjaudu-ulos").status_code in (404, 405)
    assert client.get("/moderointi/").status_code == 200
    out = auth.logout()
    assert out.status_code == 302
    assert client.get("/moderointi/").status_code == 302


def test_a_copied_cookie_stops_working_after_logout(app, client, auth):
    auth.create()
    auth.login()
    assert client.get("/moderointi/").status_code == 200
    copied = client.get_cookie("session").value
    assert auth.logout().status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", copied)
    answer = replay.get("/moderointi/")
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/moderointi/kirjaudu")
    assert auth.login(client=replay).status_code == 302  # logging in again works
    assert replay.get("/moderointi/").status_code == 200


def test_admin_ends_all_of_a_moderators_sessions(app, client, auth):
    target = auth.create("moderaattori")
    auth.create("yllapitaja", "admin")
    laptop, phone = app.test_client(), app.test_client()
    auth.login(client=laptop)
    auth.login(client=phone)
    auth.login("yllapitaja")
    page = text(client.get("/moderointi/moderaattorit"))
    assert f"/moderointi/moderaattorit/{target}/istunnot" in page
    ended = client.post(
        f"/moderointi/moderaattorit/{target}/istunnot",
        data={"csrf_token": auth.csrf_token(client)},
        follow_redirects=True,
    )
    assert "Käyttäjän moderaattori kaikki istunnot päätettiin." in text(ended)
    assert laptop.get("/moderointi/").status_code == 302
    assert phone.get("/moderointi/").status_code == 302
    assert client.get("/moderointi/").status_code == 200  # the admin's own session goes on
    with app.app_context():
        entry = store.audit_entries(store.get_db(), action="end_sessions", limit=1)[0]
    assert (entry["actor"], entry["target_id"]) == ("yllapitaja", "moderaattori")


def test_wrong_password_or_unknown_user(client, auth):
    auth.create()
    for username, password in (("moderaattori", "väärä-salasana"), ("tuntematon", "x" * 20)):
        response = auth.login(username, password)
        assert response.status_code == 401
        assert "Käyttäjätunnus tai salasana on väärin." in text(response)
        assert client.get("/moderointi/").status_code == 302


def test_session_cookie_flags(app, auth):
    auth.create()
    client = app.test_client()
    response = auth.login(client=client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # the test app serves plain http
    assert "Expires=" in cookie  # a permanent session with PERMANENT_SESSION_LIFETIME
    app.config["SESSION_COOKIE_SECURE"] = True
    secure = auth.login(client=app.test_client())
    assert "Secure" in secure.headers["Set-Cookie"]


def test_login_starts_a_fresh_session(client, auth):
    auth.create()
    with client.session_transaction() as session:
        session["planted"] = "hyökkääjän arvo"
    auth.login()
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.permanent and session["moderator_id"]


@pytest.mark.parametrize(
    ("next_page", "expected"),
    [
        ("/moderointi/kommentti/5", "/moderointi/kommentti/5"),
        ("/moderointi/?tila=spam", "/moderointi/?tila=spam"),
        ("https://evil.example/moderointi/", "/moderointi/"),
        ("//evil.example/moderointi/", "/moderointi/"),
        ("/\\evil.example/moderointi/", "/moderointi/"),
        ("/muualle/", "/moderointi/"),
        ("/moderointi/../muualle/", "/moderointi/"),
        ("javascript:alert(1)", "/moderointi/"),
    ],
)
def test_login_returns_only_to_local_moderator_pages(client, auth, next_page, expected):
    auth.create()
    token = auth.csrf_token(client, "/moderointi/kirjaudu")
    response = client.post(
        "/moderointi/kirjaudu",
        data={
            "username": "moderaattori",
            "password": auth.PASSWORD,
            "next": next_page,
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_anonymous_visit_remembers_where_to_return(client, auth):
    auth.create()
    redirect = client.get("/moderointi/tarkastusloki?sivu=2")
    assert (
        redirect.headers["Location"]
        == "/moderointi/kirjaudu?next=/moderointi/tarkastusloki?sivu%3D2"
    )
    login_page = text(client.get(redirect.headers["Location"]))
    assert 'name="next" value="/moderointi/tarkastusloki?sivu=2"' in login_page


def test_login_rate_limit_gives_a_finnish_429(app, client, auth):
    auth.create()
    limit = int(app.config["RATELIMIT_LOGIN"].split()[0])
    for _ in range(limit):
        assert auth.login(password="väärin-arvattu").status_code == 401
    blocked = auth.login()  # even the right password waits now
    assert blocked.status_code == 429
    assert "Liian monta yritystä" in text(blocked)
    assert client.get("/moderointi/").status_code == 302


def test_successful_logins_do_not_use_up_the_limit(app, auth):
    auth.create()
    limit = int(app.config["RATELIMIT_LOGIN"].split()[0])
    for _ in range(limit + 2):
        assert auth.login(client=app.test_client()).status_code == 302


def test_removed_moderator_and_changed_password_end_sessions(app, client, auth):
    moderator_id = auth.create()
    auth.login()
    other = app.test_client()
    auth.login(client=other)
    token = auth.csrf_token(client)
    changed = client.post(
        "/moderointi/asetukset/salasana",
        data={
            "csrf_token": token,
            "current_password": auth.PASSWORD,
            "new_password": "aivan-uusi-salasana",
            "new_password_again": "aivan-uusi-salasana",
        },
    )
    assert changed.headers["Location"] == "/moderointi/kirjaudu"
    assert other.get("/moderointi/").status_code == 302
    assert auth.login(password="aivan-uusi-salasana").status_code == 302
    assert client.get("/moderointi/").status_code == 200
    with app.app_context():
        store.delete_moderator(store.get_db(), moderator_id, "testi")
    assert client.get("/moderointi/").status_code == 302


def test_password_change_checks_the_old_one_and_length(app, client, auth):
    auth.create()
    auth.login()
    for data, message in (
        ({"current_password": "väärä"}, "Nykyinen salasana oli väärin."),
        ({"new_password": "lyhyt", "new_password_again": "lyhyt"}, "vähintään 12 merkkiä"),
        ({"new_password_again": "eri-salasana-kuin-yllä"}, "eivät olleet samat"),
    ):
        values = {
            "current_password": auth.PASSWORD,
            "new_password": "aivan-uusi-salasana",
            "new_password_again": "aivan-uusi-salasana",
        } | data
        response = client.post(
            "/moderointi/asetukset/salasana",
            data={"csrf_token": auth.csrf_token(client), **values},
            follow_redirects=True,
        )
        assert message in text(response)
    assert auth.login(client=app.test_client()).status_code == 302


def test_first_admin_from_run_site_can_log_in(app, client, auth, tmp_path):
    from comments.cli import _first_admin

    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    for number, author in enumerate(["Juho Rantala", "Aino Lehtinen", "Aino Lehtinen"]):
        (content / "articles" / f"a{number}.md").write_text(
            f"Title: Kirjoitus {number}\nAuthor: {author}\n\nAuthor: ei metatietoa\n",
            encoding="utf-8",
        )
    with app.app_context():
        message = _first_admin(store.get_db(), content)
        assert "Kirjaudu tunnuksella: admin" in _first_admin(store.get_db(), content)
        admin = store.get_moderator(store.get_db(), "admin")
    assert (admin["display_name"], admin["email"]) == ("Aino Lehtinen", "")
    assert "Nimi kirjoittajan vastauksissa: Aino Lehtinen" in message
    assert "kukaan ei saa ilmoitusta uusista kommenteista" in message
    password = re.search(r"salasana (\S+)", message).group(1)
    assert auth.login("admin", password).status_code == 302
    assert client.get("/moderointi/moderaattorit").status_code == 200


def test_first_admin_on_a_terminal_is_asked_for_name_and_email(app, tmp_path):
    from click.testing import CliRunner

    from comments.cli import _first_admin

    runner = CliRunner()
    typed = "\n".join(["x", "Maija Meikäläinen", "ei-osoite", "Maija@Esimerkki.fi", ""])
    with app.app_context(), runner.isolation(input=typed) as (out, _err, _):
        message = _first_admin(store.get_db(), tmp_path, interactive=True)
        admin = store.get_moderator(store.get_db(), "admin")
        asked = out.getvalue().decode()
    assert "Nimessä on oltava 2–80 merkkiä." in asked
    assert "Tarkista sähköpostiosoite" in asked
    assert (admin["display_name"], admin["email"]) == ("Maija Meikäläinen", "maija@esimerkki.fi")
    assert "Ilmoitukset uusista kommenteista: maija@esimerkki.fi" in message


def test_create_moderator_command_then_login(app, runner, auth):
    password = "komentorivin-salasana"
    args = ["create-moderator", "paavo", "--role", "moderator", "--password", password]
    with app.app_context():
        result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert auth.login("paavo", password).status_code == 302
    assert auth.login("paavo", "väärä-salasana-123", client=app.test_client()).status_code == 401


# --- headers and static files --------------------------------------------------------------------


def test_security_headers_on_every_moderator_page(app, client, auth, setup_routes):
    pages = [client.get("/moderointi/kirjaudu"), client.get("/moderointi/")]
    auth.login("yllapitaja")
    pages += [
        client.get(path.format(**setup_routes)) for method, path, _ in ROUTES if method == "GET"
    ]
    pages.append(client.get("/moderointi/kommentti/99999"))
    for response in pages:
        csp = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "object-src 'none'" in csp and "base-uri 'none'" in csp
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        html = text(response)
        # Nothing inline that the CSP would block: scripts are external, no style attributes.
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert " style=" not in html and "<style" not in html and " on" + "click=" not in html


def test_static_files_are_served(client):
    script = client.get("/moderointi/static/moderation.js")
    assert script.status_code == 200 and "javascript" in script.headers["Content-Type"]
    style = client.get("/moderointi/static/moderation.css")
    assert style.status_code == 200 and ":focus-visible" in text(style)
