"""Flask extensions shared by the blueprints, initialised in ``create_app``."""

from flask import request
from flask_limiter import Limiter
from flask_wtf.csrf import CSRFProtect


def client_ip() -> str:
    """The client's address; behind ProxyFix this is already the forwarded one."""
    return request.remote_addr or "unknown"


csrf = CSRFProtect()
limiter = Limiter(key_func=client_ip, default_limits=[])
