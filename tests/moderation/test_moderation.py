"""The moderation queue and decisions, through the Flask test client on a real SQLite file."""

from __future__ import annotations

import threading

import pytest
from comment_fixtures import add_comment

from comments import store
from comments.render import render_comment

# Every test here runs on SQLite and on PostgreSQL (tests/conftest.py's store_url).
pytestmark = pytest.mark.usefixtures("store_url")

ARTICLE = "asiakaspolun-kartoitus"


def add(app, body="Hyvä kirjoitus, kiitos. Meillä kävi samoin asiakaspalvelussa.", **fields):
    """A comment straight into the store, rendered by the one renderer."""
    fields = {"article": ARTICLE, "name": "Aino Lehtinen", "email": "aino@example.fi"} | fields
    return add_comment(app, body, confirmed=fields.pop("confirmed", True), **fields)


def get(app, comment_id):
    with app.app_context():
        return store.get_comment(store.get_db(), comment_id)


def status_of(app, comment_id):
    row = get(app, comment_id)
    return row["status"] if row else None


def audit(app, **filters):
    with app.app_context():
        return store.audit_entries(store.get_db(), limit=500, **filters)


def post(auth, client, path, data, follow=True):
    return client.post(
        path, data={"csrf_token": auth.csrf_token(client), **data}, follow_redirects=follow
    )


def decide(auth, client, comment_id, action, **data):
    return post(
        auth,
        client,
        f"/moderointi/kommentti/{comment_id}/paatos",
        {"action": action, "tila": "pending"} | data,
    )


def text(response) -> str:
    return response.get_data(as_text=True)


def article_page(app) -> str:
    from pathlib import Path

    return (Path(app.config["SITE_OUTPUT"]) / ARTICLE / "index.html").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def no_background_builds(app):
    """The fast path publishes synchronously; the debounced full build is not needed here."""
    app.config["PUBLISH_FULL_BUILD"] = False


@pytest.fixture
def moderator(auth):
    auth.create("moderaattori", "moderator", display_name="Maija Moderaattori")
    auth.login("moderaattori")
    return auth


# --- the queue -----------------------------------------------------------------------------------


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
    # The address is not confirmed, so the comment waits under its own filter (issue #13).
    page = text(client.get("/moderointi/?tila=unconfirmed"))
    assert f'id="kommentti-{comment_id}"' in page
    assert "<em>Asiakaspolun kartoitus, josta seuraa jotain</em>" in page
    assert f'href="http://127.0.0.1:8000/{ARTICLE}/"' in page
    assert "Vastaus kommenttiin" in page and "Alkuperäinen kommentti." in page
    assert "civility.vulgar" in page and "Alatyylinen ilmaus." in page
    assert "<mark>&lt;script&gt;x</mark>" in page
    assert "<script>x" not in page
    assert "<strong>tärkeää</strong>" in page
    assert "uusi@example.fi" in page and "ei vahvistettu" in page
    assert "Perustelee väitteensä." in page and "<strong>42</strong>/100" in page
    assert "Hyväksy vahvistamatta" in page
    assert "Ensimmäinen kommentti tältä osoitteelta." in page


def test_unconfirmed_comments_wait_under_their_own_filter_with_the_age(app, client, moderator):
    from datetime import UTC, datetime, timedelta

    confirmed = add(app, "Vahvistetun kommentoijan kommentti.", substance=5)
    three_hours_ago = (datetime.now(UTC) - timedelta(hours=3)).isoformat()
    waiting = add(
        app,
        "Vahvistamattoman kommentoijan kommentti.",
        substance=95,
        confirmed=False,
        email="odottaa@example.fi",
        created_at=three_hours_ago,
    )
    default = text(client.get("/moderointi/"))
    assert f'id="kommentti-{confirmed}"' in default
    assert f'id="kommentti-{waiting}"' not in default  # higher substance, still not shown here
    assert "Odottavat: 1" in default and "Odottavat osoitteen vahvistusta: 1" in default
    unconfirmed = text(client.get("/moderointi/?tila=unconfirmed"))
    assert f'id="kommentti-{waiting}"' in unconfirmed
    assert f'id="kommentti-{confirmed}"' not in unconfirmed
    assert "odottanut osoitteen vahvistusta 3 tuntia" in unconfirmed


