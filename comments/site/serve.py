"""Development only: serve the built site from ``output/`` on the service's own origin.

In production a web server serves ``output/`` and proxies the service's paths (see README).
"""

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory
from werkzeug.security import safe_join

bp = Blueprint("site", __name__)


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
def static_site(path: str):
    """A file of the built site; a directory gives its ``index.html``."""
    root = Path(current_app.config["SITE_OUTPUT"])
    target = safe_join(str(root), path)
    if target is None:
        abort(404)
    if Path(target).is_dir():
        path = f"{path.rstrip('/')}/index.html".lstrip("/")
    response = send_from_directory(root, path, max_age=0)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response
