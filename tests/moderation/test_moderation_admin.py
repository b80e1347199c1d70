"""Admin pages: policy lists, recognised nicknames, moderators, the audit log, own settings."""

from __future__ import annotations

import re

import pytest

from comments import store

# Every test here runs on SQLite and on PostgreSQL (tests/conftest.py's store_url).
pytestmark = pytest.mark.usefixtures("store_url")


def text(response) -> str:
    return response.get_data(as_text=True)


def post(auth, client, path, data):
    return client.post(
        path, data={"csrf_token": auth.csrf_token(client), **data}, follow_redirects=True
    )


def audit(app, **filters):
    with app.app_context():
        return store.audit_entries(store.get_db(), limit=500, **filters)


@pytest.fixture
def admin(auth):
    auth.create("yllapitaja", "admin")
    auth.login("yllapitaja")
    return auth


# --- policy lists --------------------------------------------------------------------------------


def test_list_entries_are_added_shown_removed_and_audited(app, client, admin):
    added = post(
        admin,
        client,
        "/moderointi/estolistat/lisaa",
        {"kind": "block_domain", "value": "@Roska.FI"},
    )
    assert "Lisätty listaan estetyt verkkotunnukset: roska.fi" in text(added)
    again = post(
        admin, client, "/moderointi/estolistat/lisaa", {"kind": "block_domain", "value": "roska.fi"}
    )
    assert "roska.fi oli jo listalla" in text(again)
    post(admin, client, "/moderointi/estolistat/lisaa", {"kind": "block_word", "value": "Kirosana"})
    page = text(client.get("/moderointi/estolistat"))
    assert "roska.fi" in page and "kirosana" in page
    with app.app_context():
        lists = store.policy_lists(store.get_db())
    assert lists["block_domain"] == {"roska.fi"} and lists["block_word"] == {"kirosana"}
    removed = post(
        admin, client, "/moderointi/estolistat/poista", {"kind": "block_word", "value": "kirosana"}
    )
    assert "Poistettu listalta estetyt sanat: kirosana" in text(removed)
    [add_entry, *_] = audit(app, action="list_add")
    assert add_entry["actor"] == "yllapitaja"
    [remove_entry] = audit(app, action="list_remove")
    assert remove_entry["before"] == {"value": "kirosana"} and remove_entry["after"] is None


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("block_email", "ei-osoite", "Anna kokonainen sähköpostiosoite"),
        ("allow_domain", "ei verkkotunnus", "Anna verkkotunnus ilman @-merkkiä"),
        ("block_word", "x", "Estettävän sanan on oltava 2–60 merkkiä."),
        ("drop_table", "x", "Valitse lista."),
    ],
)
def test_list_values_are_checked(app, client, admin, kind, value, message):
    response = post(admin, client, "/moderointi/estolistat/lisaa", {"kind": kind, "value": value})
    assert message in text(response)
    with app.app_context():
        assert store.list_entries(store.get_db()) == []


def test_list_and_nickname_changes_reach_the_next_policy_context(app, client, admin):
    from comments.policy.context import build_policy_context

    def context_now():
        db = store.get_db()
        return build_policy_context(
            store.policy_lists(db), store.recognised_nicknames(db), app.config
        )

    for kind, value in (
        ("block_email", "hiirulainen@example.fi"),
        ("allow_domain", "yritys.fi"),
        ("block_word", "huijaus"),
    ):
        post(admin, client, "/moderointi/estolistat/lisaa", {"kind": kind, "value": value})
    post(
        admin,
        client,
        "/moderointi/nimimerkit",
        {"email": "Kettu@Example.fi", "nickname": "Punainen Kettu"},
    )
    with app.app_context():
        context = context_now()
    assert "hiirulainen@example.fi" in context.blocked_emails
    assert "yritys.fi" in context.allowed_domains
    assert "huijaus" in context.blocked_words
    assert context.recognised_nicknames["kettu@example.fi"] == "punainen kettu"
    post(admin, client, "/moderointi/estolistat/poista", {"kind": "block_word", "value": "huijaus"})
    with app.app_context():
        assert "huijaus" not in context_now().blocked_words


# --- nicknames -----------------------------------------------------------------------------------


