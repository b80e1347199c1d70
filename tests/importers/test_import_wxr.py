"""WordPress WXR import through the real ``import`` command: posts as Markdown files with
Pelican metadata, comments in a real SQLite store with their threads and statuses, the report,
idempotence, dry runs and the WXR versions (http/https namespaces)."""

from __future__ import annotations

import json

from import_site import DATA

from comments import store

WXR = DATA / "wordpress-1.2.xml"
ARTICLE = "articles/aitienpaivan-asiakaspalvelu.md"


def starting(rows: list[dict], prefix: str) -> dict:
    """The one comment whose text starts with ``prefix``."""
    (row,) = [row for row in rows if row["body"].startswith(prefix)]
    return row


def test_posts_become_markdown_files_with_pelican_metadata(site):
    report = site.imported(str(WXR))
    files = site.files()
    assert set(files) == {
        ARTICLE,
        "articles/palautelomake-joka-ei-kysy-liikaa.md",
        "articles/sisainen-muistio.md",
        "pages/tietoa-blogista.md",
        "redirects.tsv",
    }
    head = files[ARTICLE].split("\n\n", 1)[0].splitlines()
    assert head == [
        "Title: Äitienpäivän asiakaspalvelu: mitä opimme",
        "Date: 2013-05-12 10:30+03:00",
        "Category: Palvelumuotoilu",
        "Tags: jonot, kaupat",
        "Slug: aitienpaivan-asiakaspalvelu",
        "Author: Riikka Salminen",
        "Summary: Kolme kukkakauppaa ja *yksi* ruuhkapäivä.",
    ]
    assert (report["articles"], report["pages"], report["drafts"]) == (3, 1, 2)
    assert "Status: draft" in files["articles/palautelomake-joka-ei-kysy-liikaa.md"]
    assert "Status: draft" in files["articles/sisainen-muistio.md"]
    assert report["unpublished"] == [
        {"title": "Sisäinen muistio asiakaspalvelijoille", "status": "yksityinen"}
    ]
    assert {"old": "äitienpäivän-asiakaspalvelu", "new": "aitienpaivan-asiakaspalvelu"} in report[
        "slug_changes"
    ]


def test_html_and_shortcodes_become_clean_markdown(site):
    report = site.imported(str(WXR))
    body = site.files()[ARTICLE].split("\n\n", 1)[1]
    # wpautop: a blank line is a paragraph, a single newline a line break
    assert "**asiakaspalvelun** ruuhkassa.  \nToinen rivi samassa kappaleessa." in body
    assert "## Mitä teimme toisin" in body
    assert "- Tilaukset noudettiin eri ovesta.\n- Jonottajille kerrottiin odotusaika." in body
    assert "> Kerro odotusaika ennen kuin asiakas kysyy." in body
    # [code] becomes a fenced block with its language, its text unescaped once
    assert "```python\ndef odotusaika(jonossa, minuuttia_per_asiakas):\n" in body
    assert "return jonossa * minuuttia_per_asiakas < 30\n```" in body
    # [caption]: the image and its caption; [gallery ids]: the attachments' images
    assert "![Jono kukkakaupan edessä](https://muistikirja.example.fi/wp-content/" in body
    assert "*Jono kukkakaupan edessä aamulla*" in body
    assert "![Kassajono iltapäivällä](https://muistikirja.example.fi/wp-content/" in body
    # an unknown shortcode stays in the text, escaped, and is reported
    assert '\\[vanha\\_lomake id="7"\\]' in body
    assert report["unknown_shortcodes"] == {"vanha_lomake": 1}
    assert (
        "https://muistikirja.example.fi/wp-content/uploads/2013/05/kassa.png"
        in report["images_remote"]
    )


