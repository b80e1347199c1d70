"""Moderator blueprint: login, queue, decisions, audit (under /moderointi/).

This module holds the queue and the decisions on comments; login lives in
``comments.moderation.auth`` and the admin pages (policy lists, nicknames, moderators, audit,
own settings) in ``comments.moderation.admin``, both nested in this blueprint so that the
security headers and the Finnish error pages below cover every moderator page.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from comments import store
from comments.mail.notifications import article_title
from comments.moderation import admin as moderation_admin
from comments.moderation import audit_words, decisions
from comments.moderation import auth as moderation_auth
from comments.moderation.auth import actor_name, current_moderator, login_required, safe_next
from comments.moderation.finding_names import finding_name
from comments.moderation.queue import (
    PAGE_SIZE,
    SEVERITY_LABELS,
    SORT_LABELS,
    STATUS_FILTER_LABELS,
    QueueQuery,
    build_item,
    queue_page,
)
from comments.site import finnish_dates

BULK_MAX = 5000  # comments one bulk action may decide; a filter matching more is done in rounds

bp = Blueprint(
    "moderation",
    __name__,
    url_prefix="/moderointi",
    static_folder="static",
    static_url_path="/static",
)
bp.register_blueprint(moderation_auth.bp)
bp.register_blueprint(moderation_admin.bp)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
ERROR_MESSAGES = {
    400: ("Pyyntöä ei voitu käsitellä", "Lomakkeen tiedot olivat puutteelliset."),
    403: ("Ei käyttöoikeutta", "Tämä sivu on vain ylläpitäjille."),
    404: ("Ei löytynyt", "Kommenttia tai sivua ei löytynyt. Se on ehkä poistettu."),
    405: ("Toiminto ei ole sallittu", "Tätä osoitetta ei voi käyttää näin."),
    429: (
        "Liian monta yritystä",
        "Kirjautumista on yritetty liian monta kertaa. Odota hetki ja yritä sitten uudelleen.",
    ),
}


@bp.after_request
def security_headers(response: Response) -> Response:
    """No inline code, no framing, no caching of moderator pages."""
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.app_template_filter("fi_datetime")
def fi_datetime(value: Any) -> str:
    """A stored timestamp as Finnish text in Helsinki time."""
    return finnish_dates.format_datetime(value) if value else ""


@bp.app_template_filter("fi_age")
def fi_age(value: Any) -> str:
    """How long ago a stored timestamp was, in Finnish words."""
    return finnish_dates.format_age(value) if value else ""


@bp.context_processor
def moderator_context() -> dict[str, Any]:
    return {
        "moderator": current_moderator(),
        "status_labels": decisions.STATUS_LABELS,
        "severity_labels": SEVERITY_LABELS,
        "action_labels": moderation_admin.ACTION_LABELS,
        "finding_name": finding_name,
        "actor_words": audit_words.actor_words,
        "target_words": audit_words.target_words,
        "change_words": audit_words.change_words,
    }


@bp.errorhandler(CSRFError)
def csrf_error(error: CSRFError) -> tuple[str, int]:
    return (
        render_template(
            "moderation/error.html",
            title="Lomake vanhentui",
            message="Lomakkeen turvatunniste puuttui tai oli vanhentunut, joten mitään ei "
            "muutettu. Lataa sivu uudelleen ja yritä sitten uudestaan.",
        ),
        400,
    )


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    code = error.code or 500
    if code not in ERROR_MESSAGES:
        return error
    title, message = ERROR_MESSAGES[code]
    return render_template("moderation/error.html", title=title, message=message), code


@bp.route("/")
@login_required()
def queue() -> str:
    """The moderation queue: filters, sort, one page of comments with all they need."""
    query = QueueQuery.from_args(request.args)
    db = store.get_db()
    items, total = queue_page(db, query, current_app.config["SITE_OUTPUT"])
    pages = max(1, -(-total // PAGE_SIZE))
    counts = store.status_counts(db)
    counts["unconfirmed"] = store.queue_count(db, status="pending", confirmed=False)
    counts["pending"] = counts.get("pending", 0) - counts["unconfirmed"]
    admin = current_moderator()["role"] == "admin"
    return render_template(
        "moderation/queue.html",
        failed_mail=store.failed_mail(db) if admin else [],
        failed_mail_total=store.outbox_counts(db)["failed"] if admin else 0,
        nobody_notified=not any(
            moderator["email"] and moderator["notify"] != "none"
            for moderator in store.moderators(db)
        ),
        items=items,
        total=total,
        query=query,
        pages=pages,
        counts=counts,
        findings=store.queue_findings(db, query.stored_status, query.confirmed),
        articles={
            slug: (article_title(slug), count)
            for slug, count in store.queue_articles(
                db, query.stored_status, query.confirmed
            ).items()
        },
        sort_labels=SORT_LABELS,
        status_filter_labels=STATUS_FILTER_LABELS,
        return_to=request.full_path.rstrip("?"),
    )


@bp.route("/kommentti/<int:comment_id>")
@login_required()
def comment(comment_id: int) -> str:
    """One comment with the forms to edit it, reply to it or delete it."""
    db = store.get_db()
    row = store.get_comment(db, comment_id)
    if row is None:
        abort(404)
    item = build_item(db, row, current_app.config["SITE_OUTPUT"])
    history = store.audit_entries(db, target_id=str(comment_id), limit=20)
    return render_template(
        "moderation/comment.html",
        item=item,
        history=[entry for entry in history if entry["target_type"] == "comment"],
        return_to=safe_next(request.args.get("paluu")) or url_for(".queue"),
    )


@bp.route("/kommentti/<int:comment_id>/paatos", methods=["POST"])
@login_required()
def decide(comment_id: int) -> Response:
    """Approve, reject or mark spam one comment."""
    db = store.get_db()
    if store.get_comment(db, comment_id) is None:
        abort(404)
    outcome = decisions.decide(
        db,
        comment_id,
        request.form.get("action", ""),
        actor_name(),
        expected=request.form.get("tila", "pending"),
        reason=request.form.get("reason"),
        override_unconfirmed=request.form.get("override_unconfirmed") == "1",
    )
    return _finish(outcome)


@bp.route("/joukko", methods=["POST"])
@login_required()
def bulk() -> Response | str:
    """One decision for the ticked comments, or for every comment matching the queue's filters
    (after a confirmation page that gives their number); reports the outcome of each."""
    action = request.form.get("action", "")
    if action not in decisions.ACTIONS:
        flash("Valitse, mitä valituille kommenteille tehdään.", "error")
        return _back()
    db = store.get_db()
    query = QueueQuery.from_args(request.form)
    if request.form.get("kohde") == "kaikki":
        matching = store.queue(db, **query.filters(), sort="age", limit=BULK_MAX)
        ids = [comment["id"] for comment in matching]
        if not ids:
            flash("Hakuehtoja vastaavia kommentteja ei ole, joten mitään ei tehty.", "info")
            return _back()
        if request.form.get("vahvistus") != "kylla":
            return render_template(
                "moderation/bulk_confirm.html",
                action=action,
                count=len(ids),
                total=store.queue_count(db, **query.filters()),
                query=query,
                override=request.form.get("override_unconfirmed") == "1",
                status_filter_labels=STATUS_FILTER_LABELS,
                return_to=safe_next(request.form.get("paluu")) or url_for(".queue"),
            )
    else:
        ids = [int(value) for value in request.form.getlist("ids") if value.isdigit()][:BULK_MAX]
        if not ids:
            flash("Et valinnut yhtään kommenttia.", "error")
            return _back()
    result = decisions.decide_many(
        db,
        ids,
        action,
        actor_name(),
        expected=query.stored_status,
        override_unconfirmed=request.form.get("override_unconfirmed") == "1",
    )
    decisions.apply(result.outcomes)
    flash(*result.report(action))
    return _back()


@bp.route("/peru", methods=["POST"])
@login_required()
def undo() -> Response:
    """Undo the moderator's own latest decision."""
    return _finish(decisions.undo_last(store.get_db(), actor_name()))