def test_recognising_a_nickname_updates_the_findings_of_waiting_comments(
    app, client, admin, article_slugs
):
    from comment_fixtures import payload

    for name, email in (("Kettu82", "kettu@example.fi"), ("Ilves77", "ilves@example.fi")):
        sent = client.post(
            "/api/comments", json=payload(app, article_slugs[0], name=name, email=email)
        )
        assert sent.status_code == 201, sent.get_json()
    with app.app_context():
        db = store.get_db()
        [fox] = store.comments_by_email(db, "kettu@example.fi")
        store.confirm_email(db, "kettu@example.fi")
    assert [f["code"] for f in fox["findings"]] == ["identity.nickname"] and fox["risk"] > 0
    assert "Nimimerkki <code>identity.nickname</code>" in text(client.get("/moderointi/"))

    done = post(
        admin,
        client,
        "/moderointi/nimimerkit",
        {"email": "kettu@example.fi", "nickname": "Kettu82"},
    )
    assert "Päivitettiin 1 odottavan kommentin havainnot." in text(done)
    with app.app_context():
        db = store.get_db()
        [fox] = store.comments_by_email(db, "kettu@example.fi")
        [lynx] = store.comments_by_email(db, "ilves@example.fi")
    assert (fox["findings"], fox["risk"]) == ([], 0)
    assert [f["code"] for f in lynx["findings"]] == ["identity.nickname"]  # someone else's
    queue = text(client.get("/moderointi/"))
    assert f'id="kommentti-{fox["id"]}"' in queue and "identity.nickname" not in queue

    post(admin, client, "/moderointi/nimimerkit/poista", {"email": "kettu@example.fi"})
    with app.app_context():
        [fox] = store.comments_by_email(store.get_db(), "kettu@example.fi")
    assert [f["code"] for f in fox["findings"]] == ["identity.nickname"]


def test_nicknames_are_recognised_and_withdrawn(app, client, admin):
    response = post(
        admin, client, "/moderointi/nimimerkit", {"email": "kettu@example.fi", "nickname": "Kettu"}
    )
    assert "Nimimerkki Kettu tunnistettu osoitteelle kettu@example.fi." in text(response)
    assert "Kettu" in text(client.get("/moderointi/nimimerkit"))
    bad = post(admin, client, "/moderointi/nimimerkit", {"email": "kettu", "nickname": "Kettu"})
    assert "Tarkista sähköpostiosoite." in text(bad)
    url = post(
        admin,
        client,
        "/moderointi/nimimerkit",
        {"email": "x@example.fi", "nickname": "https://mainos.example"},
    )
    assert "eikä se saa olla osoite" in text(url)
    removed = post(admin, client, "/moderointi/nimimerkit/poista", {"email": "kettu@example.fi"})
    assert "Nimimerkin tunnistus poistettu" in text(removed)
    with app.app_context():
        assert store.recognised_nicknames(store.get_db()) == {}
    entries = audit(app, action="nickname")
    assert [e["after"] for e in entries] == [{"nickname": None}, {"nickname": "Kettu"}]


# --- moderators ----------------------------------------------------------------------------------


def test_add_moderator_shows_the_password_once_and_it_works(app, client, admin):
    response = post(
        admin,
        client,
        "/moderointi/moderaattorit/lisaa",
        {"username": "uusi", "role": "moderator", "email": "uusi@example.fi"},
    )
    page = text(response)
    password = re.search(r'<code class="secret">([^<]+)</code>', page).group(1)
    assert "Salasana näytetään vain tämän kerran." in page
    assert password not in text(client.get("/moderointi/moderaattorit"))
    fresh = app.test_client()
    assert admin.login("uusi", password, client=fresh).status_code == 302
    assert fresh.get("/moderointi/moderaattorit").status_code == 403
    duplicate = post(
        admin, client, "/moderointi/moderaattorit/lisaa", {"username": "uusi", "role": "admin"}
    )
    assert "Käyttäjätunnus uusi on jo käytössä." in text(duplicate)
    invalid = post(
        admin, client, "/moderointi/moderaattorit/lisaa", {"username": "A B", "role": "admin"}
    )
    assert "Käyttäjätunnuksessa saa olla" in text(invalid)


def test_roles_change_and_the_last_admin_stays(app, client, admin, auth):
    other = auth.create("toinen", "moderator")
    me = store.get_moderator(store.connect(app.config["DATABASE"]), "yllapitaja")["id"]
    demote_self = post(
        admin, client, f"/moderointi/moderaattorit/{me}/rooli", {"role": "moderator"}
    )
    assert "Viimeiseltä ylläpitäjältä ei voi poistaa ylläpito-oikeutta." in text(demote_self)
    promoted = post(admin, client, f"/moderointi/moderaattorit/{other}/rooli", {"role": "admin"})
    assert "toinen: rooli nyt ylläpitäjä." in text(promoted)
    demoted = post(admin, client, f"/moderointi/moderaattorit/{me}/rooli", {"role": "moderator"})
    assert "yllapitaja: rooli nyt moderaattori." in text(demoted)
    # The role is read on every request: the demoted admin loses the admin pages at once.
    assert client.get("/moderointi/moderaattorit").status_code == 403
    with app.app_context():
        [entry, *_] = store.audit_entries(store.get_db(), action="update_moderator")
    assert entry["before"] == {"role": "admin"} and entry["after"] == {"role": "moderator"}


