"""Moderator pages beyond the queue: teaching the policy (block/allow lists and recognised
nicknames) and managing moderators for admins; the audit log and one's own settings for all."""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from comments import passwords, store
from comments.moderation.auth import actor_name, current_moderator, login_required
from comments.moderation.nicknames import refresh_name_findings

bp = Blueprint("admin", __name__)

AUDIT_PAGE_SIZE = 50
NOTIFY_CHOICES = {
    "immediate": "Heti jokaisesta uudesta kommentista",
    "digest": "Koosteena (komento send-digest)",
    "none": "Ei sähköposteja",
}
LIST_LABELS = {
    "block_email": "Estetyt sähköpostiosoitteet",
    "allow_email": "Sallitut sähköpostiosoitteet",
    "block_domain": "Estetyt verkkotunnukset",
    "allow_domain": "Sallitut verkkotunnukset",
    "block_word": "Estetyt sanat",
}
ROLE_LABELS = {"moderator": "Moderaattori", "admin": "Ylläpitäjä"}
ACTION_LABELS = {
    "create": "Kommentti luotu",
    "decide": "Päätös",
    "undo": "Päätös peruttu",
    "edit": "Muokkaus",
    "delete": "Poisto",
    "override_unconfirmed": "Hyväksytty vahvistamatta",
    "nickname": "Nimimerkki",
    "list_add": "Listaan lisätty",
    "list_remove": "Listalta poistettu",
    "add_moderator": "Moderaattori lisätty",
    "update_moderator": "Moderaattoria muutettu",
    "delete_moderator": "Moderaattori poistettu",
    "login": "Kirjautuminen",
    "logout": "Uloskirjautuminen",
    "end_sessions": "Istunnot päätetty",
}
MODERATOR_EMAIL = re.compile(r"^[^@\s]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)+$")
_DOMAIN = re.compile(r"^(?=.{3,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$")
_USERNAME = re.compile(r"^[a-z0-9._-]{3,40}$")


@bp.route("/tarkastusloki")
@login_required()
def audit() -> str:
    """Every decision and change, newest first, a page at a time; filter by action or actor."""
    try:
        page = max(1, int(request.args.get("sivu", "1")))
    except ValueError:
        page = 1
    action = request.args.get("toiminto", "")
    actor = request.args.get("kuka", "").strip()[:80]
    rows = store.audit_entries(
        store.get_db(),
        limit=AUDIT_PAGE_SIZE + 1,
        offset=(page - 1) * AUDIT_PAGE_SIZE,
        action=action if action in ACTION_LABELS else None,
        actor=actor or None,
    )
    filters = {"toiminto": action if action in ACTION_LABELS else "", "kuka": actor}
    return render_template(
        "moderation/audit.html",
        entries=rows[:AUDIT_PAGE_SIZE],
        page=page,
        has_next=len(rows) > AUDIT_PAGE_SIZE,
        filters=filters,
        link_args={key: value for key, value in filters.items() if value},
    )


@bp.route("/asetukset", methods=["GET", "POST"])
@login_required()
def settings() -> str | Response:
    """The moderator's own name, email and notification preference."""
    moderator = current_moderator()
    if request.method == "POST":
        notify = request.form.get("notify", "")
        email = request.form.get("email", "").strip().lower()
        display_name = request.form.get("display_name", "").strip()[:80]
        error = None
        if notify not in NOTIFY_CHOICES:
            error = "Valitse, miten haluat ilmoitukset."
        elif email and not MODERATOR_EMAIL.match(email):
            error = "Tarkista sähköpostiosoite."
        elif notify != "none" and not email:
            error = "Ilmoitukset tarvitsevat sähköpostiosoitteen."
        if error:
            flash(error, "error")
        else:
            store.update_moderator(
                store.get_db(),
                moderator["id"],
                actor_name(),
                notify=notify,
                email=email,
                display_name=display_name,
            )
            flash("Asetukset tallennettu.", "success")
        return redirect(url_for(".settings"))
    return render_template(
        "moderation/settings.html", notify_choices=NOTIFY_CHOICES, min_length=passwords.MIN_LENGTH
    )