@bp.route("/kommentti/<int:comment_id>/muokkaa", methods=["POST"])
@login_required()
def edit(comment_id: int) -> Response:
    """Save an edited text; the original is kept in the audit log."""
    db = store.get_db()
    if store.get_comment(db, comment_id) is None:
        abort(404)
    outcome = decisions.edit(db, comment_id, request.form.get("body", ""), actor_name())
    return _finish(outcome, url_for(".comment", comment_id=comment_id))


@bp.route("/kommentti/<int:comment_id>/vastaa", methods=["POST"])
@login_required()
def reply(comment_id: int) -> Response:
    """Publish a reply as the blog's author."""
    db = store.get_db()
    if store.get_comment(db, comment_id) is None:
        abort(404)
    moderator = current_moderator()
    outcome = decisions.reply_as_author(db, comment_id, request.form.get("body", ""), moderator)
    return _finish(outcome, url_for(".comment", comment_id=comment_id))


@bp.route("/kommentti/<int:comment_id>/poista", methods=["POST"])
@login_required()
def delete(comment_id: int) -> Response | str:
    """Delete a comment for good, in two steps: the first POST only shows what cannot be undone
    (a page of its own, so it works without JavaScript); the confirmed one deletes."""
    db = store.get_db()
    comment = store.get_comment(db, comment_id)
    if comment is None:
        abort(404)
    if request.form.get("vahvistus") != "kylla":
        return render_template(
            "moderation/delete_confirm.html",
            comment=comment,
            replies=store.reply_count(db, comment_id),
        )
    outcome = decisions.delete(db, comment_id, actor_name())
    decisions.apply([outcome])
    flash(outcome.message, outcome.category)
    return redirect(url_for(".queue"))


def _finish(outcome: decisions.Outcome, default: str | None = None) -> Response:
    decisions.apply([outcome])
    flash(outcome.message, outcome.category)
    return _back(default)


def _back(default: str | None = None) -> Response:
    """Back to where the form was (a local moderator page only)."""
    return redirect(safe_next(request.form.get("paluu")) or default or url_for(".queue"))
