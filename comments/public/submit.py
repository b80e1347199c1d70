"""Public blueprint: comment submission (form or JSON). The service's own form page and the form
token are in ``comments.public.form_page``, email confirmation in ``comments.public.confirmation``.

Submission checks run cheapest first and nothing is stored until every check has passed: content
type (415), size (413), parsing (400), fields (422), article and parent (422), links (422), form
token (only the enhanced form has one), honeypot, duplicate (422), rate limits (429, checked by
flask-limiter before the view), then the comment policy: a refusal (422), or, when it found
something the commenter can fix (comments/public/review.py), a review (422) until they edit the
text or send it anyway.

The plain form (no JavaScript) takes a comment on the first press: it carries no form token, and
none is needed. Its bot defences are the hidden honeypot field, the Origin check, the rate limits
per client address and per email, the duplicate check, the policy (email syntax, disposable and
blocked domains, the name; clear advertising is stored as spam) and, above all, the confirmation
link: nothing reaches a moderator until its address is proven, and nothing is published
without a moderator. JSON clients always get errors as ``{"errors": {field: message}}``; a plain
form post gets the form page again with every value kept and each error next to its field.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
import unicodedata
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import (
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    request,
)
from werkzeug.exceptions import HTTPException

from comments import store, tokens
from comments.extensions import client_ip, csrf, limiter
from comments.mail.sender import wake_sender
from comments.moderation import decisions as moderation_decisions
from comments.policy import Evaluation, Finding, Submission, Substance, evaluate
from comments.policy.context import build_policy_context
from comments.policy.model import SEVERITY_RISK
from comments.policy.trust import may_skip_queue
from comments.public.confirmation import (
    ConfirmationMail,
    after_pending,
    mail_interval_start,
    needs_confirmation,
    resend_confirmation,
)
from comments.public.fields import CommentForm, approved_parent, check_fields, form_values
from comments.public.form_page import render_form
from comments.public.pages import (
    MESSAGES,
    article_href,
    bad_request,
    comment_too_large,
    error_page,
    error_response,
    public_blueprint,
    rate_limit_wait,
    site_prefix,
    url_origin,
    wants_json,
)
from comments.public.review import SEND_ANYWAY_FINDING, Review, review_of
from comments.site.articles import ArticleRef, find_article

log = logging.getLogger(__name__)

bp = public_blueprint("api", __name__)

ACCEPTED_TYPES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
PURGE_INTERVAL_SECONDS = 3600
SUCCESS_MESSAGE = "Kiitos! Kommenttisi odottaa moderointia."
PUBLISHED_MESSAGE = "Kiitos! Kommenttisi on julkaistu."
CONFIRMATION_WAITING_MESSAGE = (
    "Kiitos! Lähetimme vahvistuslinkin tähän osoitteeseen hetki sitten, emmekä lähetä uutta "
    "ihan heti. Kommenttisi odottaa samaa vahvistusta."
)
# The notices of comment_block.html, by what the commenter is told of the confirmation
THANKS_ANCHORS = {None: "#kiitos", "sent": "#kiitos-vahvista", "waiting": "#kiitos-odottaa"}
DUPLICATE_MESSAGES = {
    None: "duplicate",
    "sent": "duplicate_unconfirmed",
    "waiting": "duplicate_waiting",
}
AUTO_APPROVER = "automaattinen hyväksyntä"  # the audit's actor (usernames have no spaces)

# Only the enhanced form (JavaScript) sends a form token. A missing or expired one is no
# evidence either way: the plain form has none, and a tab left open for a day is a person's.
# A forged token or one sent within seconds of the page's load is a program's.
REFUSED_TOKEN_MESSAGES = {
    tokens.FormTokenProblem.INVALID: (
        "Lomakkeen tarkiste ei kelpaa. Tietosi ovat tallessa: lähetä kommentti uudelleen."
    ),
    tokens.FormTokenProblem.TOO_FAST: (
        "Lomake lähetettiin poikkeuksellisen nopeasti. Tietosi ovat tallessa: tarkista ne ja "
        "lähetä kommentti uudelleen."
    ),
}


bp.register_error_handler(413, comment_too_large)
bp.register_error_handler(400, bad_request)


@bp.errorhandler(429)
def _rate_limited(_error):
    """Too many comments: how long to wait (``Retry-After`` and in Finnish), and without
    JavaScript the form again with everything typed kept."""
    seconds, message = rate_limit_wait()
    raw = _read_fields() if request.mimetype in ACCEPTED_TYPES else None
    article = find_article(current_app.config["SITE_OUTPUT"], str((raw or {}).get("article", "")))
    if wants_json() or article is None:
        response = make_response(error_response(429, {"form": message}, "Hetki, ole hyvä"))
    else:
        parent = approved_parent(store.get_db(), article, raw.get("parent"))
        response = render_form(article, form_values(raw), {"form": message}, parent, status=429)
    response.headers["Retry-After"] = str(seconds)
    return response


# --- submission -----------------------------------------------------------------------------------


def _ip_limit() -> str:
    return current_app.config["RATELIMIT_SUBMIT_PER_IP"]


def _email_limit() -> str:
    return current_app.config["RATELIMIT_SUBMIT_PER_EMAIL"]


def _email_key() -> str:
    """The rate-limit key of the submitted email (the client IP when there is none)."""
    try:
        fields = _read_fields()
    except HTTPException:
        fields = None
    email = fields.get("email") if fields else None
    if isinstance(email, str) and email.strip():
        return "email:" + email.strip().lower()
    return "no-email:" + client_ip()


@bp.post("/api/comments")
@csrf.exempt
@limiter.limit(_ip_limit, key_func=client_ip, scope="submit-ip")
@limiter.limit(_email_limit, key_func=_email_key, scope="submit-email")
def submit():
    """Take a comment from the article's form or the enhanced form (JSON)."""
    if request.mimetype not in ACCEPTED_TYPES:
        return error_response(415, {"form": MESSAGES["unsupported"]}, "Väärä lähetysmuoto")
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit and request.content_length and request.content_length > limit:
        abort(413)
    if not _origin_allowed():
        return error_response(403, {"form": MESSAGES["origin"]}, "Lähetys estettiin")
    raw = _read_fields()
    if raw is None:
        abort(400)
    as_json = wants_json()
    values = form_values(raw)
    db = store.get_db()

    form, errors, article = check_fields(db, raw)
    if errors:
        return _refuse(as_json, article, values, errors, raw)
    assert form is not None

    problem = tokens.check_form_token(
        values.get("form_token"),
        current_app.config["FORM_MIN_SECONDS"],
        current_app.config["FORM_MAX_SECONDS"],
    )
    if problem in REFUSED_TOKEN_MESSAGES:
        message = REFUSED_TOKEN_MESSAGES[problem]
        return _refuse(as_json, form.article, values, {"form": message}, raw)

    if values.get("homepage"):
        comment_id = _store_honeypot(db, form)  # answered like any comment: nothing to learn
        return _success(as_json, form.article, confirmation=None, comment_id=comment_id)

    fingerprint = _fingerprint(form)
    window = timedelta(hours=current_app.config["DUPLICATE_WINDOW_HOURS"])
    since = (datetime.now(UTC) - window).isoformat(timespec="microseconds")
    duplicate = store.find_duplicate(db, fingerprint, since)
    if duplicate is not None:
        resent = resend_confirmation(db, duplicate, form)
        message = MESSAGES[DUPLICATE_MESSAGES[resent]]
        return _refuse(as_json, form.article, values, {"body": message}, raw)

    evaluation = evaluate(
        Submission(name=form.name, email=form.email, body=form.body, website=form.website),
        build_policy_context(
            store.policy_lists(db), store.recognised_nicknames(db), current_app.config
        ),
    )
    if evaluation.decision == "refused":
        return _refuse(as_json, form.article, values, _refusals(evaluation), raw)
    review = review_of(evaluation, {"name": form.name, "body": form.body})
    if review is not None and not values["send_anyway"]:
        return _review(as_json, form.article, values, review, raw)
    if review is not None:
        evaluation = replace(evaluation, findings=(*evaluation.findings, SEND_ANYWAY_FINDING))

    confirm = evaluation.decision == "pending" and needs_confirmation(db, form.email)
    mail = ConfirmationMail(form.name, form.email, form.article) if confirm else None
    comment_id = _store(db, form, evaluation, fingerprint, mail=mail)
    if mail is not None and mail.queued:
        wake_sender()
    _purge_now_and_then(db)
    if _published_at_once(db, comment_id, form, evaluation):
        return _published(as_json, form.article, comment_id)
    confirmation = None
    if evaluation.decision == "pending":
        confirmation = after_pending(db, comment_id, form, mail)
    return _success(as_json, form.article, confirmation=confirmation, comment_id=comment_id)