@bp.route("/asetukset/salasana", methods=["POST"])
@login_required()
def change_password() -> Response:
    """Change one's own password (the old one is asked again); other sessions end."""
    moderator = current_moderator()
    current = request.form.get("current_password", "")
    new = request.form.get("new_password", "")
    if not passwords.verify_password(moderator["password_hash"], current):
        flash("Nykyinen salasana oli väärin. Salasanaa ei vaihdettu.", "error")
    elif len(new) < passwords.MIN_LENGTH:
        flash(f"Uuden salasanan on oltava vähintään {passwords.MIN_LENGTH} merkkiä.", "error")
    elif new != request.form.get("new_password_again", ""):
        flash("Uudet salasanat eivät olleet samat.", "error")
    else:
        new_hash = passwords.hash_password(new)
        db = store.get_db()
        store.update_moderator(db, moderator["id"], actor_name(), password_hash=new_hash)
        flash("Salasana vaihdettu. Kirjaudu sisään uudella salasanalla.", "success")
        return redirect(url_for("moderation.auth.login"))
    return redirect(url_for(".settings"))


@bp.route("/estolistat")
@login_required("admin")
def lists() -> str:
    """Block and allow lists that the policy reads on every submission."""
    entries = store.list_entries(store.get_db())
    grouped = {kind: [e for e in entries if e["kind"] == kind] for kind in store.LIST_KINDS}
    return render_template("moderation/lists.html", grouped=grouped, list_labels=LIST_LABELS)


@bp.route("/estolistat/lisaa", methods=["POST"])
@login_required("admin")
def add_list_entry() -> Response:
    kind = request.form.get("kind", "")
    value = request.form.get("value", "").strip().lower()
    if kind.endswith("_domain"):
        value = value.removeprefix("@")
    problem = _list_value_problem(kind, value)
    if problem:
        flash(problem, "error")
    elif store.add_list_entry(store.get_db(), kind, value, actor_name()):
        flash(f"Lisätty listaan {LIST_LABELS[kind].lower()}: {value}", "success")
    else:
        flash(f"{value} oli jo listalla {LIST_LABELS[kind].lower()}.", "info")
    return redirect(url_for(".lists"))


@bp.route("/estolistat/poista", methods=["POST"])
@login_required("admin")
def remove_list_entry() -> Response:
    kind = request.form.get("kind", "")
    value = request.form.get("value", "")
    if kind not in LIST_LABELS:
        abort(400)
    if store.remove_list_entry(store.get_db(), kind, value, actor_name()):
        flash(f"Poistettu listalta {LIST_LABELS[kind].lower()}: {value.strip().lower()}", "success")
    else:
        flash("Arvoa ei ollut listalla.", "info")
    return redirect(url_for(".lists"))


@bp.route("/nimimerkit", methods=["GET", "POST"])
@login_required("admin")
def nicknames() -> str | Response:
    """Recognised nicknames: a nickname is accepted as a name only from its own email."""
    db = store.get_db()
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        nickname = " ".join(request.form.get("nickname", "").split())
        if not MODERATOR_EMAIL.match(email):
            flash("Tarkista sähköpostiosoite.", "error")
        elif not 2 <= len(nickname) <= 40 or "://" in nickname or "www." in nickname.lower():
            flash("Nimimerkin on oltava 2–40 merkkiä eikä se saa olla osoite.", "error")
        else:
            store.set_nickname(db, email, nickname, actor_name())
            updated = refresh_name_findings(db, email, current_app.config)
            flash(
                f"Nimimerkki {nickname} tunnistettu osoitteelle {email}." + _updated_note(updated),
                "success",
            )
        return redirect(url_for(".nicknames"))
    return render_template(
        "moderation/nicknames.html", nicknames=sorted(store.recognised_nicknames(db).items())
    )


@bp.route("/nimimerkit/poista", methods=["POST"])
@login_required("admin")
def remove_nickname() -> Response:
    email = request.form.get("email", "").strip().lower()
    db = store.get_db()
    if email not in store.recognised_nicknames(db):
        flash("Osoitteella ei ollut tunnistettua nimimerkkiä.", "info")
    else:
        store.set_nickname(db, email, None, actor_name())
        updated = refresh_name_findings(db, email, current_app.config)
        flash(
            f"Nimimerkin tunnistus poistettu osoitteelta {email}." + _updated_note(updated),
            "success",
        )
    return redirect(url_for(".nicknames"))


@bp.route("/moderaattorit")
@login_required("admin")
def moderators() -> str:
    return _moderators_page()


