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

    app = Flask(__name__, instance_path=str(PROJECT_ROOT / "instance"))
    app.config.from_mapping(_defaults(Path(app.instance_path)))
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

    from comments import api, cli, confirmation, moderation, privacy, site

    app.register_blueprint(api.bp)
    app.register_blueprint(confirmation.bp)
    app.register_blueprint(privacy.bp)
    app.register_blueprint(moderation.bp)
    cli.init_app(app)
    if app.config["SERVE_SITE"]:
        app.register_blueprint(site.bp)
    return app


def _use_shared_rate_limits(app: Flask) -> None:
    """Unless another storage is configured, keep the rate limits' counts in the comment store,
    shared by all worker processes (comments/rate_limits.py)."""
    from comments import rate_limits

    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = rate_limits.storage_uri(app.config["DATABASE"])
    if app.config["RATELIMIT_STORAGE_URI"].startswith(rate_limits.SCHEME + "://"):
        options = dict(app.config.get("RATELIMIT_STORAGE_OPTIONS") or {})
        options.setdefault("key_secret", str(app.config["SECRET_KEY"]))
        app.config["RATELIMIT_STORAGE_OPTIONS"] = options


def _defaults(instance: Path) -> dict[str, Any]:
    return {
        "SECRET_KEY": None,
        "DATABASE": str(instance / "comments.sqlite3"),
        # The built site and how it is built
        "SITE_OUTPUT": str(PROJECT_ROOT / "output"),
        "PELICAN_SETTINGS": str(PROJECT_ROOT / "pelicanconf.py"),
        "THEME_TEMPLATES": str(PROJECT_ROOT / "theme" / "templates"),
        "SERVE_SITE": True,
        "SITE_URL": "http://127.0.0.1:8000",
        "SERVICE_URL": "",
        "PUBLISH_DEBOUNCE_SECONDS": 2.0,
        "PUBLISH_FULL_BUILD": True,
        # Mail: with no SMTP_HOST, mails are written to MAIL_OUTBOX and logged (development)
        "SMTP_HOST": None,
        "SMTP_PORT": 25,
        "SMTP_USERNAME": None,
        "SMTP_PASSWORD": None,
        "SMTP_STARTTLS": False,
        "MAIL_FROM": "Vastine <kommentit@vastine.example.fi>",
        "MAIL_OUTBOX": str(instance / "outbox"),
        # Input limits
        "MAX_CONTENT_LENGTH": 64 * 1024,
        "COMMENT_MAX_CHARS": 5000,
        "COMMENT_MAX_LINKS": 3,
        "NAME_MAX_CHARS": 80,
        "WEBSITE_MAX_CHARS": 200,
        "FORM_MIN_SECONDS": 3,
        "FORM_MAX_SECONDS": 24 * 3600,
        "DUPLICATE_WINDOW_HOURS": 24,
        # Rate limits (flask-limiter syntax); the client IP comes from X-Forwarded-For only when
        # TRUSTED_PROXY_COUNT says how many proxies to trust. No storage URI: the counts are kept
        # in the comment store, shared by all worker processes.
        "TRUSTED_PROXY_COUNT": 0,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": None,
        "RATELIMIT_SUBMIT_PER_IP": "10 per minute;60 per hour",
        "RATELIMIT_SUBMIT_PER_EMAIL": "5 per minute;20 per hour",
        "RATELIMIT_LOGIN": "5 per minute;30 per hour",
        # Policy
        "EMAIL_CHECK_DELIVERABILITY": False,
        "EMAIL_DNS_TIMEOUT": 2.0,
        # Publish at once the clean comments of commenters with this many approved comments and
        # none rejected (comments/policy/trust.py); off: every comment waits for a moderator.
        "AUTO_APPROVE_TRUSTED": False,
        "TRUSTED_MIN_APPROVED": 3,
        # Retention (what the Tietosuoja page promises)
        "UNCONFIRMED_TTL_HOURS": 72,
        "REFUSED_RETENTION_DAYS": 30,
        "AUDIT_RETENTION_DAYS": 365,
        "TOKEN_MAX_AGE_SECONDS": 72 * 3600,
        "PRIVACY_LINK_MAX_AGE_SECONDS": 3600,
        # Sessions: Secure outside development (run-site and tests turn it off for plain http)
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    }


def _instance_secret(instance: Path) -> str:
    """A secret key kept in ``instance/secret_key`` so sessions survive restarts."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
