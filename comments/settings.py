"""The comment service's default configuration, each setting explained where it is set.

``create_app`` applies these first, then ``instance/config.py``, then ``VASTINE_*`` environment
variables (or a test's config)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# The comment form's length limits, in characters; the static form states them too
# (comments/form_messages.py).
FORM_LIMITS = {"COMMENT_MAX_CHARS": 5000, "NAME_MAX_CHARS": 80, "WEBSITE_MAX_CHARS": 200}
# The development server's address (``make run``), the site's address until one is configured.
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def defaults(instance: Path, project_root: Path) -> dict[str, Any]:
    """The settings ``create_app`` starts from; ``instance`` is the app's instance folder."""
    return {
        # Signs sessions, tokens and links; None: kept in instance/secret_key
        "SECRET_KEY": None,
        # The comment store: a SQLite file path (or sqlite:///path), or a PostgreSQL URL
        # (postgresql://user@host/db, postgresql://user@/db?host=/socket/dir) for several hosts
        "DATABASE": str(instance / "comments.sqlite3"),
        # --- the built site and how it is built
        # The directory the web server serves; approvals are written into its pages
        "SITE_OUTPUT": str(project_root / "output"),
        # Pelican settings for the full build
        "PELICAN_SETTINGS": str(project_root / "pelicanconf.py"),
        # The theme's templates, whose comment_block.html the fast path renders
        "THEME_TEMPLATES": str(project_root / "theme" / "templates"),
        # Serve SITE_OUTPUT from the service too (development; a web server does it in production)
        "SERVE_SITE": True,
        # The public site's address, for links in mails
        "SITE_URL": DEFAULT_SITE_URL,
        # The service's own address when it is not on the site's origin ('' = same origin)
        "SERVICE_URL": "",
        # How long decisions are gathered before one full build runs
        "PUBLISH_DEBOUNCE_SECONDS": 2.0,
        # Follow each fast-path publication with a debounced full build (counts, listings)
        "PUBLISH_FULL_BUILD": True,
        # --- mail: with no SMTP_HOST, mails are written to MAIL_OUTBOX and logged (development)
        # SMTP server's host name
        "SMTP_HOST": None,
        # SMTP server's port
        "SMTP_PORT": 25,
        # SMTP login name, if the server wants one
        "SMTP_USERNAME": None,
        # SMTP password
        "SMTP_PASSWORD": None,
        # Upgrade the SMTP connection with STARTTLS
        "SMTP_STARTTLS": False,
        # Sender of every mail
        "MAIL_FROM": "Vastine <kommentit@vastine.example.fi>",
        # Where mails go as files when no SMTP_HOST is set
        "MAIL_OUTBOX": str(instance / "outbox"),
        # A mail that could not be sent is tried again after this many seconds, then twice as long
        "MAIL_RETRY_SECONDS": 60.0,
        # ... but never waits longer than this between tries
        "MAIL_RETRY_MAX_SECONDS": 3600.0,
        # A mail still unsent this many hours after it was written is given up (shown to admins)
        "MAIL_GIVE_UP_HOURS": 72,
        # A sender holds the mails it took this long; a killed sender's mails wait this long
        "MAIL_CLAIM_SECONDS": 300.0,
        # Each process's sender looks for mails written by other processes this often
        "MAIL_POLL_SECONDS": 10.0,
        # --- input limits
        # Largest request body accepted, in bytes
        "MAX_CONTENT_LENGTH": 64 * 1024,
        # Longest comment, in characters
        "COMMENT_MAX_CHARS": FORM_LIMITS["COMMENT_MAX_CHARS"],
        # Most links in one comment
        "COMMENT_MAX_LINKS": 3,
        # Longest name, in characters
        "NAME_MAX_CHARS": FORM_LIMITS["NAME_MAX_CHARS"],
        # Longest website address, in characters
        "WEBSITE_MAX_CHARS": FORM_LIMITS["WEBSITE_MAX_CHARS"],
        # A form sent sooner than this after it was handed out looks automated
        "FORM_MIN_SECONDS": 3,
        # A form token older than this has expired
        "FORM_MAX_SECONDS": 24 * 3600,
        # The same comment again within this many hours is a duplicate
        "DUPLICATE_WINDOW_HOURS": 24,
        # --- rate limits (flask-limiter syntax)
        # How many proxies' X-Forwarded-For to trust for the client address (0: none)
        "TRUSTED_PROXY_COUNT": 0,
        # Rate limits on or off
        "RATELIMIT_ENABLED": True,
        # Where counts are kept; None: in the comment store, shared by all worker processes
        "RATELIMIT_STORAGE_URI": None,
        # Comments one client address may send
        "RATELIMIT_SUBMIT_PER_IP": "10 per minute;60 per hour",
        # Comments one email address may send
        "RATELIMIT_SUBMIT_PER_EMAIL": "5 per minute;20 per hour",
        # Failed logins one client address may make
        "RATELIMIT_LOGIN": "5 per minute;30 per hour",
        # --- policy
        # Look up the email domain's MX records (needs DNS; off in development)
        "EMAIL_CHECK_DELIVERABILITY": False,
        # How long one DNS look-up may take, in seconds
        "EMAIL_DNS_TIMEOUT": 2.0,
        # Publish at once the clean comments of trusted commenters (comments/policy/trust.py)
        "AUTO_APPROVE_TRUSTED": False,
        # How many approved comments (and none refused) make a commenter trusted
        "TRUSTED_MIN_APPROVED": 3,
        # Refuse new comments to articles older than this many days (0: never); the full build
        # passes it to Pelican, so the pages close at the same age (Comments: closed in an
        # article's metadata closes one article)
        "COMMENTS_CLOSE_AFTER_DAYS": 0,
        # --- retention (what the Tietosuoja page promises)
        # An unconfirmed comment is deleted after this many hours
        "UNCONFIRMED_TTL_HOURS": 72,
        # Rejected and spam comments are deleted after this many days
        "REFUSED_RETENTION_DAYS": 30,
        # Audit log entries are deleted after this many days
        "AUDIT_RETENTION_DAYS": 365,
        # Sent and failed mails' outbox rows (their text is dropped at once) go after this many days
        "MAIL_RETENTION_DAYS": 7,
        # At most one confirmation mail per address in this many minutes; later comments from
        # the address wait for the same link
        "CONFIRMATION_MAIL_INTERVAL_MINUTES": 10,
        # A confirmation link works this long
        "TOKEN_MAX_AGE_SECONDS": 72 * 3600,
        # A privacy self-service link works this long
        "PRIVACY_LINK_MAX_AGE_SECONDS": 3600,
        # --- sessions
        # Session cookie only over HTTPS (run-site and tests turn it off for plain http)
        "SESSION_COOKIE_SECURE": True,
        # Session cookie out of JavaScript's reach
        "SESSION_COOKIE_HTTPONLY": True,
        # Session cookie not sent on cross-site requests
        "SESSION_COOKIE_SAMESITE": "Lax",
        # A moderator's session lasts this many seconds
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        # A form's CSRF token lasts this many seconds
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    }
