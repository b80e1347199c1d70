"""The ``import`` and ``export`` commands (``flask --app comments import FILE`` …)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from comments import store
from comments.importers.export_disqus import write_disqus
from comments.importers.export_site import load_site
from comments.importers.export_wxr import write_wxr
from comments.importers.importing import ImportOptions, import_blog
from comments.importers.links import host
from comments.importers.model import ImportRefused
from comments.importers.xml_source import FORMATS
from comments.policy.context import build_policy_context

PROGRESS_FROM_BYTES = 5 * 1024 * 1024


def init_app(app: Flask) -> None:
    """Register ``import`` and ``export`` (the latter replaces the JSON-only one)."""
    app.cli.add_command(import_command)
    app.cli.add_command(export_command)


class FinnishError(click.ClickException):
    """A refusal shown as ``Virhe: …`` (click's own prefix is English)."""

    def show(self, file=None) -> None:
        click.echo(f"Virhe: {self.message}\nMitään ei tuotu eikä muutettu.", err=True)


def content_dir() -> Path:
    """The site's content directory: beside the Pelican settings, as the build uses it."""
    from comments import PROJECT_ROOT

    settings = Path(current_app.config.get("PELICAN_SETTINGS") or PROJECT_ROOT / "pelicanconf.py")
    return settings.parent / "content"


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "format_", metavar="|".join(FORMATS), help="Ohita tunnistus.")
@click.option("--dry-run", is_flag=True, help="Näytä raportti, älä kirjoita mitään.")
@click.option("--json", "as_json", is_flag=True, help="Raportti JSON-muodossa.")
@click.option(
    "--uploads",
    type=click.Path(path_type=Path),
    help="Kopio wp-content/uploads-kansiosta (tai vastaavasta): kuvat kopioidaan sieltä.",
)
@click.option("--keep-pingbacks", is_flag=True, help="Tuo myös pingbackit ja trackbackit.")
@click.option(
    "--old-site-url", multiple=True, help="Vanhan blogin osoite (Disqus-ketjujen yhdistämiseen)."
)
@click.option(
    "--content",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Sisältökansio (oletus: projektin content/).",
)
@with_appcontext
def import_command(
    file: Path,
    format_: str | None,
    dry_run: bool,
    as_json: bool,
    uploads: Path | None,
    keep_pingbacks: bool,
    old_site_url: tuple[str, ...],
    content: Path | None,
) -> None:
    """Import a WordPress (WXR), Blogger or Disqus export: posts, pages, comments, redirects."""
    _check_arguments(file, format_, uploads)
    db = store.get_db()
    site_host = host(current_app.config.get("SITE_URL") or "")
    old_hosts = old_site_url + ((site_host,) if old_site_url and site_host else ())
    options = ImportOptions(
        path=file,
        content=content or content_dir(),
        format=format_,
        dry_run=dry_run,
        uploads=uploads,
        keep_pingbacks=keep_pingbacks,
        old_site_urls=old_hosts,
    )
    policy = build_policy_context(
        store.policy_lists(db), store.recognised_nicknames(db), current_app.config
    )
    size = file.stat().st_size
    try:
        if size < PROGRESS_FROM_BYTES:
            report = import_blog(db, options, policy)
        else:
            with click.progressbar(
                length=size,
                label="Tuodaan",
                file=sys.stderr,
                item_show_func=_comments_so_far,
            ) as bar:
                report = import_blog(
                    db,
                    options,
                    policy,
                    progress=bar.update,
                    comments_progress=lambda count: bar.update(0, count),
                )
    except ImportRefused as refusal:
        raise FinnishError(str(refusal)) from refusal
    except OSError as error:
        raise FinnishError(
            f"Tiedostoja ei voitu kirjoittaa sisältökansioon: {error.strerror or error}."
        ) from error
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.to_text())
        if not dry_run:
            click.echo("Rakenna sivusto seuraavaksi: flask --app comments build")


def _check_arguments(file: Path, format_: str | None, uploads: Path | None) -> None:
    """The arguments' mistakes in Finnish (click's own checks speak English)."""
    if not file.exists():
        raise FinnishError(f"Tiedostoa {file} ei ole. Tarkista polku ja nimi.")
    if file.is_dir():
        raise FinnishError(
            f"{file} on kansio. Anna tuotavaksi blogin vientitiedosto, esimerkiksi blogi.xml."
        )
    if format_ is not None and format_ not in FORMATS:
        raise FinnishError(
            f"Tuntematon muoto {format_}: --format on jokin näistä: {', '.join(FORMATS)}."
        )
    if uploads is not None and not uploads.is_dir():
        raise FinnishError(
            f"Kuvakansiota {uploads} ei ole (--uploads): anna kopio wp-content/uploads-kansiosta."
        )


def _comments_so_far(count: int | None) -> str | None:
    if count is None:
        return None
    return f"{count} kommentti" if count == 1 else f"{count} kommenttia"


@click.command("export")
@click.argument("file", type=click.File("w", encoding="utf-8"), default="-")
@click.option("--format", "format_", type=click.Choice(("json", "wxr", "disqus")), default="json")
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), default=None)
@with_appcontext
def export_command(file, format_: str, content: Path | None) -> None:
    """Write every comment as JSON (emails included: an admin tool), or the site's posts and
    comments as WordPress WXR or Disqus XML, to FILE or stdout."""
    db = store.get_db()
    if format_ == "json":
        rows = store.queue(db, status=None, sort="age", limit=None)
        comments = [{k: v for k, v in row.items() if k != "recognised_nickname"} for row in rows]
        json.dump({"comments": comments}, file, ensure_ascii=False, indent=2)
        file.write("\n")
        click.echo(f"Vietiin {len(comments)} kommenttia.", err=True)
        return
    site = load_site(db, content or content_dir(), current_app.config.get("SITE_URL") or "")
    writer = write_wxr if format_ == "wxr" else write_disqus
    written = writer(site, file)
    click.echo(f"Vietiin {len(site.posts)} kirjoitusta ja {written} kommenttia.", err=True)
    if site.orphan_comments:
        click.echo(
            f"{site.orphan_comments} kommenttia jäi pois: niiden artikkelia ei ole "
            "sisältökansiossa.",
            err=True,
        )
