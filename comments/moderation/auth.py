"""Moderator login: argon2 passwords, a fresh permanent session on every login, a rate limit on
failed attempts, and ``login_required`` for every moderator page.

A session is valid only while the moderator's session generation in the store is the one it
started in: logging out (or an admin ending the sessions) raises the generation, so a copied
cookie is refused by the server and not merely forgotten by one browser."""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from comments import passwords, store
from comments.extensions import limiter

bp = Blueprint("auth", __name__)

ROLE_RANK = {"moderator": 1, "admin": 2}
LOCAL_PREFIX = "/moderointi/"
# Verifying against a real hash when the username is unknown keeps both answers equally slow.
_DUMMY_HASH = passwords.hash_password("ei-kenenkään-salasana")

View = TypeVar("View", bound=Callable[..., Any])


def login_required(role: str = "moderator") -> Callable[[View], View]:
    """Let the view run only for a logged-in moderator with at least ``role``.

    Anonymous visitors are sent to the login page (coming back here afterwards); a moderator
    without the role gets the Finnish 403 page. The account is read from the store on every
    request, so a removed moderator or a changed role takes effect at once.
    """
    required = ROLE_RANK[role]

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            moderator = current_moderator()
            if moderator is None:
                target = request.full_path if request.method == "GET" else None
                return redirect(url_for("moderation.auth.login", next=safe_next(target)))
            if ROLE_RANK.get(moderator["role"], 0) < required:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def current_moderator() -> dict[str, Any] | None:
    """The logged-in moderator's row (cached for the request), or None."""
    if "moderator" not in g:
        moderator_id = session.get("moderator_id")
        row = store.get_moderator_by_id(store.get_db(), moderator_id) if moderator_id else None
        if row is not None and session.get("password_stamp") != _password_stamp(row):
            row = None  # the password changed since this session logged in
        if row is not None and session.get("generation") != row["session_generation"]:
            row = None  # logged out, or an admin ended this moderator's sessions
        g.moderator = row
    return g.moderator


def actor_name() -> str:
    """How the logged-in moderator appears in the audit log."""
    moderator = current_moderator()
    if moderator is None:
        raise RuntimeError("no moderator is logged in")
    return moderator["username"]


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a local moderator page, else None (no open redirect)."""
    if not target or "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(LOCAL_PREFIX):
        return None
    if parts.path.startswith("//") or ".." in parts.path.split("/"):
        return None
    return target.rstrip("?")


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def _failed(response: Response) -> bool:
    """Only failed attempts count towards the login rate limit."""
    return response.status_code != 302


@bp.route("/kirjaudu", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
def login() -> Response | str | tuple[str, int]:
    """The login form; a successful login starts a brand-new session."""
    next_page = safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_moderator() is not None:
            return redirect(next_page or url_for("moderation.queue"))
        return render_template("moderation/login.html", next_page=next_page, username="")
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    db = store.get_db()
    moderator = store.get_moderator(db, username) if username else None
    valid = passwords.verify_password(
        moderator["password_hash"] if moderator else _DUMMY_HASH, password
    )
    if moderator is None or not valid:
        error = "Käyttäjätunnus tai salasana on väärin."
        return (
            render_template(
                "moderation/login.html", next_page=next_page, username=username, error=error
            ),
            401,
        )
    if passwords.needs_rehash(moderator["password_hash"]):
        new_hash = passwords.hash_password(password)
        store.update_moderator(db, moderator["id"], "system:rehash", password_hash=new_hash)
        moderator = store.get_moderator_by_id(db, moderator["id"])
    session.clear()
    session.permanent = True
    session["moderator_id"] = moderator["id"]
    session["password_stamp"] = _password_stamp(moderator)
    session["generation"] = moderator["session_generation"]
    g.moderator = moderator
    store.audit(db, moderator["username"], "login", "moderator", moderator["username"])
    flash(f"Tervetuloa, {moderator['display_name'] or moderator['username']}!", "success")
    return redirect(next_page or url_for("moderation.queue"))


@bp.route("/kirjaudu-ulos", methods=["POST"])
def logout() -> Response:
    """End the moderator's sessions on the server, on every device (a POST, so that no link or
    image can log anyone out)."""
    moderator = current_moderator()
    if moderator is not None:
        store.end_sessions(store.get_db(), moderator["id"], moderator["username"], "logout")
    session.clear()
    flash("Olet kirjautunut ulos kaikilla laitteilla.", "success")
    return redirect(url_for("moderation.auth.login"))


def _password_stamp(moderator: dict[str, Any]) -> str:
    """A keyed digest of the password hash: changing the password ends the old sessions, and
    the (readable) session cookie reveals nothing of the hash."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, moderator["password_hash"].encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
