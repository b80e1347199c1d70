"""Flask commands: ``flask --app comments <command>``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from comments import passwords, store
from comments.importers import commands as importer_commands
from comments.policy import Submission, evaluate
from comments.settings import DEFAULT_SITE_URL
from comments.site.articles import article_authors


def init_app(app: Flask) -> None:
    """Register the commands on ``app``."""
    for command in (
        init_db,
        create_moderator,
        policy_check,
        backup,
        build,
        publish,
        run_site,
        purge,
        send_digest,
        move_store,
        send_mail,
    ):
        app.cli.add_command(command)
    importer_commands.init_app(app)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or migrate the comment store (SQLite or PostgreSQL)."""
    db = store.get_db()
    click.echo(f"Tietokanta valmis: {current_app.config['DATABASE']} (versio {store.migrate(db)})")


@click.command("create-moderator")
@click.argument("username")
@click.option("--role", type=click.Choice(store.MODERATOR_ROLES), default="admin")
@click.option("--email", default="")
@click.option("--display-name", default="")
@click.password_option(
    "--password", prompt="Salasana", confirmation_prompt="Salasana uudelleen", default=None
)
@with_appcontext
def create_moderator(
    username: str, role: str, email: str, display_name: str, password: str | None
) -> None:
    """Create a moderator (the first one is an admin)."""
    if len(password or "") < passwords.MIN_LENGTH:
        raise click.ClickException(
            f"Salasanan on oltava vähintään {passwords.MIN_LENGTH} merkkiä pitkä."
        )
    db = store.get_db()
    if store.get_moderator(db, username):
        raise click.ClickException(f"Käyttäjätunnus {username} on jo olemassa.")
    store.add_moderator(
        db, username, passwords.hash_password(password), role, email, display_name, actor="cli"
    )
    click.echo(f"Moderaattori {username} ({role}) luotu.")


@click.command("policy-check")
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@with_appcontext
def policy_check(file) -> None:
    """Read JSON Lines ({"name", "email", "body", "website"?}) and print one verdict per line.

    Makes no network calls; the output shape is a stable contract used by other tools.
    """
    for number, line in enumerate(file, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            submission = Submission(
                name=str(item.get("name", "")),
                email=str(item.get("email", "")),
                body=str(item.get("body", "")),
                website=str(item.get("website") or ""),
            )
        except (json.JSONDecodeError, AttributeError) as error:
            click.echo(json.dumps({"error": f"line {number}: {error}"}), err=True)
            sys.exit(1)
        click.echo(json.dumps(evaluate(submission).to_json(), ensure_ascii=False))


@click.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(destination: Path) -> None:
    """Copy the store to DESTINATION with SQLite's online backup (safe while serving)."""
    db = store.get_db()
    if db.is_postgresql:
        raise click.ClickException(
            "Tämä komento varmuuskopioi SQLite-tietokannan. PostgreSQL-tietokannan "
            "varmuuskopio otetaan PostgreSQLin omalla työkalulla, esimerkiksi: "
            f"pg_dump --format=custom --file={destination} 'OSOITE' "
            "(OSOITE on asetuksen DATABASE arvo)."
        )
    store.backup(db, destination)
    click.echo(f"Varmuuskopio tallennettu: {destination}")


@click.command("build")
@with_appcontext
def build() -> None:
    """Build the whole site with Pelican (approved comments included)."""
    from comments.site.publish import build_site

    build_site(current_app.config)
    click.echo(f"Sivusto rakennettu: {current_app.config['SITE_OUTPUT']}")


@click.command("publish")
@click.argument("slugs", nargs=-1)
@with_appcontext
def publish(slugs: tuple[str, ...]) -> None:
    """Write the approved comments of SLUGS (default: every built article) into the built pages
    now, without a full build; an article whose page cannot be patched is reported."""
    from comments.site.articles import find_article
    from comments.site.publish import SiteConfig, republish_page

    site = SiteConfig.from_config(current_app.config)
    if not slugs:
        pages = site.output.glob("*/index.html") if site.output.is_dir() else []
        slugs = tuple(
            sorted(p.parent.name for p in pages if find_article(site.output, p.parent.name))
        )
    failed = [slug for slug in slugs if republish_page(site, slug) is not None]
    click.echo(f"Kommentit päivitetty {len(slugs) - len(failed)} artikkeliin.")
    if failed:
        raise click.ClickException(
            "Näitä artikkeleita ei voitu päivittää (aja flask --app comments build): "
            + ", ".join(failed)
        )


def _serve_links_at(app: Flask, address: str) -> None:
    """Links in mails and feeds point at the development server's own address (say
    ``make run PORT=8765``), unless the site's address was configured."""
    if os.environ.get("VASTINE_SITE_URL") or app.config["SITE_URL"] != DEFAULT_SITE_URL:
        return
    app.config["SITE_URL"] = address
    os.environ["VASTINE_SITE_URL"] = address  # pelicanconf.py's feed domain, in the build


@click.command("run-site")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8000, type=int)
@click.option("--reload/--no-reload", default=True, help="Rebuild when content/ or theme/ changes.")
@with_appcontext
def run_site(host: str, port: int, reload: bool) -> None:
    """Development: prepare the store, build the site and serve site + service on one origin;
    rebuild the site whenever a file under content/ or theme/ changes."""
    from comments.site import autoreload
    from comments.site.publish import SiteConfig
    from comments.site.sample_comments import load_sample_comments

    app = current_app._get_current_object()
    db = store.get_db()
    store.migrate(db)
    address = f"http://{host}:{port}/"
    _serve_links_at(app, address.rstrip("/"))
    content = SiteConfig.from_config(app.config).content
    login = _first_admin(db, content, interactive=sys.stdin.isatty())
    samples = load_sample_comments(db)
    if samples:
        click.echo(f"Tyhjään tietokantaan lisättiin {samples} esimerkkikommenttia.")
    autoreload.build_and_report(app.config, click.echo)  # a broken article stops nothing
    app.config["SESSION_COOKIE_SECURE"] = False  # plain http on 127.0.0.1 in development
    click.echo("")
    click.echo(f"Vastine käynnissä: {address}")
    click.echo(f"Moderointi:        {address}moderointi/")
    click.echo(login)
    if not app.config.get("SMTP_HOST"):
        click.echo(
            "Sähköpostit (esimerkiksi kommentoijien vahvistuslinkit) tallennetaan tiedostoiksi "
            f"kansioon {app.config['MAIL_OUTBOX']}, koska SMTP_HOST-asetusta ei ole annettu."
        )
    if reload:
        autoreload.start(app.config, click.echo)
        click.echo(
            "Kun tallennat tiedoston kansioon content/ tai theme/, sivusto rakennetaan uudelleen."
        )
    click.echo("Pysäytä: Ctrl+C")
    click.echo("")
    # app.run() is a no-op under the flask command; serve with werkzeug directly.
    run_simple(host, port, app, threaded=True, use_reloader=False)


