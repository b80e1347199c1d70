"""The audit log in Finnish words for moderators: who acted (a commenter erasing their own
comment, the system's expiry, a command), on what (a moderator, a commenter, a list entry) and
what changed (``tila: odottaa päätöstä`` rather than ``status: pending``). What the store keeps
stays as it is; only its presentation is translated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from comments.moderation.admin import LIST_LABELS, NOTIFY_CHOICES, ROLE_LABELS
from comments.moderation.decisions import STATUS_LABELS

FIELD_WORDS = {
    "status": "tila",
    "reason": "perustelu",
    "body": "teksti",
    "name": "nimi",
    "article": "artikkeli",
    "nickname": "nimimerkki",
    "role": "rooli",
    "email": "sähköposti",
    "display_name": "näyttönimi",
    "notify": "ilmoitukset",
    "password": "salasana",
    "email_confirmed": "osoite vahvistettu",
    "value": "arvo",
}
ACTOR_WORDS = {
    "system": "järjestelmä",
    "system:rehash": "järjestelmä (salasanan tallennustapa päivitettiin)",
    "system:digest": "järjestelmä (kooste lähetettiin)",
    "system:expiry": "järjestelmä (säilytysaika päättyi)",
    "cli": "komentorivi",
    "run-site": "ensimmäinen käynnistys",
}
TARGET_WORDS = {"moderator": "moderaattori", "commenter": "kommentoija"} | {
    kind: label.lower() for kind, label in LIST_LABELS.items()
}
_VALUE_WORDS = {"status": STATUS_LABELS, "role": ROLE_LABELS, "notify": NOTIFY_CHOICES}


def actor_words(actor: str | None) -> str:
    """Who acted: a moderator's username as it is, the others in words."""
    if not actor:
        return "–"
    if actor.startswith("commenter:"):
        return f"kommentoija itse (kommentti #{actor.removeprefix('commenter:')})"
    return ACTOR_WORDS.get(actor, actor)


def target_words(target_type: str | None, target_id: str | None) -> str:
    """What was acted on, other than a comment (the template links those)."""
    if not target_type:
        return ""
    return f"{TARGET_WORDS.get(target_type, target_type)} {target_id or ''}".strip()


def change_words(value: Any) -> str:
    """An audit entry's before or after value, as ``tila: hylätty; perustelu: …``."""
    if value is None:
        return "–"
    if not isinstance(value, Mapping):
        return str(value)
    return "; ".join(
        f"{FIELD_WORDS.get(key, key)}: {_value_words(key, item)}" for key, item in value.items()
    )


def _value_words(key: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    return str(_VALUE_WORDS.get(key, {}).get(value, value))
