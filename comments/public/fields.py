"""A comment submission's fields: read into a ``CommentForm`` and checked, each problem a
Finnish message next to its field. The body is rendered once here and stored as rendered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import current_app

from comments import store
from comments.policy.website import check_website
from comments.public.pages import MESSAGES
from comments.render import render_comment
from comments.site.articles import ArticleRef, comments_closed, find_article

TEXT_FIELDS = ("name", "email", "website", "body", "article", "homepage", "form_token")
EMAIL_MAX_CHARS = 254
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINK = re.compile(r"<a\s", re.IGNORECASE)


@dataclass
class CommentForm:
    """A submission after its fields have been read and checked."""

    name: str
    email: str
    website: str
    body: str
    html: str  # the body rendered by render_comment, once per submission
    article: ArticleRef
    parent_id: int | None
    notify_replies: bool


def form_values(raw: dict[str, Any]) -> dict[str, Any]:
    """What the form page shows again: the submitted text of each field, as strings."""
    values: dict[str, Any] = {}
    for name in (*TEXT_FIELDS, "parent"):
        value = raw.get(name)
        values[name] = value if isinstance(value, str) else ("" if value is None else str(value))
    values["notify_replies"] = _truthy(raw.get("notify_replies"))
    values["send_anyway"] = _truthy(raw.get("send_anyway"))
    return values


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value == 1
    return isinstance(value, str) and value.strip().lower() in {"1", "on", "true", "yes", "kyllä"}


class FieldError(ValueError):
    """A field's value is not acceptable; the argument is the Finnish message."""


def check_fields(
    db, raw: dict[str, Any]
) -> tuple[CommentForm | None, dict[str, str], ArticleRef | None]:
    """The checked form, the errors by field, and the article when it is known."""
    config = current_app.config
    errors: dict[str, str] = {}
    text: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = "" if raw.get(name) is None else raw[name]
        if isinstance(value, str):
            text[name] = unicodedata.normalize("NFC", value)
        else:
            errors[name] = MESSAGES["type"]
    notify = raw.get("notify_replies")
    if notify is not None and not isinstance(notify, bool | int | str):
        errors["notify_replies"] = MESSAGES["type"]

    checked: dict[str, str] = {}
    for name, check in _FIELD_CHECKS.items():
        if name in text:
            try:
                checked[name] = check(text[name], config)
            except FieldError as error:
                errors[name] = str(error)
    html = ""
    if "body" in checked:
        html = render_comment(checked["body"])  # rendered once: checked here, stored as is
        try:
            _checked_links(html, config)
        except FieldError as error:
            errors["body"] = str(error)

    article = find_article(config["SITE_OUTPUT"], text.get("article", "").strip())
    if article is None:
        errors["article"] = MESSAGES["article_unknown"]
    elif comments_closed(article, config.get("COMMENTS_CLOSE_AFTER_DAYS"), date.today()):
        errors["article"] = MESSAGES["article_closed"]

    parent_id: int | None = None
    if raw.get("parent") not in (None, "") and article is not None:
        parent = approved_parent(db, article, raw.get("parent"))
        if parent is None:
            errors["parent"] = MESSAGES["parent_invalid"]
        else:
            parent_id = parent["id"]

    if errors or article is None:
        return None, errors, article
    form = CommentForm(
        name=checked["name"],
        email=checked["email"],
        website=checked["website"],
        body=checked["body"],
        html=html,
        article=article,
        parent_id=parent_id,
        notify_replies=_truthy(notify),
    )
    return form, {}, article


def _checked_name(value: str, config: Mapping[str, Any]) -> str:
    name = value.strip()
    if not name:
        raise FieldError(MESSAGES["name_missing"])
    if _CONTROL.search(name) or "\n" in name:
        raise FieldError(MESSAGES["name_control"])
    if len(name) > config["NAME_MAX_CHARS"]:
        raise FieldError(MESSAGES["name_long"].format(limit=config["NAME_MAX_CHARS"]))
    return name


def _checked_email(value: str, config: Mapping[str, Any]) -> str:
    email = value.strip()
    if not email:
        raise FieldError(MESSAGES["email_missing"])
    normalised = _normalise_email(email)
    if normalised is None:
        raise FieldError(MESSAGES["email_invalid"])
    return normalised


def _checked_website(value: str, config: Mapping[str, Any]) -> str:
    website = value.strip()
    if not website:
        return ""
    if len(website) > config["WEBSITE_MAX_CHARS"]:
        raise FieldError(MESSAGES["website_long"].format(limit=config["WEBSITE_MAX_CHARS"]))
    normalised, problem = check_website(website)
    if problem:
        raise FieldError(problem)
    return normalised


def _checked_body(value: str, config: Mapping[str, Any]) -> str:
    body = value.replace("\r\n", "\n").replace("\x00", "").strip()
    limit = config["COMMENT_MAX_CHARS"]
    if not body:
        raise FieldError(MESSAGES["body_missing"])
    if len(body) > limit:
        raise FieldError(MESSAGES["body_long"].format(length=len(body), limit=limit))
    return body


def _checked_links(html: str, config: Mapping[str, Any]) -> None:
    """Links are counted in the rendered comment, so bare URLs count as well as Markdown links."""
    links = len(_LINK.findall(html))
    if links > config["COMMENT_MAX_LINKS"]:
        raise FieldError(
            MESSAGES["body_links"].format(count=links, limit=config["COMMENT_MAX_LINKS"])
        )


_FIELD_CHECKS = {
    "name": _checked_name,
    "email": _checked_email,
    "website": _checked_website,
    "body": _checked_body,
}


def _normalise_email(email: str) -> str | None:
    if len(email) > EMAIL_MAX_CHARS or _CONTROL.search(email) or "\n" in email:
        return None
    try:
        checked = validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return None
    return checked.normalized.lower()


def approved_parent(db, article: ArticleRef, value: Any) -> store.Row | None:
    """The approved comment ``value`` of ``article``, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit() or len(value) > 12:
            return None
        value = int(value)
    if not isinstance(value, int):
        return None
    parent = store.get_comment(db, value)
    if parent is None or parent["status"] != "approved" or parent["article"] != article.slug:
        return None
    return parent
