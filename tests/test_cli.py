"""Flask commands: init-db, backup, export, purge (real SQLite files)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from comment_fixtures import add_comment

from comments import store


def invoke(runner, app, *args: str):
    """Run a command as ``flask --app comments`` does: inside the app's context."""
    with app.app_context():
        return runner.invoke(args=list(args))


def add(app, body: str, email: str = "aino@esimerkki.fi", **extra) -> int:
    extra = {
        "article": "asiakaspolun-kartoitus",
        "name": "Aino Lehtinen",
        "html": f"<p>{body}</p>",
    } | extra
    return add_comment(app, body, email=email, **extra)


def test_init_db_creates_a_current_schema(runner, app, tmp_path):
    fresh = tmp_path / "uusi" / "kommentit.sqlite3"
    app.config["DATABASE"] = str(fresh)
    result = invoke(runner, app, "init-db")
    assert result.exit_code == 0, result.output
    assert "Tietokanta valmis" in result.output
    db = store.connect(fresh)
    assert store.schema_version(db) == len(store.MIGRATIONS)
    assert {"comments", "commenters", "audit_log", "moderators"} <= set(db.table_names())
    db.close()
    again = invoke(runner, app, "init-db")
    assert again.exit_code == 0


def test_backup_is_a_readable_copy(runner, app, tmp_path):
    first = add(app, "Ensimmäinen kommentti.")
    add(app, "Toinen kommentti.")
    target = tmp_path / "varmuus.sqlite3"
    result = invoke(runner, app, "backup", str(target))
    assert result.exit_code == 0, result.output
    assert "Varmuuskopio tallennettu" in result.output
    copy = store.connect(target, readonly=True)
    try:
        assert store.integrity_check(copy) == "ok"
        assert copy.count("comments") == 2
        assert store.get_comment(copy, first)["body"] == "Ensimmäinen kommentti."
    finally:
        copy.close()


def test_export_to_stdout_includes_emails(runner, app):
    add(app, "Kommentti yksi.")
    add(app, "Kommentti kaksi.", email="ville@esimerkki.fi")
    result = invoke(runner, app, "export")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [c["body"] for c in data["comments"]] == ["Kommentti yksi.", "Kommentti kaksi."]
    assert [c["email"] for c in data["comments"]] == ["aino@esimerkki.fi", "ville@esimerkki.fi"]
    assert "Vietiin 2 kommenttia." in result.stderr


def test_export_to_a_file(runner, app, tmp_path):
    add(app, "Ääkköset säilyvät: öljyä ja jäätä.")
    target = tmp_path / "vienti.json"
    result = invoke(runner, app, "export", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "Ääkköset säilyvät" in text  # not \\u escapes
    assert json.loads(text)["comments"][0]["status"] == "pending"


def test_purge_reports_what_it_deleted(runner, app):
    long_ago = (datetime.now(UTC) - timedelta(days=5)).isoformat()
    add(app, "Vanha vahvistamaton.", created_at=long_ago)
    kept = add(app, "Tuore vahvistamaton.", email="tuore@esimerkki.fi")
    result = invoke(runner, app, "purge")
    assert result.exit_code == 0, result.output
    assert "Poistettiin 1 vahvistamatonta kommenttia" in result.output
    db = store.connect(app.config["DATABASE"])
    assert [row["id"] for row in db.rows("comments")] == [kept]
    db.close()


def test_publish_writes_approved_comments_into_the_built_pages(runner, app):
    page = f"{app.config['SITE_OUTPUT']}/asiakaspolun-kartoitus/index.html"
    approved = add(app, "Hyväksytty ja julkaistava.", status="approved")
    add(app, "Odottaa yhä päätöstä.", email="eero@esimerkki.fi")
    with open(page, encoding="utf-8") as before:
        assert f"kommentti-{approved}" not in before.read()
    result = invoke(runner, app, "publish")
    assert result.exit_code == 0, result.output
    assert "Kommentit päivitetty" in result.output
    with open(page, encoding="utf-8") as after:
        text = after.read()
    assert f'id="kommentti-{approved}"' in text
    assert "Odottaa yhä päätöstä." not in text


def test_publish_reports_an_article_it_cannot_patch(runner, app):
    result = invoke(runner, app, "publish", "ei-tallaista-artikkelia")
    assert result.exit_code != 0
    assert "ei-tallaista-artikkelia" in result.output


def test_backup_of_a_postgresql_store_points_to_pg_dump(make_app, postgres_url, tmp_path):
    app = make_app(DATABASE=postgres_url)
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "kopio.sqlite3")])
    assert result.exit_code != 0
    assert "pg_dump --format=custom" in result.output
    assert not (tmp_path / "kopio.sqlite3").exists()
