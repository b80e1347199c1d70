"""Vastine's comment service: ``create_app`` builds the Flask application.

Flask is imported only when an app is made: the Pelican plugin imports ``comments`` (store,
comment block) in every build and needs none of it."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Defaults, then ``instance/config.py``, then ``VASTINE_*`` environment variables, then
    ``test_config``."""
    from flask import Flask

    from comments import store
    from comments.extensions import csrf, limiter
    from comments.settings import defaults

    app = Flask(__name__, instance_path=str(PROJECT_ROOT / "instance"))
    app.config.from_mapping(defaults(Path(app.instance_path), PROJECT_ROOT))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("VASTINE")
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))

    if app.config["TRUSTED_PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = int(app.config["TRUSTED_PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    store.init_app(app)
    csrf.init_app(app)
    _use_shared_rate_limits(app)
    limiter.init_app(app)

    from comments import cli
    from comments.mail import sender as mail_sender
    from comments.moderation import blueprint as moderation
    from comments.public import confirmation, form_page, privacy, submit
    from comments.public.pages import register_error_pages
    from comments.site import serve

    app.register_blueprint(form_page.bp)
    app.register_blueprint(submit.bp)
    app.register_blueprint(confirmation.bp)
    app.register_blueprint(privacy.bp)
    app.register_blueprint(moderation.bp)
    cli.init_app(app)
    mail_sender.init_app(app)
    register_error_pages(app)
    if app.config["SERVE_SITE"]:
        app.register_blueprint(serve.bp)
    return app


def _use_shared_rate_limits(app: Flask) -> None:
    """Unless another storage is configured, keep the rate limits' counts in the comment store,
    shared by all worker processes (comments/rate_limit_storage.py)."""
    from comments import rate_limit_storage as rate_limits

    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = rate_limits.storage_uri(app.config["DATABASE"])
    if app.config["RATELIMIT_STORAGE_URI"].startswith(rate_limits.SCHEME + "://"):
        options = dict(app.config.get("RATELIMIT_STORAGE_OPTIONS") or {})
        options.setdefault("key_secret", str(app.config["SECRET_KEY"]))
        app.config["RATELIMIT_STORAGE_OPTIONS"] = options


def _instance_secret(instance: Path) -> str:
    """A secret key kept in ``instance/secret_key`` so sessions survive restarts."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