def test_queue_article_title_falls_back_to_slug(app, client, moderator):
    add(app, article="ei-ole-olemassa")
    assert "<em>ei-ole-olemassa</em>" in text(client.get("/moderointi/"))


def test_commenter_history_counts_earlier_decisions(app, client, moderator):
    for _ in range(2):
        earlier = add(app, "Aiempi kommentti, joka hyväksyttiin.")
        with app.app_context():
            store.decide(store.get_db(), earlier, "approved", "moderaattori")
    rejected = add(app, "Aiempi kommentti, joka hylättiin.")
    with app.app_context():
        store.decide(store.get_db(), rejected, "rejected", "moderaattori")
    add(app, "Uusi kommentti.")
    page = text(client.get("/moderointi/"))
    assert "hyväksytty 2, hylätty 1, odottaa päätöstä 1" in page


def test_queue_filters_sorts_and_searches(app, client, moderator):
    low = add(app, "Lyhyt.", substance=10)
    high = add(app, "Perusteltu ja pitkä kommentti.", substance=90)
    other = add(app, "Toisen artikkelin kommentti.", article="nps-ja-sen-rajat", substance=50)
    flagged = add(
        app,
        "Osta halvalla!",
        email="myyja@example.fi",
        findings=[{"code": "ads.shop", "severity": "strong", "message": "Mainos."}],
        risk=5,
    )
    page = text(client.get("/moderointi/"))
    assert page.index(f'id="kommentti-{high}"') < page.index(f'id="kommentti-{low}"')
    risky = text(client.get("/moderointi/?jarjestys=risk"))
    assert risky.index(f'id="kommentti-{flagged}"') < risky.index(f'id="kommentti-{high}"')
    assert '<option value="nps-ja-sen-rajat">Mitä NPS ei kerro (1)</option>' in page
    by_article = text(client.get("/moderointi/?artikkeli=nps-ja-sen-rajat"))
    assert f'id="kommentti-{other}"' in by_article and f'id="kommentti-{low}"' not in by_article
    by_finding = text(client.get("/moderointi/?havainto=ads"))
    assert f'id="kommentti-{flagged}"' in by_finding and f'id="kommentti-{high}"' not in by_finding
    searched = text(client.get("/moderointi/?haku=myyja%40example"))
    assert f'id="kommentti-{flagged}"' in searched and f'id="kommentti-{low}"' not in searched
    with app.app_context():
        store.decide(store.get_db(), low, "spam", "moderaattori")
    spam = text(client.get("/moderointi/?tila=spam"))
    assert f'id="kommentti-{low}"' in spam and f'id="kommentti-{high}"' not in spam


def test_queue_pages_through_ten_thousand_pending(app, client, moderator):
    with app.app_context():
        db = store.get_db()
        commenter = store.connect(app.config["DATABASE"])
        with store.transaction(commenter) as conn:
            commenter_id = conn.execute(
                """INSERT INTO commenters (email, confirmed_at, created_at) VALUES (?, ?, ?)
                   RETURNING id""",
                ["massa@example.fi", store.now(), store.now()],
            ).fetchone()[0]
            conn.executemany(
                """INSERT INTO comments (article, commenter_id, name, body, html, status,
                       substance, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)""",
                [
                    (
                        ARTICLE,
                        commenter_id,
                        "Massa Kommentoija",
                        f"Kommentti numero {n}.",
                        f"<p>Kommentti numero {n}.</p>",
                        n % 100,
                        f"2026-01-01T00:00:{n // 1000:02d}.{n:06d}+00:00",
                        store.now(),
                    )
                    for n in range(10_000)
                ],
            )
        commenter.close()
        assert store.queue_count(db) == 10_000
    first = client.get("/moderointi/")
    assert first.status_code == 200
    assert "10000 kommenttia, sivu 1/400" in text(first)
    assert text(first).count('class="queue-item ') == 25
    last = text(client.get("/moderointi/?sivu=400"))
    assert last.count('class="queue-item ') == 25
    # Highest substance first, oldest first within it: the last page has substance 0, newest.
    assert "Kommentti numero 9900." in last
    beyond = text(client.get("/moderointi/?sivu=401"))
    assert "Tällä sivulla ei ole kommentteja (10000 kommenttia, 400 sivua)." in beyond