@bp.route("/moderaattorit/lisaa", methods=["POST"])
@login_required("admin")
def add_moderator() -> str | Response:
    """Create an account with a random password, shown once on the page that answers."""
    db = store.get_db()
    username = request.form.get("username", "").strip().lower()
    role = request.form.get("role", "moderator")
    email = request.form.get("email", "").strip().lower()
    display_name = request.form.get("display_name", "").strip()[:80]
    if not _USERNAME.match(username):
        flash("Käyttäjätunnuksessa saa olla 3–40 merkkiä: a–z, 0–9, piste, viiva.", "error")
    elif role not in store.MODERATOR_ROLES:
        flash("Valitse rooli.", "error")
    elif email and not MODERATOR_EMAIL.match(email):
        flash("Tarkista sähköpostiosoite.", "error")
    elif store.get_moderator(db, username):
        flash(f"Käyttäjätunnus {username} on jo käytössä.", "error")
    else:
        password = passwords.random_password()
        store.add_moderator(
            db,
            username,
            passwords.hash_password(password),
            role,
            email,
            display_name,
            actor=actor_name(),
        )
        return _moderators_page(new_account=(username, password))
    return redirect(url_for(".moderators"))


@bp.route("/moderaattorit/<int:moderator_id>/rooli", methods=["POST"])
@login_required("admin")
def change_role(moderator_id: int) -> Response:
    db = store.get_db()
    target = store.get_moderator_by_id(db, moderator_id)
    role = request.form.get("role", "")
    if target is None:
        abort(404)
    if role not in store.MODERATOR_ROLES:
        flash("Valitse rooli.", "error")
    elif target["role"] == role:
        flash(f"{target['username']} on jo {ROLE_LABELS[role].lower()}.", "info")
    elif target["role"] == "admin" and _admin_count(db) <= 1:
        flash("Viimeiseltä ylläpitäjältä ei voi poistaa ylläpito-oikeutta.", "error")
    else:
        store.update_moderator(db, moderator_id, actor_name(), role=role)
        flash(f"{target['username']}: rooli nyt {ROLE_LABELS[role].lower()}.", "success")
    return redirect(url_for(".moderators"))


@bp.route("/moderaattorit/<int:moderator_id>/istunnot", methods=["POST"])
@login_required("admin")
def end_sessions(moderator_id: int) -> Response:
    """Log the moderator out everywhere (a lost laptop, a shared computer)."""
    db = store.get_db()
    target = store.get_moderator_by_id(db, moderator_id)
    if target is None:
        abort(404)
    store.end_sessions(db, moderator_id, actor_name())
    if target["id"] == current_moderator()["id"]:
        flash("Kaikki istuntosi päätettiin. Kirjaudu uudelleen.", "success")
        return redirect(url_for("moderation.auth.login"))
    flash(f"Käyttäjän {target['username']} kaikki istunnot päätettiin.", "success")
    return redirect(url_for(".moderators"))


@bp.route("/moderaattorit/<int:moderator_id>/poista", methods=["POST"])
@login_required("admin")
def remove_moderator(moderator_id: int) -> Response:
    db = store.get_db()
    target = store.get_moderator_by_id(db, moderator_id)
    if target is None:
        abort(404)
    if target["id"] == current_moderator()["id"]:
        flash("Et voi poistaa omaa tunnustasi.", "error")
    elif target["role"] == "admin" and _admin_count(db) <= 1:
        flash("Viimeistä ylläpitäjää ei voi poistaa.", "error")
    else:
        store.delete_moderator(db, moderator_id, actor_name())
        flash(f"Moderaattori {target['username']} poistettu.", "success")
    return redirect(url_for(".moderators"))


def _updated_note(count: int) -> str:
    return f" Päivitettiin {count} odottavan kommentin havainnot." if count else ""


def _moderators_page(new_account: tuple[str, str] | None = None) -> str:
    return render_template(
        "moderation/moderators.html",
        moderators=store.moderators(store.get_db()),
        role_labels=ROLE_LABELS,
        notify_labels=NOTIFY_CHOICES,
        new_account=new_account,
    )


def _admin_count(db) -> int:
    return sum(1 for row in store.moderators(db) if row["role"] == "admin")


def _list_value_problem(kind: str, value: str) -> str | None:
    if kind not in LIST_LABELS:
        return "Valitse lista."
    if kind.endswith("_email") and not MODERATOR_EMAIL.match(value):
        return "Anna kokonainen sähköpostiosoite, esimerkiksi nimi@esimerkki.fi."
    if kind.endswith("_domain") and not _DOMAIN.match(value):
        return "Anna verkkotunnus ilman @-merkkiä, esimerkiksi esimerkki.fi."
    if kind == "block_word" and not 2 <= len(value) <= 60:
        return "Estettävän sanan on oltava 2–60 merkkiä."
    return None
