"""An imported blog's old addresses in Debian's chromium: the real service (gunicorn, serving
the built site on the same origin) answers an old WordPress or Blogger address with the redirect
page, and the browser lands on the new article with its imported comments, at the very comment
an old ``#comment-…`` link pointed to."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from service_process import ServiceProcess
from site_build import PROJECT_ROOT, build_site

from comments import create_app, store

pytestmark = pytest.mark.browser

DATA = PROJECT_ROOT / "tests" / "data" / "import"
SLUG = "aitienpaivan-asiakaspalvelu"


@pytest.fixture(scope="module")
def imported_service(tmp_path_factory) -> Iterator[ServiceProcess]:
    """The project's site with the WordPress and Blogger fixtures imported, built and served."""
    root = tmp_path_factory.mktemp("imported-site")
    content = root / "content"
    shutil.copytree(
        PROJECT_ROOT / "content", content, ignore=shutil.ignore_patterns("redirects.tsv")
    )
    database = root / "comments.sqlite3"
    app = create_app({"TESTING": True, "DATABASE": str(database), "SECRET_KEY": "tuonti"})
    runner = app.test_cli_runner()
    for export in ("wordpress-1.2.xml", "blogger-classic.xml"):
        with app.app_context():
            result = runner.invoke(args=["import", str(DATA / export), "--content", str(content)])
        assert result.exit_code == 0, result.output
    built = build_site(root / "built", database, PATH=str(content))
    with ServiceProcess(root, built, workers=1) as process:
        yield process


def comment_id(database: Path, name: str, article: str = SLUG) -> int:
    db = store.connect(database, readonly=True)
    try:
        return next(r["id"] for r in store.approved_comments(db, article) if r["name"] == name)
    finally:
        db.close()


def test_an_old_wordpress_address_lands_on_the_article_with_its_comments(
    browser, browser_context_args, imported_service
):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.goto(f"{imported_service.url}/2013/05/{SLUG}/")
    page.wait_for_url(f"{imported_service.url}/{SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Äitienpäivän asiakaspalvelu: mitä opimme"
    )
    expect(page.get_by_role("heading", name="Kommentit (4)")).to_be_visible()
    expect(page.locator(".comment__content").first).to_contain_text("Hyvä havainto odotusajasta")
    context.close()


def test_an_old_comment_link_lands_on_that_comment(browser, browser_context_args, imported_service):
    answer = comment_id(imported_service.database, "Riikka Salminen")
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.goto(f"{imported_service.url}/2013/05/{SLUG}/#comment-12")
    page.wait_for_url(f"{imported_service.url}/{SLUG}/#kommentti-{answer}")
    target = page.locator(f"#kommentti-{answer}")
    expect(target).to_contain_text("Kuinka pitkä odotusaika teillä oli?")
    expect(target).to_be_in_viewport()
    context.close()


def test_an_old_blogger_address_lands_on_the_article(
    browser, browser_context_args, imported_service
):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.goto(f"{imported_service.url}/2011/01/vakioasiakkaan-nimi-muistiin.html")
    page.wait_for_url(f"{imported_service.url}/vakioasiakkaan-nimi-muistiin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vakioasiakkaan nimi muistiin")
    expect(page.locator(".comment__content").first).to_contain_text("Totta!")
    context.close()
