"""Closed discussion (issue #13): an article closed by age (COMMENTS_CLOSE_AFTER_DAYS, the same
number for the service and the build) or by ``Comments: closed`` keeps its comments, says
"Kommentointi on suljettu" instead of the form, and the service refuses new comments to it in
Finnish. Real Pelican builds, the real service, a real SQLite file."""

from __future__ import annotations

from datetime import date

import pytest
from comment_fixtures import add_comment, open_store, payload

from comments import store
from comments.public.pages import MESSAGES
from comments.site.articles import article_page, find_article
from comments.site.publish import build_site, publish_article_comments

OLD = "asiakaspolun-kartoitus"  # 2025-02-11
NEW = "itsepalvelu-ilman-umpikujia"  # 2026-08-11
# Closes what was published before June 2025, whatever day the tests run on.
DAYS = (date.today() - date(2025, 6, 1)).days


@pytest.fixture
def closing_app(make_app):
    return make_app(COMMENTS_CLOSE_AFTER_DAYS=DAYS, PUBLISH_FULL_BUILD=False)


def count(app) -> int:
    with open_store(app) as db:
        return db.count("comments")


def test_the_service_refuses_comments_to_an_article_closed_by_age(closing_app):
    client = closing_app.test_client()
    refused = client.post("/api/comments", json=payload(closing_app, OLD))
    assert refused.status_code == 422
    assert refused.get_json()["errors"]["article"] == MESSAGES["article_closed"]
    assert count(closing_app) == 0
    form_page = client.get(f"/kommentit/{OLD}/uusi")
    assert form_page.status_code == 403
    assert "Kommentointi on suljettu" in form_page.get_data(as_text=True)
    accepted = client.post("/api/comments", json=payload(closing_app, NEW))
    assert accepted.status_code == 201 and count(closing_app) == 1


def test_without_javascript_the_refusal_keeps_the_text(closing_app):
    body = "Tämä teksti ei saa kadota, vaikka kommentointi on suljettu."
    form = payload(closing_app, OLD, body=body)
    answer = closing_app.test_client().post("/api/comments", data=form)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Kommentointi on suljettu tämän artikkelin osalta" in page and body in page


def test_a_page_closed_by_its_metadata_is_refused_even_with_no_age_limit(app, client):
    page = article_page(app.config["SITE_OUTPUT"], NEW)
    # What the plugin writes for `Comments: closed` (tests/plugins/test_comment_threads.py).
    opened = 'data-article-published="2026-08-11"'
    html = page.read_text(encoding="utf-8")
    assert opened in html
    page.write_text(html.replace(opened, f'{opened} data-comments="closed"', 1), encoding="utf-8")
    assert find_article(app.config["SITE_OUTPUT"], NEW).closed
    refused = client.post("/api/comments", json=payload(app, NEW))
    assert refused.status_code == 422
    assert refused.get_json()["errors"]["article"] == MESSAGES["article_closed"]


def test_closed_pages_keep_their_comments_and_both_paths_agree(closing_app, tmp_path):
    for slug in (OLD, NEW):
        add_comment(
            closing_app,
            f"Hyväksytty kommentti artikkeliin {slug}.",
            status="approved",
            article=slug,
            name="Aino Lehtinen",
            email="aino@example.fi",
        )
    build_site(closing_app.config)  # the service's number reaches Pelican
    late = add_comment(
        closing_app,
        "Hyväksytty suljettuun artikkeliin ennen sulkemista.",
        status="pending",
        article=OLD,
        name="Eero Korhonen",
        email="eero@example.fi",
    )
    with open_store(closing_app) as db:
        assert store.decide(db, late, "approved", "moderaattori")
    with closing_app.app_context():
        publish_article_comments(OLD)  # the fast path
    elsewhere = tmp_path / "full" / "output"
    build_site({**closing_app.config, "SITE_OUTPUT": str(elsewhere)})

    output = closing_app.config["SITE_OUTPUT"]
    closed = article_page(output, OLD).read_text(encoding="utf-8")
    assert article_page(output, OLD).read_bytes() == article_page(elsewhere, OLD).read_bytes()
    assert "Kommentointi on suljettu." in closed
    assert "Hyväksytty kommentti artikkeliin" in closed and "ennen sulkemista" in closed
    assert 'id="kommenttilomake"' not in closed and "reply-link" not in closed
    still_open = article_page(output, NEW).read_text(encoding="utf-8")
    assert 'id="kommenttilomake"' in still_open and "Kommentointi on suljettu" not in still_open