def _first_admin(db, content: Path | None = None, interactive: bool = False) -> str:
    """Create an admin with a random password on first start; say how to log in.

    The admin is also the author who replies to comments, so it gets a display name and an
    email for notifications: asked on the terminal (``interactive``), otherwise the name is the
    most frequent ``Author`` of the articles in ``content`` and the email is left empty (the
    queue page then says that nobody is told of new comments)."""
    existing = store.moderators(db)
    if existing:
        names = ", ".join(moderator["username"] for moderator in existing)
        return (
            f"Kirjaudu tunnuksella: {names} (salasana näytettiin ensimmäisellä käynnistyksellä).\n"
            "Uusi tunnus: .venv/bin/flask --app comments create-moderator NIMI"
        )
    authors = article_authors(content) if content and content.is_dir() else []
    display_name = authors[0] if authors else ""
    email = ""
    if interactive:
        click.echo("Ensimmäinen käynnistys: luodaan ylläpitäjä, joka vastaa kommentteihin.")
        display_name = _prompt_display_name(display_name)
        email = _prompt_email()
    password = passwords.random_password()
    store.add_moderator(
        db,
        "admin",
        passwords.hash_password(password),
        "admin",
        email=email,
        display_name=display_name,
        actor="run-site",
    )
    name_line = (
        f"Nimi kirjoittajan vastauksissa: {display_name}"
        if display_name
        else "Nimeä ei ole: lisää se kohdassa Omat asetukset ennen kuin vastaat kommentteihin."
    )
    email_line = (
        f"Ilmoitukset uusista kommenteista: {email}"
        if email
        else "Sähköpostia ei annettu: kukaan ei saa ilmoitusta uusista kommenteista, ennen kuin "
        "lisäät osoitteen kohdassa Omat asetukset."
    )
    return (
        "Ensimmäinen ylläpitäjä luotu. Kirjaudu: käyttäjätunnus admin, salasana "
        f"{password}\n(Salasana näytetään vain tämän kerran.)\n{name_line}\n{email_line}"
    )