def test_unknown_comment_is_a_finnish_404(client, moderator):
    response = client.get("/moderointi/kommentti/999999")
    assert response.status_code == 404
    assert "Ei löytynyt" in text(response)
    token = moderator.csrf_token(client)
    for path in ("paatos", "muokkaa", "vastaa", "poista"):
        response = client.post(
            f"/moderointi/kommentti/999999/{path}",
            data={"csrf_token": token, "action": "approve", "body": "x"},
        )
        assert response.status_code == 404, path
        assert "Ei löytynyt" in text(response)


# --- single decisions ----------------------------------------------------------------------------


def test_approve_publishes_and_double_approval_is_refused(app, client, moderator):
    comment_id = add(app, "Tämä kommentti julkaistaan sivulle heti.")
    assert "Tämä kommentti julkaistaan sivulle heti." not in article_page(app)
    response = decide(moderator, client, comment_id, "approve")
    assert "Kommentti hyväksyttiin" in text(response)
    assert status_of(app, comment_id) == "approved"
    assert "Tämä kommentti julkaistaan sivulle heti." in article_page(app)
    again = decide(moderator, client, comment_id, "approve")
    assert "Olit jo päättänyt tästä kommentista: hyväksytty." in text(again)
    assert len(audit(app, action="decide")) == 1


def test_unconfirmed_email_needs_an_explicit_override(app, client, moderator):
    comment_id = add(app, confirmed=False, email="vahvistamaton@example.fi")
    refused = decide(moderator, client, comment_id, "approve")
    assert "sähköpostiosoitetta ei ole vahvistettu" in text(refused)
    assert status_of(app, comment_id) == "pending"
    assert audit(app, action="override_unconfirmed") == []
    accepted = decide(moderator, client, comment_id, "approve", override_unconfirmed="1")
    assert "Kommentti hyväksyttiin" in text(accepted)
    assert status_of(app, comment_id) == "approved"
    override = audit(app, action="override_unconfirmed")
    assert len(override) == 1
    assert override[0]["actor"] == "moderaattori" and override[0]["target_id"] == str(comment_id)


def test_a_reason_for_an_unconfirmed_address_is_kept_and_the_moderator_told_no_mail_goes(
    app, client, moderator
):
    comment_id = add(app, confirmed=False, email="ei-vahvistettu@example.fi")
    queue = text(client.get("/moderointi/?tila=unconfirmed"))
    assert "Osoitetta ei ole vahvistettu, joten perustelua ei voi lähettää kommentoijalle." in queue
    assert "jää vain kommentin tietoihin" in queue
    response = decide(moderator, client, comment_id, "reject", reason="Ei liity aiheeseen.")
    assert "Perustelu tallennettiin kommentin tietoihin, mutta sitä ei lähetetty" in text(response)
    assert get(app, comment_id)["reason"] == "Ei liity aiheeseen."
    [entry] = audit(app, action="decide")
    assert entry["after"] == {"status": "rejected", "reason": "Ei liity aiheeseen."}
    assert "perustelu: Ei liity aiheeseen." in text(
        client.get(f"/moderointi/kommentti/{comment_id}")
    )
    from comments.mail.sender import flush_mail

    assert flush_mail(timeout=10) and app.mail_server.messages == []


