"""Blogger exports through the real ``import`` command: the classic export (kinds as Atom
categories, ``app:`` prefixes declared per element or not at all, replies by ``related``
links) and Google Takeout's ``feed.atom`` (``blogger:type``, ``status``, ``parent``,
``inReplyTo``, ``filename``), comments in any order."""

from __future__ import annotations

from import_site import DATA

CLASSIC = DATA / "blogger-classic.xml"
TAKEOUT = DATA / "blogger-takeout.atom"


def by_text(rows: list[dict], prefix: str) -> dict:
    (row,) = [row for row in rows if row["body"].startswith(prefix)]
    return row


def test_classic_export_posts_pages_and_drafts(site):
    report = site.imported(str(CLASSIC))
    assert report["format"] == "blogger"
    assert report["source"] == "blogger:7001"
    files = site.files()
    assert set(files) == {
        "articles/vakioasiakkaan-nimi-muistiin.md",
        "articles/kesken-jaanyt-ajatus.md",
        "pages/kuka-kirjoittaa.md",
        "redirects.tsv",
    }
    article = files["articles/vakioasiakkaan-nimi-muistiin.md"]
    assert "Date: 2011-01-15 10:20+02:00\n" in article
    assert "Category: Palvelu\nTags: Palvelu, Kahvi\n" in article
    assert "Kun barista muistaa nimesi, kahvi maistuu paremmalta." in article
    assert "(https://blogger.googleusercontent.com/img/b/R29v/s1600/kuppi.jpg)" in article
    assert "Status: draft" in files["articles/kesken-jaanyt-ajatus.md"]
    assert (report["articles"], report["pages"], report["drafts"]) == (2, 1, 1)


def test_classic_export_comments_threads_and_missing_addresses(site):
    report = site.imported(str(CLASSIC))
    rows = site.comments()
    first = by_text(rows, "Totta!")
    answer = by_text(rows, "Kiitos kommentista!")
    assert (first["name"], first["email"], first["parent_id"]) == ("Nimetön", None, None)
    assert answer["parent_id"] == first["id"]
    assert answer["created_at"] == "2011-01-16T06:10:00.000000+00:00"
    paula = by_text(rows, "Meillä on")
    assert paula["email"] is None and paula["website"] == "http://paulan-leipomo.example.fi/"
    assert paula["body"] == "Meillä on *kanta-asiakaslista* tiskin alla.  \nToimii hyvin."
    # the comment Blogger marks removed is skipped, and no email finding for missing addresses
    assert not [row for row in rows if "poistanut" in row["body"]]
    assert report["skipped"] == {"kommentti: poistettu vanhassa blogissa": 1}
    assert all(
        not finding["code"].startswith("email.") for row in rows for finding in row["findings"]
    )
    assert report["comments"] == {"approved": 3}


def test_classic_export_with_app_prefix_declared_nowhere(site, tmp_path):
    text = CLASSIC.read_text(encoding="utf-8").replace(
        "<app:control xmlns:app='http://purl.org/atom/app#'>", "<app:control>"
    )
    assert "xmlns:app" not in text
    path = tmp_path / "blog-01-02-2012.xml"
    path.write_text(text, encoding="utf-8")
    report = site.imported(str(path))
    assert report["drafts"] == 1
    assert "Status: draft" in site.files()["articles/kesken-jaanyt-ajatus.md"]


def test_redirects_for_blogger_paths_and_comment_anchors(site):
    site.imported(str(CLASSIC))
    rows = site.comments()
    first = by_text(rows, "Totta!")
    redirects = site.files()["redirects.tsv"]
    assert (
        "/2011/01/vakioasiakkaan-nimi-muistiin.html\t/vakioasiakkaan-nimi-muistiin/\n" in redirects
    )
    assert (
        f"/2011/01/vakioasiakkaan-nimi-muistiin.html#c8001\t"
        f"/vakioasiakkaan-nimi-muistiin/#kommentti-{first['id']}\n"
    ) in redirects
    assert "/p/kuka-kirjoittaa.html\t/sivut/kuka-kirjoittaa/\n" in redirects


def test_takeout_feed_statuses_parents_and_comments_before_their_post(site):
    report = site.imported(str(TAKEOUT))
    assert (report["format"], report["source"]) == ("blogger-takeout", "blogger:9100")
    rows = site.comments()
    early = by_text(rows, "Ajanvarauksen tekstiviesti")  # listed before its post
    reply = by_text(rows, "Hienoa kuulla!")
    assert early["article"] == "odotushuoneen-hiljainen-viesti"
    assert (early["name"], early["parent_id"]) == ("Nimetön", None)
    assert reply["parent_id"] == early["id"]
    assert by_text(rows, "Meillä odotushuoneessa")["status"] == "pending"
    assert by_text(rows, "Pikalaina heti")["status"] == "spam"
    assert not [row for row in rows if "Roskakoriin" in row["body"]]
    assert report["comments"] == {"approved": 2, "pending": 1, "spam": 1}
    assert report["skipped"] == {"kirjoitus: roskakorissa": 1, "kommentti: roskakorissa": 1}


def test_takeout_posts_summaries_tables_and_filenames(site):
    site.imported(str(TAKEOUT))
    files = site.files()
    article = files["articles/odotushuoneen-hiljainen-viesti.md"]
    assert "Summary: Odotushuone on osa palvelua.\n" in article
    assert "Date: 2023-04-01 07:00+03:00\n" in article
    assert "| Asia | Vaikutus |\n| --- | --- |\n| Valaistus | Rauhoittaa |" in article
    assert "Status: draft" in files["articles/kutsukirjeen-savy.md"]
    assert "articles/poistettu-kirjoitus.md" not in files
    assert "/p/yhteystiedot.html\t/sivut/yhteystiedot/\n" in files["redirects.tsv"]
    # a draft never had readers at its old address: no redirect for it
    assert "kutsukirjeen-savy" not in files["redirects.tsv"]


def test_takeout_import_twice_adds_nothing(site):
    site.imported(str(TAKEOUT))
    before = site.comments()
    again = site.imported(str(TAKEOUT))
    assert site.comments() == before
    assert again["already_imported"] == {"kirjoituksia": 3, "kommentteja": 4}