def _origin_allowed() -> bool:
    """A browser's ``Origin`` header, when sent, must be this host (or the site's origin)."""
    origin = request.headers.get("Origin")
    if not origin:
        return True
    allowed = {request.host_url.rstrip("/"), url_origin(current_app.config.get("SITE_URL") or "")}
    return origin.rstrip("/") in allowed


def _read_fields() -> dict[str, Any] | None:
    """The submitted fields, or None when the body can not be read as an object."""
    if request.mimetype == "application/json":
        data = request.get_json(silent=True, cache=True)
        return data if isinstance(data, dict) else None
    if request.mimetype in ACCEPTED_TYPES:
        return request.form.to_dict()
    return None


def _refusals(evaluation: Evaluation) -> dict[str, str]:
    """The commenter's messages of the refusing findings, joined per field."""
    errors: dict[str, list[str]] = {}
    for finding in evaluation.findings:
        if finding.severity == "refuse":
            message = finding.public_message or MESSAGES["refused"]
            field = finding.field or "form"
            if message not in errors.setdefault(field, []):
                errors[field].append(message)
    return {field: " ".join(messages) for field, messages in errors.items()} or {
        "form": MESSAGES["refused"]
    }


def _refuse(
    as_json: bool,
    article: ArticleRef | None,
    values: dict[str, Any],
    errors: dict[str, str],
    raw: dict[str, Any],
):
    """422 with the errors: JSON, the form page, or (no article) the error page."""
    if as_json:
        return jsonify({"errors": errors}), 422
    if article is None:
        return error_page(422, "Artikkelia ei löytynyt", " ".join(errors.values()))
    parent = approved_parent(store.get_db(), article, raw.get("parent"))
    shown = dict(errors)
    if "parent" in shown or "article" in shown:
        shown["form"] = " ".join(
            m
            for m in (shown.get("form"), shown.pop("parent", None), shown.pop("article", None))
            if m
        )
    return render_form(article, values, shown, parent, status=422)


