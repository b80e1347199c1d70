"""Trusted commenters' clean comments published at once (AUTO_APPROVE_TRUSTED), and everything
else still waiting for a moderator: the rule as a pure function, then the whole path through
POST /api/comments into the built page, with a real SQLite file and a real SMTP server."""

from __future__ import annotations

import pytest
from comment_fixtures import GOOD, commenter_with_history, payload, sent_mail

from comments import store
from comments.policy import Evaluation, Finding, Substance
from comments.policy.trust import may_skip_queue
from comments.public.submit import AUTO_APPROVER
from comments.site.articles import article_page

CLEAN = Evaluation("pending", (), Substance(3, ()))
EMAIL = GOOD["email"]


def evaluation(*severities: str, decision: str = "pending") -> Evaluation:
    findings = tuple(Finding(f"test.{s}", s, "Testilöydös") for s in severities)
    return Evaluation(decision, findings, Substance(0, ()))


@pytest.mark.parametrize(
    ("result", "history", "confirmed", "expected"),
    [
        (CLEAN, {"approved": 3}, True, True),
        (CLEAN, {"approved": 3, "pending": 2}, True, True),
        (evaluation("info"), {"approved": 5}, True, True),
        (CLEAN, {"approved": 2}, True, False),
        (CLEAN, {}, True, False),
        (CLEAN, {"approved": 3}, False, False),
        (CLEAN, {"approved": 9, "rejected": 1}, True, False),
        (CLEAN, {"approved": 9, "spam": 1}, True, False),
        (evaluation("mild"), {"approved": 9}, True, False),
        (evaluation("info", "strong"), {"approved": 9}, True, False),
        (evaluation(decision="spam"), {"approved": 9}, True, False),
    ],
)
def test_the_rule(result: Evaluation, history: dict, confirmed: bool, expected: bool) -> None:
    assert may_skip_queue(result, history, email_confirmed=confirmed, min_approved=3) is expected


def test_a_threshold_of_zero_still_needs_one_approved_comment() -> None:
    assert not may_skip_queue(CLEAN, {}, email_confirmed=True, min_approved=0)
    assert may_skip_queue(CLEAN, {"approved": 1}, email_confirmed=True, min_approved=0)


# --- through the service ------------------------------------------------------------------------


@pytest.fixture
def trusting_app(make_app):
    return make_app(AUTO_APPROVE_TRUSTED=True, TRUSTED_MIN_APPROVED=2, PUBLISH_FULL_BUILD=False)


def earlier_comments(app, slug: str, *statuses: str, confirmed: bool = True) -> None:
    """Comments the commenter of ``GOOD`` sent before, already decided."""
    commenter_with_history(
        app, *statuses, name=GOOD["name"], email=EMAIL, article=slug, confirmed=confirmed
    )


def the_new_comment(app) -> dict:
    db = store.connect(app.config["DATABASE"])
    try:
        newest = max(row["id"] for row in db.rows("comments"))
        return store.get_comment(db, newest) | {
            "audit": store.audit_entries(db, target_id=str(newest), action="decide")
        }
    finally:
        db.close()


def page_text(app, slug: str) -> str:
    return article_page(app.config["SITE_OUTPUT"], slug).read_text(encoding="utf-8")


def test_a_trusted_commenters_clean_comment_is_on_the_page_at_once(trusting_app, article_slugs):
    slug = article_slugs[0]
    earlier_comments(trusting_app, slug, "approved", "approved")
    body = "Kolmas kommenttini: jonotuksen mittaaminen kannatti, koska näimme ruuhkahuiput."

    response = trusting_app.test_client().post(
        "/api/comments", data=payload(trusting_app, slug, body=body)
    )

    comment = the_new_comment(trusting_app)
    assert comment["status"] == "approved"
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/{slug}/#kommentti-{comment['id']}")
    assert body in page_text(trusting_app, slug)
    assert [entry["actor"] for entry in comment["audit"]] == [AUTO_APPROVER]
    # the same mail as after a moderator's approval, and no confirmation link
    subjects = [message["Subject"].split(" –")[0] for message in sent_mail(trusting_app)]
    assert subjects == ["Kommenttisi on julkaistu"]


def test_the_enhanced_form_gets_the_comments_address(trusting_app, article_slugs):
    slug = article_slugs[0]
    earlier_comments(trusting_app, slug, "approved", "approved")

    response = trusting_app.test_client().post(
        "/api/comments", json=payload(trusting_app, slug), headers={"Accept": "application/json"}
    )

    comment = the_new_comment(trusting_app)
    assert response.status_code == 201
    assert response.json["status"] == "approved"
    assert response.json["message"] == "Kiitos! Kommenttisi on julkaistu."
    assert response.json["url"].endswith(f"/{slug}/#kommentti-{comment['id']}")
    assert f'id="kommentti-{comment["id"]}"' in page_text(trusting_app, slug)


@pytest.mark.parametrize(
    ("statuses", "confirmed", "changes"),
    [
        (("approved",), True, {}),  # one approved comment, two needed
        (("approved", "approved", "rejected"), True, {}),  # rejected once
        (("approved", "approved", "spam"), True, {}),  # marked as spam once
        (("approved", "approved"), False, {}),  # email never confirmed
        # sent anyway after the review (comments/public/review.py): the moderator decides
        (
            ("approved", "approved"),
            True,
            {"body": "Helvetin huono palvelu, ihan paskaa.", "send_anyway": "1"},
        ),
    ],
    ids=["too-few", "rejected-before", "spam-before", "unconfirmed", "vulgar"],
)
def test_anything_else_waits_for_a_moderator(
    trusting_app, article_slugs, statuses, confirmed, changes
):
    slug = article_slugs[0]
    earlier_comments(trusting_app, slug, *statuses, confirmed=confirmed)
    body = changes.get("body", GOOD["body"])

    response = trusting_app.test_client().post(
        "/api/comments", data=payload(trusting_app, slug, **changes)
    )

    assert response.status_code == 303
    assert response.headers["Location"].endswith("#kiitos-vahvista" if not confirmed else "#kiitos")
    assert the_new_comment(trusting_app)["status"] == "pending"
    assert body not in page_text(trusting_app, slug)


def test_off_by_default(make_app, article_slugs):
    app = make_app(PUBLISH_FULL_BUILD=False)
    assert app.config["AUTO_APPROVE_TRUSTED"] is False
    slug = article_slugs[0]
    earlier_comments(app, slug, "approved", "approved", "approved", "approved")

    response = app.test_client().post("/api/comments", data=payload(app, slug))

    assert response.headers["Location"].endswith("#kiitos")
    assert the_new_comment(app)["status"] == "pending"
    assert GOOD["body"] not in page_text(app, slug)