def test_comments_keep_threads_statuses_dates_and_people(site, mail_server):
    report = site.imported(str(WXR))
    rows = site.comments()
    first = starting(rows, "Hyvä havainto")
    reply = starting(rows, "Kiitos, Mikko")
    deeper = starting(rows, "Noin kymmenen")
    assert (first["parent_id"], reply["parent_id"], deeper["parent_id"]) == (
        None,
        first["id"],
        reply["id"],
    )
    assert first["status"] == "approved"
    assert first["created_at"] == "2013-05-12T09:05:00.000000+00:00"
    assert first["email"] == "mikko.laine@example.com"
    assert first["email_confirmed_at"] is None
    assert first["website"] == "https://mikkolaine.example.com/"
    assert first["body"].endswith(
        "Toinen kappale: jonoa ei voi poistaa, mutta sen voi tehdä näkyväksi."
    )
    assert "<p>Toinen kappale" in first["html"]
    assert reply["body"] == "Kiitos, Mikko! Kuinka pitkä *odotusaika* teillä oli?"
    assert "<em>odotusaika</em>" in reply["html"]
    anonymous = starting(rows, "Odotan yhä")
    assert (anonymous["name"], anonymous["status"], anonymous["email"]) == (
        "Nimetön",
        "pending",
        None,
    )
    assert starting(rows, "Osta kukat")["status"] == "spam"
    orphan = starting(rows, "Vastaan tähän")
    assert orphan["parent_id"] is None and orphan["status"] == "approved"
    assert report["comments"] == {"approved": 4, "pending": 1, "spam": 1}
    assert report["orphans"] == 1
    assert (report["threads"], report["replies"]) == (1, 2)
    assert report["skipped"] == {
        "kirjoitus: roskakorissa": 1,
        "kommentti: pingback tai trackback (--keep-pingbacks)": 1,
        "kommentti: roskakorissa": 1,
        "sisältö: sisältötyyppiä nav_menu_item ei tuoda": 1,
    }
    assert not [row for row in site.comments() if "roskakorissa" in row["body"]]
    assert mail_server.messages == []  # imported commenters are sent nothing


def test_policy_findings_are_stored_and_flagged_comments_keep_their_status(site, app):
    site.imported(str(WXR))
    db = store.connect(app.config["DATABASE"])
    try:
        every = store.queue(db, status=None, finding="import.imported", limit=None)
        flagged = store.queue(db, status=None, finding="import.flagged", limit=None)
    finally:
        db.close()
    assert len(every) == 6
    names = {row["name"]: row for row in flagged}
    assert set(names) == {"Nimetön", "Halvat Kukat Nyt"}
    spam_codes = {finding["code"] for finding in names["Halvat Kukat Nyt"]["findings"]}
    assert "ads.commercial_phrase" in spam_codes
    assert names["Halvat Kukat Nyt"]["status"] == "spam"
    assert names["Halvat Kukat Nyt"]["risk"] > 0


def test_keep_pingbacks_imports_them(site):
    report = site.imported(str(WXR), "--keep-pingbacks")
    assert report["comments"]["approved"] == 5
    (ping,) = [r for r in site.comments() if r["website"] == "https://toinen.example.org/jonot/"]
    assert ping["name"] == "Toinen blogi » Jonot näkyviin"  # WordPress's &raquo; unescaped


def test_running_twice_adds_nothing_and_a_newer_export_adds_only_what_is_new(site, tmp_path):
    site.imported(str(WXR))
    before_files, before_comments = site.files(), site.comments()
    again = site.imported(str(WXR))
    assert site.files() == before_files
    assert site.comments() == before_comments
    assert again["comments"] == {} and again["articles"] == 0
    assert again["already_imported"] == {"kirjoituksia": 4, "kommentteja": 6}

    newer = WXR.read_text(encoding="utf-8").replace(
        "\t</item>\n\n\t<item>\n\t\t<title><![CDATA[jono-640x480]]>",
        """\t\t<wp:comment>
\t\t\t<wp:comment_id>19</wp:comment_id>
\t\t\t<wp:comment_author><![CDATA[Mikko Laine]]></wp:comment_author>
\t\t\t<wp:comment_author_email><![CDATA[mikko.laine@example.com]]></wp:comment_author_email>
\t\t\t<wp:comment_date_gmt><![CDATA[2014-01-02 10:00:00]]></wp:comment_date_gmt>
\t\t\t<wp:comment_content><![CDATA[Vuotta myöhemmin: jono on yhä näkyvissä.]]></wp:comment_content>
\t\t\t<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
\t\t\t<wp:comment_parent>13</wp:comment_parent>
\t\t</wp:comment>
\t</item>\n\n\t<item>\n\t\t<title><![CDATA[jono-640x480]]>""",
    )
    assert newer.count("<wp:comment_id>19</wp:comment_id>") == 1
    newer_file = tmp_path / "newer.xml"
    newer_file.write_text(newer, encoding="utf-8")
    third = site.imported(str(newer_file))
    assert third["comments"] == {"approved": 1}
    rows = site.comments()
    assert len(rows) == len(before_comments) + 1
    latest = rows[-1]
    earlier_reply = next(r for r in rows if r["body"].startswith("Noin kymmenen"))
    assert latest["parent_id"] == earlier_reply["id"]
    assert site.files()[ARTICLE] == before_files[ARTICLE]