def _review(
    as_json: bool, article: ArticleRef, values: dict[str, Any], review: Review, raw: dict[str, Any]
):
    """422 with what the commenter may want to fix; nothing is stored (comments/public/review)."""
    shown = review.to_json(site_prefix())
    if as_json:
        return jsonify({"errors": {"form": shown["intro"]}, "review": shown}), 422
    parent = approved_parent(store.get_db(), article, raw.get("parent"))
    return render_form(article, values, {}, parent, status=422, review=review)


def _success(as_json: bool, article: ArticleRef, *, confirmation: str | None, comment_id: int):
    """201 (JSON) or a redirect to the article's thank-you notice for ``confirmation``."""
    if as_json:
        return jsonify(
            {
                "status": "pending",
                "id": comment_id,
                "message": CONFIRMATION_WAITING_MESSAGE
                if confirmation == "waiting"
                else SUCCESS_MESSAGE,
                "confirm_email": confirmation is not None,
                "confirmation": confirmation,
            }
        ), 201
    return redirect(article_href(article) + THANKS_ANCHORS[confirmation], code=303)


def _published(as_json: bool, article: ArticleRef, comment_id: int):
    """A trusted commenter's comment is on the page already: show it to them."""
    link = f"{article_href(article)}#kommentti-{comment_id}"
    if as_json:
        return jsonify(
            {"status": "approved", "id": comment_id, "message": PUBLISHED_MESSAGE, "url": link}
        ), 201
    return redirect(link, code=303)


