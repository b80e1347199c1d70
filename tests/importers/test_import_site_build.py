"""An imported blog built by the real Pelican with the project's theme and plugins: the
articles with their approved comment threads, nothing unapproved and no address in the output,
the redirect pages and server rules for the old addresses, and the XSS corpus (through posts
and comments of an export) reaching no page as markup."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from bs4 import BeautifulSoup
from import_site import DATA
from site_build import PROJECT_ROOT, build_site
from xss_corpus import xss_payloads

from comments import store

WXR = DATA / "wordpress-1.2.xml"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters no XML file can hold
DANGEROUS_TAGS = ("script", "iframe", "object", "embed", "svg", "math", "style", "form", "base")


def import_into_copy_of_site(app, runner, tmp_path: Path, *exports: Path) -> Path:
    """The project's own content copied to ``tmp_path`` with ``exports`` imported into it."""
    content = tmp_path / "content"
    shutil.copytree(
        PROJECT_ROOT / "content", content, ignore=shutil.ignore_patterns("redirects.tsv")
    )
    for export in exports:
        with app.app_context():
            result = runner.invoke(args=["import", str(export), "--content", str(content)])
        assert result.exit_code == 0, result.output
    return content


@pytest.fixture
def built(app, runner, tmp_path) -> Path:
    content = import_into_copy_of_site(
        app, runner, tmp_path, WXR, DATA / "disqus.xml", DATA / "blogger-classic.xml"
    )
    return build_site(tmp_path / "output", Path(app.config["DATABASE"]), PATH=str(content))


def test_imported_articles_are_built_with_their_approved_threads(built, app):
    page = (built / "aitienpaivan-asiakaspalvelu" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.h1.get_text(strip=True) == "Äitienpäivän asiakaspalvelu: mitä opimme"
    thread = soup.select_one(".comment-thread")
    db = store.connect(app.config["DATABASE"])
    try:
        approved = store.approved_comments(db, "aitienpaivan-asiakaspalvelu")
    finally:
        db.close()
    assert len(approved) == 7  # four from WordPress, three from Disqus (one on localhost)
    for row in approved:
        assert thread.select_one(f"#kommentti-{row['id']}") is not None
    first = next(row for row in approved if row["name"] == "Mikko Laine")
    reply = next(row for row in approved if row["parent_id"] == first["id"])
    nested = thread.select_one(f"#kommentti-{first['id']}").find_parent("li")
    assert nested.select_one(f".comment-list--replies #kommentti-{reply['id']}") is not None
    text = thread.get_text(" ")
    assert "Odotan yhä vastausta" not in text  # pending
    assert "Osta kukat meiltä" not in text and "Halvat lennot" not in text  # spam
    assert "Kommentit (7)" in text
    assert (built / "vakioasiakkaan-nimi-muistiin" / "index.html").is_file()
    assert not (built / "palautelomake-joka-ei-kysy-liikaa" / "index.html").exists()  # a draft


def test_no_commenter_address_reaches_the_output(built, app):
    db = store.connect(app.config["DATABASE"])
    try:
        addresses = {row["email"] for row in store.queue(db, status=None, limit=None)} - {None}
    finally:
        db.close()
    assert "mikko.laine@example.com" in addresses and len(addresses) >= 6
    for path in built.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".conf", ".txt", ""}:
            text = path.read_text(encoding="utf-8", errors="replace").lower()
            for address in addresses:
                assert address not in text, (path, address)
                assert address.replace("@", "&#64;") not in text, (path, address)


def test_old_addresses_get_redirect_pages_and_server_rules(built, app):
    old = built / "2013" / "05" / "aitienpaivan-asiakaspalvelu" / "index.html"
    soup = BeautifulSoup(old.read_text(encoding="utf-8"), "html.parser")
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == (
        "0; url=/aitienpaivan-asiakaspalvelu/"
    )
    assert soup.find("link", rel="canonical")["href"] == "/aitienpaivan-asiakaspalvelu/"
    assert soup.find("a")["href"] == "/aitienpaivan-asiakaspalvelu/"
    db = store.connect(app.config["DATABASE"])
    try:
        mikko = next(
            row
            for row in store.approved_comments(db, "aitienpaivan-asiakaspalvelu")
            if row["name"] == "Mikko Laine"
        )
    finally:
        db.close()
    script = soup.find("script").string
    assert f'"comment-11": "kommentti-{mikko["id"]}"' in script
    blogger = built / "2011" / "01" / "vakioasiakkaan-nimi-muistiin.html"
    assert "url=/vakioasiakkaan-nimi-muistiin/" in blogger.read_text(encoding="utf-8")
    nginx = (built / "redirects.nginx.conf").read_text(encoding="utf-8")
    assert (
        'location = "/2013/05/aitienpaivan-asiakaspalvelu/" '
        '{ return 301 "/aitienpaivan-asiakaspalvelu/"; }'
    ) in nginx
    assert 'if ($args = "p=101") { return 301 "/aitienpaivan-asiakaspalvelu/"; }' in nginx
    apache = (built / ".htaccess").read_text(encoding="utf-8")
    assert (
        "RewriteRule ^2013/05/aitienpaivan\\-asiakaspalvelu/?$ "
        "/aitienpaivan-asiakaspalvelu/ [R=301,L]" in apache
    )
    assert "RewriteCond %{QUERY_STRING} ^p=101$" in apache
    # the imported page itself is not overwritten by a redirect
    assert "Kirjoitan palvelumuotoilusta" in (
        built / "sivut" / "tietoa-blogista" / "index.html"
    ).read_text(encoding="utf-8")