def test_cannot_remove_oneself_but_can_remove_others(app, client, admin, auth):
    other = auth.create("poistettava", "moderator")
    with app.app_context():
        me = store.get_moderator(store.get_db(), "yllapitaja")["id"]
    refused = post(admin, client, f"/moderointi/moderaattorit/{me}/poista", {})
    assert "Et voi poistaa omaa tunnustasi." in text(refused)
    removed = post(admin, client, f"/moderointi/moderaattorit/{other}/poista", {})
    assert "Moderaattori poistettava poistettu." in text(removed)
    with app.app_context():
        assert store.get_moderator(store.get_db(), "poistettava") is None
    missing = client.post(
        "/moderointi/moderaattorit/99999/poista", data={"csrf_token": admin.csrf_token(client)}
    )
    assert missing.status_code == 404


# --- own settings --------------------------------------------------------------------------------


def test_each_moderator_sets_their_own_notifications(app, client, auth):
    auth.create("moderaattori", "moderator")
    auth.login("moderaattori")
    saved = post(
        auth,
        client,
        "/moderointi/asetukset",
        {"notify": "digest", "email": "Maija@Example.fi", "display_name": "Maija M."},
    )
    assert "Asetukset tallennettu." in text(saved)
    with app.app_context():
        row = store.get_moderator(store.get_db(), "moderaattori")
    assert (row["notify"], row["email"], row["display_name"]) == (
        "digest",
        "maija@example.fi",
        "Maija M.",
    )
    no_email = post(auth, client, "/moderointi/asetukset", {"notify": "immediate", "email": ""})
    assert "Ilmoitukset tarvitsevat sähköpostiosoitteen." in text(no_email)
    bogus = post(auth, client, "/moderointi/asetukset", {"notify": "hourly", "email": ""})
    assert "Valitse, miten haluat ilmoitukset." in text(bogus)
    with app.app_context():
        assert store.get_moderator(store.get_db(), "moderaattori")["notify"] == "digest"


# --- audit page ----------------------------------------------------------------------------------


def test_audit_page_shows_who_when_what_before_after_and_pages(app, client, auth):
    auth.create("moderaattori", "moderator")
    with app.app_context():
        db = store.get_db()
        comment_id = store.add_comment(
            db, article="a", name="N", body="b", html="<p>b</p>", status="pending", email="n@e.fi"
        )
        store.decide(db, comment_id, "rejected", "moderaattori", reason="Ei aiheessa.")
        for n in range(60):
            store.audit(db, "järjestelmä", "login", "moderator", f"tunnus{n}")
    auth.login("moderaattori")
    first = text(client.get("/moderointi/tarkastusloki"))
    assert "Kirjautuminen" in first and "Vanhemmat" in first and "Uudemmat" not in first
    assert first.count("<tr>") == 51  # header + 50 entries
    second = text(client.get("/moderointi/tarkastusloki?sivu=2"))
    assert "Päätös" in second and f"kommentti #{comment_id}" in second
    # Finnish words, not the stored keys (issue #13).
    assert "tila: odottaa päätöstä" in second and "tila: hylätty; perustelu: Ei aiheessa." in second
    assert "status:" not in second
    assert re.search(r"\d{1,2}\. [a-zäö]+kuuta \d{4} klo", second)
    assert "Uudemmat" in second


def test_audit_log_names_actors_targets_and_changes_in_finnish(app, client, admin):
    from comment_fixtures import add_comment

    own = add_comment(app, "Oma kommentti.", article="a", name="N", email="oma@example.fi")
    with app.app_context():
        db = store.get_db()
        store.delete_commenter(db, "oma@example.fi")
        store.set_nickname(db, "kettu@example.fi", "Kettu", "yllapitaja")
        store.add_list_entry(db, "block_word", "roskasana", "yllapitaja")
        moderator_id = store.add_moderator(db, "uusi", "x", "moderator", actor="cli")
        store.update_moderator(db, moderator_id, "yllapitaja", role="admin", notify="none")
    page = text(client.get("/moderointi/tarkastusloki"))
    assert f"kommentoija itse (kommentti #{own})" in page and "commenter:" not in page
    assert "kommentoija kettu@example.fi" in page and "nimimerkki: Kettu" in page
    assert "estetyt sanat roskasana" in page and "arvo: roskasana" in page
    assert "komentorivi" in page and "moderaattori uusi" in page
    assert (
        "rooli: Moderaattori" in page and "rooli: Ylläpitäjä; ilmoitukset: Ei sähköposteja" in page
    )
    for raw in ("status:", "role:", "notify:", "block_word", ">cli<"):
        assert raw not in page, raw