def test_reject_with_reason_and_spam(app, client, moderator):
    rejected = add(app)
    spam = add(app, "Osta nyt!", email="roska@example.fi")
    response = decide(moderator, client, rejected, "reject", reason="Kommentti ei liity aiheeseen.")
    assert "Kommentti hylättiin. Perustelu lähetetään kommentoijalle." in text(response)
    assert get(app, rejected)["reason"] == "Kommentti ei liity aiheeseen."
    assert "Kommentti merkittiin roskapostiksi." in text(decide(moderator, client, spam, "spam"))
    assert status_of(app, rejected) == "rejected" and status_of(app, spam) == "spam"


def test_unknown_action_changes_nothing(app, client, moderator):
    comment_id = add(app)
    response = decide(moderator, client, comment_id, "publish-everything")
    assert "Tuntematon toiminto." in text(response)
    assert status_of(app, comment_id) == "pending"


def test_a_published_comment_can_be_withdrawn(app, client, moderator):
    comment_id = add(app, "Julkaistu ja sitten peruttu kommentti.")
    decide(moderator, client, comment_id, "approve")
    assert "Julkaistu ja sitten peruttu kommentti." in article_page(app)
    response = decide(moderator, client, comment_id, "reject", tila="approved")
    assert "Kommentti hylättiin." in text(response)
    assert "Julkaistu ja sitten peruttu kommentti." not in article_page(app)


