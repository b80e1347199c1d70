"""Signed, expiring tokens for links and forms (itsdangerous with the app's SECRET_KEY).

The purpose is the salt, so a token made for one purpose ("form", "confirm", "privacy",
"unsubscribe", "confirmed") is worthless for any other.
"""

from __future__ import annotations

import time
from enum import Enum
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

PURPOSES = frozenset({"form", "confirm", "privacy", "unsubscribe", "confirmed"})


def sign(purpose: str, payload: Any) -> str:
    """A URL-safe token carrying ``payload`` (anything JSON can hold) for ``purpose``."""
    return _serializer(purpose).dumps(payload)


def verify(purpose: str, token: str, max_age: int) -> Any | None:
    """The payload of a valid token for ``purpose`` at most ``max_age`` seconds old, else None."""
    if not isinstance(token, str) or not token or len(token) > 2000:
        return None
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:  # also SignatureExpired and BadPayload's malformed data
        return None


class FormTokenProblem(Enum):
    """Why a form token was not accepted."""

    MISSING = "missing"
    INVALID = "invalid"
    TOO_FAST = "too_fast"
    TOO_OLD = "too_old"


def form_token(issued: float | None = None) -> str:
    """A form token: the signed moment the form was handed out (``issued`` for tests)."""
    return sign("form", {"issued": round(time.time() if issued is None else issued, 3)})


def check_form_token(
    token: str | None, min_seconds: float, max_seconds: float
) -> FormTokenProblem | None:
    """None when the form was handed out between ``max_seconds`` and ``min_seconds`` ago."""
    if not token:
        return FormTokenProblem.MISSING
    payload = verify("form", token, max_age=10 * 365 * 24 * 3600)
    issued = payload.get("issued") if isinstance(payload, dict) else None
    if not isinstance(issued, int | float) or isinstance(issued, bool):
        return FormTokenProblem.INVALID
    age = time.time() - issued
    if age < min_seconds:
        return FormTokenProblem.TOO_FAST
    if age > max_seconds:
        return FormTokenProblem.TOO_OLD
    return None


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"vastine-{purpose}")
