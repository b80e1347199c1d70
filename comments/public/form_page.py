"""The comment form on the service's own page (replies and answers without JavaScript), and
the form token the enhanced form fetches. The page includes the theme's ``comment_form.html``,
the same form every article carries."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, current_app, jsonify, render_template, request
from jinja2 import ChoiceLoader, FileSystemLoader

from comments import store, tokens
from comments.public.fields import approved_parent
from comments.public.pages import (
    MESSAGES,
    article_href,
    error_page,
    page_context,
    public_blueprint,
    site_prefix,
)
from comments.public.review import Review
from comments.site.articles import ArticleRef, comments_closed, find_article
from comments.site.comment_block import add_form_helpers
from comments.site.finnish_dates import format_date, format_datetime

bp = public_blueprint("form", __name__)


@bp.record_once
def _configure_app(state) -> None:
    """Let the service's pages include the theme's ``comment_form.html`` and use its filters and
    helpers."""
    app = state.app
    theme = app.config.get("THEME_TEMPLATES")
    if theme:
        app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(theme)])
    app.jinja_env.filters.setdefault("fi_date", format_date)
    app.jinja_env.filters.setdefault("fi_datetime", format_datetime)
    add_form_helpers(app.jinja_env, app.config)


@bp.get("/api/comments/form-token")
def form_token() -> Response:
    """A fresh signed form timestamp for the enhanced form."""
    response = jsonify({"token": tokens.form_token()})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/kommentit/<slug>/uusi")
def form_page(slug: str):
    """The comment form on the service's own page (no-JS replies, and errors)."""
    article = find_article(current_app.config["SITE_OUTPUT"], slug)
    if article is None:
        return error_page(404, "Artikkelia ei löytynyt", MESSAGES["article_unknown"])
    if comments_closed(article, current_app.config["COMMENTS_CLOSE_AFTER_DAYS"], date.today()):
        return error_page(403, "Kommentointi on suljettu", MESSAGES["article_closed"])
    parent = approved_parent(store.get_db(), article, request.args.get("vastaa", ""))
    return render_form(article, {}, {}, parent, status=200)


def render_form(
    article: ArticleRef,
    values: dict[str, Any],
    errors: dict[str, str],
    parent: store.Row | None,
    status: int,
    review: Review | None = None,
) -> Response:
    """The form page with ``values`` kept, ``errors`` next to their fields and the ``review``
    of what the policy found (comments/public/review.py)."""
    html = render_template(
        "public/form.html",
        article=article,
        article_href=article_href(article),
        form=values,
        errors=errors,
        review=review.to_json(site_prefix()) if review else None,
        parent=parent["id"] if parent else "",
        parent_name=parent["name"] if parent else "",
        **page_context(),
    )
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