def test_concurrent_decisions_exactly_one_wins(app, auth):
    auth.create("eka", "moderator")
    auth.create("toka", "moderator")
    clients = [app.test_client(), app.test_client()]
    auth.login("eka", client=clients[0])
    auth.login("toka", client=clients[1])
    tokens = [auth.csrf_token(c) for c in clients]
    for _ in range(5):
        comment_id = add(app)
        barrier = threading.Barrier(2)
        results: list[str] = [None, None]

        def run(
            index: int, action: str, comment_id=comment_id, barrier=barrier, results=results
        ) -> None:
            barrier.wait()
            response = clients[index].post(
                f"/moderointi/kommentti/{comment_id}/paatos",
                data={"csrf_token": tokens[index], "action": action, "tila": "pending"},
                follow_redirects=True,
            )
            results[index] = text(response)

        threads = [
            threading.Thread(target=run, args=(0, "approve")),
            threading.Thread(target=run, args=(1, "reject")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        winners = [r for r in results if "Toinen moderaattori ehti jo" not in r]
        losers = [r for r in results if "Toinen moderaattori ehti jo" in r]
        assert len(winners) == 1 and len(losers) == 1
        final = status_of(app, comment_id)
        label = {"approved": "hyväksytty", "rejected": "hylätty"}[final]
        assert f"Toinen moderaattori ehti jo päättää tästä kommentista: {label}." in losers[0]
        assert len(audit(app, action="decide", target_id=str(comment_id))) == 1


# --- edit, reply, delete -------------------------------------------------------------------------


def test_edit_rerenders_and_keeps_the_original_in_the_audit_log(app, client, moderator):
    comment_id = add(app, "Alkuperäinen teksti, jossa on kirjoitusvihre.")
    decide(moderator, client, comment_id, "approve")
    response = post(
        moderator,
        client,
        f"/moderointi/kommentti/{comment_id}/muokkaa",
        {"body": "Korjattu teksti, jossa on **kirjoitusvirhe** korjattu. <b>ei</b>"},
    )
    assert "Muutokset tallennettu." in text(response)
    row = get(app, comment_id)
    assert row["html"] == render_comment(row["body"])
    assert "<strong>kirjoitusvirhe</strong>" in row["html"] and "<b>" not in row["html"]
    assert "<strong>kirjoitusvirhe</strong>" in article_page(app)
    [entry] = audit(app, action="edit")
    assert entry["before"] == {"body": "Alkuperäinen teksti, jossa on kirjoitusvihre."}
    assert entry["actor"] == "moderaattori"
    assert "Alkuperäinen teksti, jossa on kirjoitusvihre." in text(
        client.get(f"/moderointi/kommentti/{comment_id}")
    )


def test_edit_refuses_empty_and_too_long_text(app, client, moderator):
    comment_id = add(app, "Pysyy ennallaan.")
    path = f"/moderointi/kommentti/{comment_id}/muokkaa"
    assert "Teksti ei voi olla tyhjä." in text(post(moderator, client, path, {"body": "  "}))
    too_long = "a" * (app.config["COMMENT_MAX_CHARS"] + 1)
    assert "Teksti on liian pitkä" in text(post(moderator, client, path, {"body": too_long}))
    assert get(app, comment_id)["body"] == "Pysyy ennallaan."


def test_reply_as_author_is_published_under_the_parent(app, client, moderator):
    parent = add(app, "Kysymys kirjoittajalle.")
    refused = post(moderator, client, f"/moderointi/kommentti/{parent}/vastaa", {"body": "Hei!"})
    assert "Hyväksy kommentti ensin" in text(refused)
    decide(moderator, client, parent, "approve")
    response = post(
        moderator,
        client,
        f"/moderointi/kommentti/{parent}/vastaa",
        {"body": "Kiitos kysymyksestä, vastaus on *kyllä*."},
    )
    assert "Vastauksesi on julkaistu." in text(response)
    with app.app_context():
        [reply] = [
            r for r in store.approved_comments(store.get_db(), ARTICLE) if r["parent_id"] == parent
        ]
    assert reply["is_author"] == 1 and reply["name"] == "Maija Moderaattori"
    assert "<em>kyllä</em>" in reply["html"]
    page = article_page(app)
    assert "Kiitos kysymyksestä" in page and "Kirjoittaja" in page


def test_a_moderator_without_a_name_cannot_reply_as_the_author_until_one_is_set(app, client, auth):
    auth.create("admin", "admin")  # as run-site made it before issue #13: no display name
    auth.login("admin")
    parent = add(app, "Kysymys kirjoittajalle.")
    decide(auth, client, parent, "approve")
    page = text(client.get(f"/moderointi/kommentti/{parent}"))
    assert "et ole vielä antanut nimeä" in page and 'href="/moderointi/asetukset#nimi"' in page
    assert f'action="/moderointi/kommentti/{parent}/vastaa"' not in page
    path = f"/moderointi/kommentti/{parent}/vastaa"
    refused = post(auth, client, path, {"body": "Kiitos!"})
    assert "Vastausta ei julkaistu: lisää ensin nimesi kohdassa Omat asetukset." in text(refused)
    with app.app_context():
        assert [r["name"] for r in store.approved_comments(store.get_db(), ARTICLE)] == [
            "Aino Lehtinen"
        ]
    post(
        auth,
        client,
        "/moderointi/asetukset",
        {"display_name": "Aino Kirjoittaja", "notify": "none"},
    )
    assert "Vastauksesi on julkaistu." in text(post(auth, client, path, {"body": "Kiitos!"}))
    with app.app_context():
        names = [r["name"] for r in store.approved_comments(store.get_db(), ARTICLE)]
    assert names == ["Aino Lehtinen", "Aino Kirjoittaja"] and "admin" not in names


def test_queue_says_when_nobody_is_told_of_new_comments(app, client, auth):
    auth.create("admin", "admin")
    auth.login("admin")
    warning = "Kukaan ei saa ilmoitusta uusista kommenteista"
    assert warning in text(client.get("/moderointi/"))
    post(
        auth,
        client,
        "/moderointi/asetukset",
        {"display_name": "Aino", "email": "aino@example.fi", "notify": "immediate"},
    )
    assert warning not in text(client.get("/moderointi/"))
    post(auth, client, "/moderointi/asetukset", {"email": "aino@example.fi", "notify": "none"})
    assert warning in text(client.get("/moderointi/"))  # an address, but no notifications


def test_delete_removes_from_the_page_and_audits_the_text(app, client, moderator):
    comment_id = add(app, "Poistettava julkaistu kommentti.")
    decide(moderator, client, comment_id, "approve")
    assert "Poistettava julkaistu kommentti." in article_page(app)
    path = f"/moderointi/kommentti/{comment_id}/poista"
    asked = post(moderator, client, path, {})
    assert asked.status_code == 200 and "Tätä ei voi perua" in text(asked)
    assert get(app, comment_id) is not None  # the first step deletes nothing
    response = post(moderator, client, path, {"vahvistus": "kylla"})
    assert "Kommentti poistettu." in text(response)
    assert get(app, comment_id) is None
    assert "Poistettava julkaistu kommentti." not in article_page(app)
    [entry] = audit(app, action="delete")
    assert entry["before"]["body"] == "Poistettava julkaistu kommentti."


def test_comment_page_has_edit_reply_delete_and_history(app, client, moderator):
    comment_id = add(app)
    decide(moderator, client, comment_id, "approve")
    page = text(client.get(f"/moderointi/kommentti/{comment_id}"))
    for label in ("Muokkaa", "Vastaa kirjoittajana", "Poista", "Historia", "Päätös"):
        assert label in page
    assert "moderaattori" in page


# --- bulk and undo -------------------------------------------------------------------------------


def test_bulk_reports_successes_and_already_decided(app, client, moderator):
    ids = [add(app, f"Joukkokommentti {n}.") for n in range(4)]
    unconfirmed = add(app, confirmed=False, email="ei-vahvistettu@example.fi")
    with app.app_context():
        store.decide(store.get_db(), ids[0], "spam", "joku-muu")
    response = client.post(
        "/moderointi/joukko",
        data={
            "csrf_token": moderator.csrf_token(client),
            "action": "approve",
            "ids": [str(i) for i in [*ids, unconfirmed, 999999]],
        },
        follow_redirects=True,
    )
    page = text(response)
    assert "3 kommenttia hyväksyttiin." in page
    assert f"Näistä oli jo päätetty: #{ids[0]} (roskapostia)." in page
    assert f"Vahvistamaton sähköpostiosoite, ei hyväksytty: #{unconfirmed}" in page
    assert "Ei löytynyt: #999999." in page
    assert [status_of(app, i) for i in ids] == ["spam", "approved", "approved", "approved"]
    assert status_of(app, unconfirmed) == "pending"
    published = article_page(app)
    assert all(f"Joukkokommentti {n}." in published for n in (1, 2, 3))


def test_each_bulk_outcome_has_its_own_words_and_colour(app, client, moderator):
    def bulk(ids):
        page = post(moderator, client, "/moderointi/joukko", {"action": "spam", "ids": ids})
        return text(page)

    done = bulk([str(add(app, "Ensimmäinen.")), str(add(app, "Toinen."))])
    assert '<p class="message message--success">Valmis: 2 kommenttia merkittiin' in done
    fresh = add(app, "Kolmas.")
    partly = bulk([str(fresh), "999999"])
    assert '<p class="message message--partial">Tehtiin osittain: 1 kommentti' in partly
    assert "1 jäi tekemättä. Ei löytynyt: #999999." in partly
    nothing = bulk([str(fresh)])
    assert '<p class="message message--error">Mitään ei tehty: 1 jäi tekemättä.' in nothing
    assert "message--success" not in nothing


def test_bulk_acts_on_every_matching_comment_after_a_confirmation(app, client, moderator):
    matching = [add(app, f"Sama artikkeli {n}.", article="nps-ja-sen-rajat") for n in range(30)]
    elsewhere = add(app, "Toisen artikkelin kommentti.")
    queue = text(client.get("/moderointi/?artikkeli=nps-ja-sen-rajat"))
    assert "Kaikki hakuehtoja vastaavat: 30 kommenttia (2 sivua)" in queue
    form = {"action": "spam", "kohde": "kaikki", "artikkeli": "nps-ja-sen-rajat"}
    asked = post(moderator, client, "/moderointi/joukko", form)
    assert asked.status_code == 200
    assert "Merkitse roskapostiksi 30 kommenttia?" in text(asked)
    assert 'name="vahvistus" value="kylla"' in text(asked)
    assert {status_of(app, i) for i in matching} == {"pending"}  # asking changes nothing
    done = post(moderator, client, "/moderointi/joukko", form | {"vahvistus": "kylla"})
    assert "Valmis: 30 kommenttia merkittiin roskapostiksi." in text(done)
    assert {status_of(app, i) for i in matching} == {"spam"}
    assert status_of(app, elsewhere) == "pending"


def test_bulk_without_selection_or_action(app, client, moderator):
    comment_id = add(app)
    token = moderator.csrf_token(client)
    no_ids = client.post(
        "/moderointi/joukko", data={"csrf_token": token, "action": "spam"}, follow_redirects=True
    )
    assert "Et valinnut yhtään kommenttia." in text(no_ids)
    no_action = client.post(
        "/moderointi/joukko",
        data={"csrf_token": token, "ids": str(comment_id)},
        follow_redirects=True,
    )
    assert "Valitse, mitä valituille kommenteille tehdään." in text(no_action)
    assert status_of(app, comment_id) == "pending"


def test_undo_restores_the_last_decision_once(app, client, moderator):
    first = add(app, "Ensimmäinen.")
    second = add(app, "Toinen, joka hyväksytään ja perutaan.")
    decide(moderator, client, first, "spam")
    decide(moderator, client, second, "approve")
    assert "Toinen, joka hyväksytään ja perutaan." in article_page(app)
    response = post(moderator, client, "/moderointi/peru", {})
    assert "Päätös peruttu: kommentti on taas tilassa odottaa päätöstä." in text(response)
    assert status_of(app, second) == "pending" and status_of(app, first) == "spam"
    assert "Toinen, joka hyväksytään ja perutaan." not in article_page(app)
    again = post(moderator, client, "/moderointi/peru", {})
    assert "Viimeisin päätöksesi on jo peruttu." in text(again)
    assert status_of(app, first) == "spam"


def test_undo_refuses_when_someone_changed_the_comment_since(app, client, moderator):
    comment_id = add(app)
    decide(moderator, client, comment_id, "reject")
    with app.app_context():
        store.decide(store.get_db(), comment_id, "spam", "joku-muu", expected=("rejected",))
    response = post(moderator, client, "/moderointi/peru", {})
    assert "Päätöstä ei voi enää perua" in text(response) and "roskapostia" in text(response)
    assert status_of(app, comment_id) == "spam"


def test_undo_with_nothing_to_undo(client, moderator):
    response = post(moderator, client, "/moderointi/peru", {})
    assert "Sinulla ei ole peruttavaa päätöstä." in text(response)


def test_return_address_stays_local(app, client, moderator):
    comment_id = add(app)
    response = client.post(
        f"/moderointi/kommentti/{comment_id}/paatos",
        data={
            "csrf_token": moderator.csrf_token(client),
            "action": "spam",
            "paluu": "https://evil.example/moderointi/",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/moderointi/"
    other = add(app)
    kept = client.post(
        f"/moderointi/kommentti/{other}/paatos",
        data={
            "csrf_token": moderator.csrf_token(client),
            "action": "spam",
            "paluu": "/moderointi/?tila=pending&sivu=2",
        },
    )
    assert kept.headers["Location"] == "/moderointi/?tila=pending&sivu=2"