def _fingerprint(form: CommentForm) -> str:
    """Same email, article and (case- and space-insensitive) text give the same fingerprint."""
    text = " ".join(unicodedata.normalize("NFKC", form.body).casefold().split())
    material = "\x1f".join((form.email, form.article.slug, text))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def ip_hash(ip: str) -> str:
    """A keyed hash of the client IP: lets moderators see repeats without storing the address."""
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(key, ip.encode("utf-8"), hashlib.sha256).hexdigest()


def _store(db, form: CommentForm, evaluation: Evaluation, fingerprint: str, mail=None) -> int:
    """Store the comment, and with ``mail`` (a ``ConfirmationMail``) its confirmation mail in
    the same transaction, unless a link went to the address a moment ago."""
    findings = [asdict(finding) for finding in evaluation.findings]
    return store.add_comment(
        db,
        article=form.article.slug,
        name=form.name,
        email=form.email,
        website=form.website,
        body=form.body,
        html=form.html,
        status=evaluation.decision,
        parent_id=form.parent_id,
        findings=findings,
        substance=evaluation.substance.score,
        substance_reasons=list(evaluation.substance.reasons),
        risk=sum(SEVERITY_RISK.get(f.severity, 0) for f in evaluation.findings),
        ip_hash=ip_hash(client_ip()),
        fingerprint=fingerprint,
        notify_replies=form.notify_replies,
        mail=mail,
        mail_once_since=mail_interval_start() if mail is not None else None,
    )


def _store_honeypot(db, form: CommentForm) -> int:
    honeypot = Finding(
        code="spam.honeypot",
        severity="strong",
        message="Lomakkeen piilokenttä oli täytetty: lähettäjä on todennäköisesti ohjelma.",
        field="homepage",
    )
    evaluation = Evaluation(decision="spam", findings=(honeypot,), substance=Substance(0, ()))
    return _store(db, form, evaluation, _fingerprint(form))


def _published_at_once(db, comment_id: int, form: CommentForm, evaluation: Evaluation) -> bool:
    """With ``AUTO_APPROVE_TRUSTED`` on, approve a trusted commenter's clean comment as a
    moderator would (audited, published, mails sent). Returns True when it was published."""
    config = current_app.config
    if not config["AUTO_APPROVE_TRUSTED"]:
        return False
    commenter = store.get_commenter(db, form.email)
    if commenter is None or not may_skip_queue(
        evaluation,
        store.commenter_history(db, commenter["id"]),
        email_confirmed=bool(commenter["confirmed_at"]),
        min_approved=int(config["TRUSTED_MIN_APPROVED"]),
    ):
        return False
    outcome = moderation_decisions.decide(db, comment_id, "approve", AUTO_APPROVER)
    if outcome.ok:
        moderation_decisions.apply([outcome])
    return outcome.ok


def _purge_now_and_then(db) -> None:
    """Delete expired data at most once an hour, piggybacking on submissions."""
    state = current_app.extensions.setdefault("vastine_purge", {"last": 0.0})
    if time.monotonic() - state["last"] < PURGE_INTERVAL_SECONDS and state["last"]:
        return
    state["last"] = time.monotonic()
    from comments.public.privacy import purge_by_policy

    try:
        purge_by_policy(db, current_app.config)
    except Exception:
        log.exception("opportunistic purge failed")