# --- teaching the policy, end to end through POST /api/comments ---------------------------------

BODY = "Kiinnostava näkökulma, koska meillä palautteen käsittely jäi juuri kesken viime vuonna."


def submit(app, client, slug, name, email, body, **extra):
    import time

    from comments import tokens

    with app.app_context():
        token = tokens.form_token(time.time() - 60)
    return client.post(
        "/api/comments",
        json={"name": name, "email": email, "body": body, "article": slug, "form_token": token}
        | extra,
    )


def latest_codes(app, email) -> list[str]:
    with app.app_context():
        rows = store.comments_by_email(store.get_db(), email)
    return [finding["code"] for finding in rows[-1]["findings"]]


def test_list_changes_take_effect_on_the_next_submission(app, client, admin, article_slugs):
    reader = app.test_client()
    slug = article_slugs[0]
    email = "ville.korhonen@esimerkki.fi"
    assert submit(app, reader, slug, "Ville Korhonen", email, BODY).status_code == 201

    path = "/moderointi/estolistat/lisaa"
    post(admin, client, path, {"kind": "block_email", "value": email})
    blocked = submit(app, reader, slug, "Ville Korhonen", email, BODY + " Toinen.")
    assert blocked.status_code == 422
    refusal = blocked.get_json()["errors"]["email"]
    assert "Tällä sähköpostiosoitteella ei voi kommentoida." in refusal

    post(admin, client, "/moderointi/estolistat/poista", {"kind": "block_email", "value": email})
    assert submit(app, reader, slug, "Ville Korhonen", email, BODY + " Kolmas.").status_code == 201

    post(admin, client, path, {"kind": "block_domain", "value": "roska.fi"})
    domain = submit(app, reader, slug, "Ville Korhonen", "ville@roska.fi", BODY)
    assert domain.status_code == 422 and "roska.fi" in domain.get_json()["errors"]["email"]

    post(admin, client, path, {"kind": "block_word", "value": "huijaus"})
    worded = BODY + " Koko juttu on huijausta."
    review = submit(app, reader, slug, "Ville Korhonen", email, worded).get_json()["review"]
    assert [p["text"] for p in review["excerpts"][0]["parts"] if p["mark"]] == ["huijausta"]
    sent = submit(app, reader, slug, "Ville Korhonen", email, worded, send_anyway=True)
    assert sent.status_code == 201
    assert "civility.blocked" in latest_codes(app, email)


def test_recognised_nickname_takes_effect_on_the_next_submission(app, client, admin, article_slugs):
    reader = app.test_client()
    slug = article_slugs[0]
    email = "kettu@esimerkki.fi"
    assert submit(app, reader, slug, "Kettu", email, BODY).status_code == 201
    assert "identity.nickname" in latest_codes(app, email)
    post(admin, client, "/moderointi/nimimerkit", {"email": email, "nickname": "Kettu"})
    assert submit(app, reader, slug, "Kettu", email, BODY + " Lisäys.").status_code == 201
    assert "identity.nickname" not in latest_codes(app, email)


def test_audit_page_filters_by_action_and_actor(app, client, auth):
    auth.create("moderaattori", "moderator")
    with app.app_context():
        db = store.get_db()
        for n in range(3):
            store.add_list_entry(db, "block_word", f"sana{n}", "yllapitaja")
        store.audit(db, "toinen", "login", "moderator", "toinen")
    auth.login("moderaattori")
    lists_only = text(client.get("/moderointi/tarkastusloki?toiminto=list_add"))
    assert lists_only.count("Listaan lisätty</td>") == 3
    assert "Kirjautuminen</td>" not in lists_only
    by_actor = text(client.get("/moderointi/tarkastusloki?kuka=toinen"))
    assert by_actor.count("<td>toinen</td>") == 1 and "Listaan lisätty</td>" not in by_actor
    unknown = client.get("/moderointi/tarkastusloki?toiminto=drop")
    assert unknown.status_code == 200 and "Listaan lisätty</td>" in text(unknown)
