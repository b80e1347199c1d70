"""The comment form's Finnish field messages: one source for the service's checks
(``comments/public/fields.py``) and the form's own checks in the browser, which
``theme/static/js/comments.js`` reads from the form's ``data-messages`` attribute."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from comments.policy.website import WEBSITE_MESSAGES
from comments.settings import FORM_LIMITS

FIELD_MESSAGES = {
    "name_missing": "Kirjoita nimesi: etu- ja sukunimi tai tunnistettu nimimerkki.",
    "name_long": "Nimi on liian pitkä: enintään {limit} merkkiä.",
    "name_control": "Nimessä voi olla vain yksi rivi tekstiä.",
    "email_missing": "Kirjoita sähköpostiosoitteesi. Emme julkaise sitä.",
    "email_invalid": "Tarkista sähköpostiosoite: sen pitää olla muotoa nimi@esimerkki.fi.",
    "website_long": "Verkkosivun osoite on liian pitkä: enintään {limit} merkkiä.",
    "body_missing": "Kirjoita kommenttisi.",
    "body_long": "Kommentti on liian pitkä: siinä on {length} merkkiä, enintään {limit} mahtuu.",
    "body_links": (
        "Kommentissa on liikaa linkkejä ({count}). Yhteen kommenttiin mahtuu enintään {limit}."
    ),
} | WEBSITE_MESSAGES

# What the browser checks before sending; the service checks everything again. (Not the email's
# syntax: its message shows an example address, and no address goes into the static pages.)
_BROWSER_CHECKS = (
    "name_missing",
    "name_long",
    "email_missing",
    "website_long",
    "body_missing",
    "body_long",
    *WEBSITE_MESSAGES,
)


def form_limits(config: Mapping[str, Any] | None = None) -> dict[str, int]:
    """The form's length limits: the service's settings, or the defaults (the static site)."""
    return {name: int((config or {}).get(name, value)) for name, value in FORM_LIMITS.items()}


def browser_messages(limits: Mapping[str, int]) -> str:
    """The messages the browser shows, as JSON, with the limits filled in ({length} is left for
    the browser; {chars} too)."""
    filled = {
        "name_long": {"limit": limits["NAME_MAX_CHARS"]},
        "website_long": {"limit": limits["WEBSITE_MAX_CHARS"]},
    }
    messages = {}
    for key in _BROWSER_CHECKS:
        message = FIELD_MESSAGES[key]
        if key in filled:
            message = message.format(**filled[key])
        elif key == "body_long":
            message = message.replace("{limit}", str(limits["COMMENT_MAX_CHARS"]))
        messages[key] = message
    return json.dumps(messages, ensure_ascii=False, sort_keys=True)