def test_a_redirect_map_entry_leaving_the_output_is_ignored(app, runner, tmp_path):
    content = import_into_copy_of_site(app, runner, tmp_path)
    (content / "redirects.tsv").write_text(
        "/../../karkuri/\t/nps-ja-sen-rajat/\n/%2e%2e/%2e%2e/ulos/\t/nps-ja-sen-rajat/\n"
        "/vanha-nps/\t/nps-ja-sen-rajat/\n",
        encoding="utf-8",
    )
    output = build_site(
        tmp_path / "out" / "output", Path(app.config["DATABASE"]), PATH=str(content)
    )
    assert (output / "vanha-nps" / "index.html").is_file()
    assert not (tmp_path / "karkuri").exists() and not (tmp_path / "out" / "ulos").exists()
    assert not (tmp_path / "ulos").exists()


def xss_export(payloads: list[str]) -> str:
    """A WXR export with every payload in a post's HTML, its title and excerpt, and comments."""
    comments = "".join(
        f"""<wp:comment><wp:comment_id>{number}</wp:comment_id>
<wp:comment_author>{escape(payload[:100])}</wp:comment_author>
<wp:comment_author_email>lukija{number}@example.com</wp:comment_author_email>
<wp:comment_author_url>{escape(payload[:200])}</wp:comment_author_url>
<wp:comment_date_gmt>2020-01-01 10:00:00</wp:comment_date_gmt>
<wp:comment_content>{escape(payload)}</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>
</wp:comment>"""
        for number, payload in enumerate(payloads, start=1)
    )
    body = escape("\n\n".join(payloads))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Hyökkäys</title><link>https://hyokkays.example</link>
<item><title>{escape(payloads[0])}</title><link>https://hyokkays.example/2020/01/hyokkays/</link>
<dc:creator>hyokkaaja</dc:creator>
<content:encoded>{body}</content:encoded>
<excerpt:encoded>{escape(payloads[1])}</excerpt:encoded>
<wp:post_id>1</wp:post_id><wp:post_date>2020-01-01 12:00:00</wp:post_date>
<wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt><wp:post_name>hyokkays</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
{comments}
</item></channel></rss>
"""


def test_the_xss_corpus_through_the_importer_reaches_no_page_as_markup(app, runner, tmp_path):
    payloads = [NOT_XML.sub("", p) for p in xss_payloads()]
    export = tmp_path / "hyokkays.xml"
    export.write_text(xss_export(payloads), encoding="utf-8")
    content = import_into_copy_of_site(app, runner, tmp_path, export)
    output = build_site(tmp_path / "output", Path(app.config["DATABASE"]), PATH=str(content))
    soup = BeautifulSoup(
        (output / "hyokkays" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    # the payloads are there as text the reader can see, not as markup
    assert "<script>alert(1)</script>" in soup.select_one(".entry-content").get_text()
    assert soup.h1.get_text(strip=True) == "alert(1)"  # a title's tags go, its text stays
    imported = [soup.select_one(".entry-content"), soup.select_one("h1")]
    imported += soup.select(".comment__meta") + soup.select(".comment__content")
    assert all(part is not None for part in imported)
    db = store.connect(app.config["DATABASE"])
    try:
        stored = len(store.approved_comments(db, "hyokkays"))
    finally:
        db.close()
    # a comment that was nothing but markup is empty once converted, and skipped as such
    assert len(payloads) / 2 < stored <= len(payloads)
    assert len(soup.select(".comment-thread .comment__body")) == stored
    for part in imported:
        for tag in part.find_all(True):
            assert tag.name not in DANGEROUS_TAGS, tag
            for attribute, value in tag.attrs.items():
                assert not attribute.lower().startswith("on"), tag
                text = " ".join(value) if isinstance(value, list) else value
                if attribute in ("href", "src", "action", "formaction", "srcset"):
                    compact = re.sub(r"[\x00-\x20]", "", text).lower()
                    assert not compact.startswith(("javascript:", "vbscript:", "data:")), tag
    head = soup.find("head")
    assert [s.get("src", "") for s in soup.find_all("script")] == [
        s.get("src", "") for s in head.find_all("script")
    ]
