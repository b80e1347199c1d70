"""The review before storing (issue #13, point 5): what the policy found that the commenter can
fix is shown first, with the words highlighted; nothing is stored until they edit the text or
send it anyway."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from comment_fixtures import payload

from comments import store
from comments.policy import Evaluation, Finding, Span, Substance
from comments.public.review import highlighted, review_of

VULGAR = (
    "Asiakaspalvelu oli ihan perseestä, kun jonotin tunnin. Toivoisin, että puhelinjonoon "
    "lisättäisiin takaisinsoitto."
)
CRITICISM = (
    "Olen eri mieltä: artikkeli yksinkertaistaa liikaa, koska asiakkaat eivät kulje "
    "asiakaspolkua suoraviivaisesti. Esimerkiksi meillä puolet palaa verkkosivulle."
)


def comments(app) -> list[dict]:
    with app.app_context():
        return list(store.get_db().query("SELECT * FROM comments"))


def test_vulgar_words_are_shown_before_anything_is_stored(app, client, slug):
    response = client.post("/api/comments", json=payload(app, slug, body=VULGAR))
    assert response.status_code == 422
    review = response.get_json()["review"]
    assert "Kritiikki on tervetullutta" in review["intro"]
    assert any("hyviä tapoja" in message for message in review["messages"])
    shown = " ".join([review["intro"], *review["messages"], review["choice"]])
    assert shown.count("Kritiikki on tervetullutta") == 1, "the reader is told it once"
    [excerpt] = review["excerpts"]
    assert excerpt["field"] == "body"
    marked = [part["text"] for part in excerpt["parts"] if part["mark"]]
    assert marked == ["perseestä"]
    assert "".join(part["text"] for part in excerpt["parts"]).replace("…", "") in VULGAR
    assert review["guidelines"] == "/sivut/kommentointiohjeet/"
    assert comments(app) == []


def test_sending_anyway_stores_the_comment_for_a_moderator(app, client, slug):
    response = client.post("/api/comments", json=payload(app, slug, body=VULGAR, send_anyway=True))
    assert response.status_code == 201
    [row] = comments(app)
    assert row["status"] == "pending"
    codes = [finding["code"] for finding in json.loads(row["findings"])]
    assert "civility.vulgar" in codes
    assert "review.sent_anyway" in codes


def test_without_javascript_the_form_page_highlights_and_offers_send_anyway(app, client, slug):
    hetu = "Soittakaa minulle, henkilötunnukseni on 131052-308T ja asia koskee laskuani."
    response = client.post("/api/comments", data=payload(app, slug, body=hetu, form_token=""))
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    box = page.find(id="lomake-tarkistus")
    assert [mark.text for mark in box.find_all("mark")] == ["131052-308T"]
    assert "henkilötunnus" in box.text
    assert box.find("a", href="/sivut/kommentointiohjeet/")
    button = page.find("button", attrs={"name": "send_anyway"})
    assert button["value"] == "1"
    assert button.find_parent("form")["id"] == "kommenttilomake"
    # The form's own button comes first: Enter in a field sends the edited text, not "anyway".
    buttons = page.find("form", id="kommenttilomake").find_all("button", type="submit")
    assert [b.get("name") for b in buttons] == [None, "send_anyway"]
    assert page.find("textarea").text == hetu  # kept for editing
    assert comments(app) == []
    again = client.post(
        "/api/comments", data=payload(app, slug, body=hetu, form_token="", send_anyway="1")
    )
    assert again.status_code == 303
    assert len(comments(app)) == 1


def test_criticism_is_not_reviewed(app, client, slug):
    response = client.post("/api/comments", json=payload(app, slug, body=CRITICISM))
    assert response.status_code == 201
    assert "review" not in response.get_json()


def test_highlighted_keeps_context_and_marks_every_span():
    text = "a" * 100 + "HUONO" + "b" * 10 + "PAHA" + "c" * 100
    parts = highlighted(text, [(100, 105), (115, 119)])
    assert parts[0] == ("…", False)
    assert [p for p, mark in parts if mark] == ["HUONO", "PAHA"]
    assert parts[-1] == ("…", False)
    assert "b" * 10 in [p for p, _ in parts]
    assert highlighted("PAHA", [(0, 4)]) == (("PAHA", True),)


def test_only_fixable_findings_of_a_pending_comment_are_reviewed():
    ad = Finding("ads.commercial_phrase", "strong", "Mainos", "Ei mainoksia.")
    vulgar = Finding(
        "civility.vulgar",
        "mild",
        "Alatyyliä",
        "Hyvät tavat.",
        "body",
        (Span("body", 0, 4, "Hups"),),
    )
    substance = Substance(0, ())
    assert review_of(Evaluation("pending", (ad,), substance), {"body": "Hups"}) is None
    assert review_of(Evaluation("spam", (vulgar,), substance), {"body": "Hups"}) is None
    review = review_of(Evaluation("pending", (ad, vulgar), substance), {"body": "Hups"})
    assert review.messages == ("Hyvät tavat.",)