def test_dry_run_prints_the_report_and_writes_nothing(site, app):
    dry = site.run(str(WXR), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Kuivaharjoitus: mitään ei kirjoitettu." in dry.stdout
    assert "Artikkeleita 3, sivuja 1, joista luonnoksina 2." in dry.stdout
    assert site.files() == {}
    assert site.comments() == []
    real = site.run(str(WXR))
    assert real.exit_code == 0
    assert "Tuonti valmis." in real.stdout
    # the same figures, only the first line differs
    assert dry.stdout.splitlines()[1:5] == real.stdout.splitlines()[1:5]


def test_the_report_in_finnish_names_what_was_skipped(site):
    result = site.run(str(WXR))
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert (
        "Kommentteja 6 (hyväksyttyjä 4, moderointijonoon 1, roskapostia 1) 1 artikkelin "
        "keskusteluihin; vastauksina toisiin kommentteihin 2." in text
    )
    assert "Vastauksia, joiden alkuperäistä kommenttia ei ollut: 1" in text
    assert "Ohitettiin 1: kommentti: roskakorissa." in text
    assert "Tuntemattomat lyhytkoodit jäivät tekstiin, korjaa käsin: [vanha_lomake] ×1" in text
    assert "Tuotiin luonnoksena (yksityinen): Sisäinen muistio asiakaspalvelijoille" in text


def test_wxr_1_0_and_1_1_with_http_namespaces_are_read_alike(site, tmp_path):
    original = WXR.read_text(encoding="utf-8")
    reports = []
    for version in ("1.0", "1.1"):
        old = original.replace(
            "https://wordpress.org/export/1.2/", f"http://wordpress.org/export/{version}/"
        )
        old = old.replace("<wp:wxr_version>1.2", f"<wp:wxr_version>{version}")
        path = tmp_path / f"wxr-{version}.xml"
        path.write_text(old, encoding="utf-8")
        dry = site.run(str(path), "--dry-run", "--json")
        assert dry.exit_code == 0, dry.output
        reports.append(json.loads(dry.stdout))
    for report in reports:
        assert (report["format"], report["articles"], report["pages"]) == ("wxr", 3, 1)
        assert report["comments"] == {"approved": 4, "pending": 1, "spam": 1}


def test_uploads_are_copied_and_the_links_rewritten(site, tmp_path):
    uploads = tmp_path / "uploads" / "2013" / "05"
    uploads.mkdir(parents=True)
    (uploads / "jono.jpg").write_bytes(b"\xff\xd8jpeg-jono")
    (uploads / "kassa.png").write_bytes(b"\x89PNG-kassa")
    report = site.imported(str(WXR), "--uploads", str(tmp_path / "uploads"))
    body = site.files()[ARTICLE]
    assert "![Jono kukkakaupan edessä]({static}/images/2013/05/jono.jpg)" in body
    assert "({static}/images/2013/05/kassa.png)" in body
    assert (site.content / "images/2013/05/jono.jpg").read_bytes() == b"\xff\xd8jpeg-jono"
    assert report["images_copied"] == ["images/2013/05/jono.jpg", "images/2013/05/kassa.png"]
    assert report["images_missing"] == [] and report["images_remote"] == []


def test_an_upload_outside_the_folder_is_never_copied(site, tmp_path):
    secret = tmp_path / "salaisuus.jpg"
    secret.write_bytes(b"ei kuulu sivustolle")
    (tmp_path / "uploads").mkdir()
    export = tmp_path / "ohi.xml"
    export.write_text(
        WXR.read_text(encoding="utf-8").replace(
            "wp-content/uploads/2013/05/jono-640x480.jpg", "wp-content/uploads/../salaisuus.jpg"
        ),
        encoding="utf-8",
    )
    report = site.imported(str(export), "--uploads", str(tmp_path / "uploads"))
    assert not (site.content / "images").exists() or not list(
        (site.content / "images").rglob("*.jpg")
    )
    assert any("salaisuus.jpg" in url for url in report["images_missing"])


def test_the_privacy_purge_counts_from_the_import_not_from_the_old_dates(site, app, tmp_path):
    text = WXR.read_text(encoding="utf-8")
    anonymous = (
        "<wp:comment_author><![CDATA[]]></wp:comment_author>\n"
        "\t\t\t<wp:comment_author_email><![CDATA[]]>"
    )
    assert text.count(anonymous) == 1
    export = tmp_path / "osoitteella.xml"
    export.write_text(
        text.replace(anonymous, anonymous.removesuffix("<![CDATA[]]>") + "odottaja@example.com"),
        encoding="utf-8",
    )
    site.imported(str(export))
    pending = [row for row in site.comments() if row["status"] == "pending"]
    assert [(row["email"], row["email_confirmed_at"]) for row in pending] == [
        ("odottaja@example.com", None)
    ]
    db = store.connect(app.config["DATABASE"])
    try:
        # the old comments are years old, but they came into this store just now
        now = store.purge_expired(
            db,
            unconfirmed_before="2020-01-01",
            refused_before="2020-01-01",
            audit_before="2000-01-01",
            mail_before="2000-01-01",
        )
        assert now == {"unconfirmed": 0, "refused": 0, "audit": 0, "mail": 0}
        # once the time kept is over, counted from the import, they go as any other would
        later = store.purge_expired(
            db,
            unconfirmed_before="9999-01-01",
            refused_before="9999-01-01",
            audit_before="2000-01-01",
            mail_before="2000-01-01",
        )
    finally:
        db.close()
    assert later == {"unconfirmed": 1, "refused": 1, "audit": 0, "mail": 0}


def test_a_link_to_the_full_size_upload_is_rewritten_too(site, tmp_path):
    uploads = tmp_path / "uploads" / "2013" / "05"
    uploads.mkdir(parents=True)
    (uploads / "jono.jpg").write_bytes(b"\xff\xd8iso-jono")
    (uploads / "jono-640x480.jpg").write_bytes(b"\xff\xd8pieni-jono")
    thumbnail = '<img class="size-large wp-image-201"'
    linked = (
        f'<a href="https://muistikirja.example.fi/wp-content/uploads/2013/05/jono.jpg">{thumbnail}'
    )
    text = WXR.read_text(encoding="utf-8")
    export = tmp_path / "linkitetty.xml"
    export.write_text(
        text.replace(thumbnail, linked).replace('height="480" />', 'height="480" /></a>'),
        encoding="utf-8",
    )
    site.imported(str(export), "--uploads", str(tmp_path / "uploads"))
    body = site.files()[ARTICLE]
    assert (
        "[![Jono kukkakaupan edessä]({static}/images/2013/05/jono-640x480.jpg)]"
        "({static}/images/2013/05/jono.jpg)"
    ) in body
    assert site.files()["images/2013/05/jono.jpg"] == b"\xff\xd8iso-jono"


def test_the_progress_bar_is_told_every_byte_read(site, app):
    from comments.importers.importing import ImportOptions, import_blog
    from comments.policy import PolicyContext

    read: list[int] = []
    db = store.connect(app.config["DATABASE"])
    try:
        options = ImportOptions(path=WXR, content=site.content, dry_run=True)
        import_blog(db, options, PolicyContext(), progress=read.append)
    finally:
        db.close()
    assert sum(read) == WXR.stat().st_size


def test_media_blocks_become_links_and_letterless_slugs_take_the_title(site, tmp_path):
    text = WXR.read_text(encoding="utf-8").replace(
        '[vanha_lomake id="7"]',
        '<figure><video poster="https://muistikirja.example.fi/juliste.jpg" '
        'src="https://muistikirja.example.fi/wp-content/uploads/jono.mp4"></video></figure>',
    )
    text = text.replace(
        "tietoa-blogista]]></wp:post_name>", "%ce%b5%ce%af%ce%bd%ce%b1%ce%b9]]></wp:post_name>"
    )
    export = tmp_path / "media.xml"
    export.write_text(text, encoding="utf-8")
    report = site.imported(str(export))
    body = site.files()[ARTICLE]
    assert "[Video: jono.mp4](https://muistikirja.example.fi/wp-content/uploads/jono.mp4)" in body
    assert "pages/tietoa-blogista.md" in site.files()
    assert {"old": "είναι", "new": "tietoa-blogista"} in report["slug_changes"]


def test_comments_on_a_page_are_reported_not_lost_silently(site, tmp_path):
    page_comment = """<wp:comment><wp:comment_id>50</wp:comment_id>
<wp:comment_author><![CDATA[Leena Aho]]></wp:comment_author>
<wp:comment_author_email>leena.aho@example.com</wp:comment_author_email>
<wp:comment_date_gmt>2012-02-01 10:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Kiitos esittelystä.]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>
</wp:comment>"""
    marker = "<wp:post_type><![CDATA[page]]></wp:post_type>"
    text = WXR.read_text(encoding="utf-8")
    assert text.count(marker) == 1
    export = tmp_path / "sivukommentti.xml"
    export.write_text(text.replace(marker, marker + page_comment), encoding="utf-8")
    report = site.imported(str(export))
    assert report["skipped"]["kommentti: sivulla (sivuilla ei ole kommentteja)"] == 1
    assert not [row for row in site.comments() if row["name"] == "Leena Aho"]