def _prompt_display_name(default: str) -> str:
    while True:
        name = click.prompt(
            "Nimesi kirjoittajan vastauksissa", default=default or None, show_default=bool(default)
        ).strip()
        if 2 <= len(name) <= 80:
            return name
        click.echo("Nimessä on oltava 2–80 merkkiä.")


def _prompt_email() -> str:
    from comments.moderation.admin import MODERATOR_EMAIL

    while True:
        email = click.prompt(
            "Sähköpostiosoite ilmoituksille uusista kommenteista (tyhjä: ei ilmoituksia)",
            default="",
            show_default=False,
        )
        email = email.strip().lower()
        if not email or MODERATOR_EMAIL.match(email):
            return email
        click.echo("Tarkista sähköpostiosoite, esimerkiksi nimi@esimerkki.fi.")


@click.command("purge")
@with_appcontext
def purge() -> None:
    """Delete expired data: unconfirmed comments, old rejected/spam comments, audit entries and
    sent or failed mails."""
    from comments.public.privacy import purge_by_policy

    counts = purge_by_policy(store.get_db(), current_app.config)
    click.echo(
        f"Poistettiin {counts['unconfirmed']} vahvistamatonta kommenttia, "
        f"{counts['refused']} hylättyä tai roskapostiksi merkittyä kommenttia, "
        f"{counts['audit']} vanhaa lokimerkintää ja {counts['mail']} lähetettyä tai "
        "lähettämättä jäänyttä viestiä."
    )


@click.command("send-digest")
@with_appcontext
def send_digest() -> None:
    """Mail each digest moderator the pending comments that arrived since their last digest."""
    from comments.mail.notifications import send_digests

    sent = send_digests()
    click.echo(f"Lähetettiin {sent} {'kooste' if sent == 1 else 'koostetta'}.")


@click.command("move-store")
@click.option("--to", "target", required=True, metavar="postgresql://...", help="empty database")
@with_appcontext
def move_store(target: str) -> None:
    """Copy this SQLite store into an empty PostgreSQL database (same ids), verify every
    table's row count and checksum, and say how to switch to it."""
    source = str(current_app.config["DATABASE"])
    if store.is_postgresql(source):
        raise click.ClickException("Tietokanta on jo PostgreSQL-tietokanta; siirrettävää ei ole.")
    if not store.is_postgresql(target):
        raise click.ClickException(
            "Kohteen on oltava PostgreSQL-osoite, esimerkiksi postgresql://vastine@/vastine"
        )
    try:
        copies = _move(source, target)
    except store.TargetNotEmpty as full:
        raise click.ClickException(
            f"Kohdetietokanta ei ole tyhjä (taulussa {full.table} on {full.rows} riviä). "
            "Siirto tehdään vain tyhjään tietokantaan; mitään ei kopioitu."
        ) from full
    except store.MoveMismatch as mismatch:
        raise click.ClickException(
            f"Tarkistus ei täsmännyt ({mismatch}). Älä ota kohdetta käyttöön; "
            "lähdetietokanta on ennallaan."
        ) from mismatch
    except store.database_errors(target) as error:
        raise click.ClickException(f"PostgreSQL-tietokantaan ei saatu yhteyttä: {error}") from error
    for copy in copies:
        click.echo(f"{copy.table:<14} {copy.rows:>8} riviä  tarkistussumma {copy.checksum[:16]} ok")
    click.echo(
        "\nKaikki taulut siirretty ja tarkistettu. Ota PostgreSQL käyttöön: aseta "
        f"DATABASE = {target!r} tiedostoon instance/config.py (tai ympäristömuuttuja "
        "VASTINE_DATABASE) ja käynnistä palvelu uudelleen. Pysäytä palvelu ennen siirtoa, "
        "jos se on käynnissä: siirron jälkeen tulleet kommentit jäisivät vanhaan tietokantaan."
    )


def _move(source: str, target: str) -> list[store.TableCopy]:
    source_db = store.connect(source)
    try:
        target_db = store.connect(target)
        try:
            return store.move_store(source_db, target_db)
        finally:
            target_db.close()
    finally:
        source_db.close()


@click.command("send-mail")
@with_appcontext
def send_mail() -> None:
    """Send the mails waiting in the outbox (run from cron; the service sends them too)."""
    from comments.mail.sender import send_outbox_now

    outcome = send_outbox_now()
    click.echo(
        f"Viestejä lähetetty: {outcome['sent']}, odottaa uutta yritystä: "
        f"{outcome['retrying']}, jätetty lähettämättä: {outcome['failed']}."
    )
