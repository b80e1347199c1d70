"""The substance score: explainable, bounded, and higher for argued comments."""

from comments.policy import Submission, evaluate

ARGUED = (
    "Olen eri mieltä, koska kyselyyn vastasi vain 80 ihmistä. Otos on liian pieni, joten "
    "johtopäätöksiä ei voi yleistää. Esimerkiksi Tilastokeskuksen selvitys vuodelta 2023 "
    "antaa aivan toisenlaisen kuvan.\n\nToisaalta ymmärrän, miksi kirjoittaja päätyi tähän: "
    "omat kokemukset painavat. Mielestäni lähteet pitäisi silti kertoa."
)


def score(body: str):
    return evaluate(Submission("Aino Virtanen", "aino@example.fi", body)).substance


def test_argued_comment_scores_higher_than_a_one_liner():
    argued, short = score(ARGUED), score("Hyvä juttu.")
    assert argued.score > short.score + 30
    assert 0 <= short.score <= argued.score <= 100


def test_reasons_are_finnish_and_explain_the_score():
    reasons = score(ARGUED).reasons
    assert any(r.startswith("Perustelee näkemystään") for r in reasons)
    assert "Antaa esimerkin" in reasons
    assert "Viittaa lähteeseen" in reasons
    assert "Jäsennelty kappaleisiin" in reasons


def test_uncivil_language_and_shouting_take_points_away():
    polite = score("Olen eri mieltä, koska perustelut puuttuvat.")
    rude = score("Olen eri mieltä, koska perustelut puuttuvat, vitun idiootti.")
    assert rude.score < polite.score
    shouting = score("TÄMÄ ON AIVAN KAMALA PALVELU JA TE ETTE KOSKAAN VASTAA MINULLE")
    assert "Huutaa isoin kirjaimin" in shouting.reasons
    assert shouting.score == 0


def test_score_is_in_json():
    data = evaluate(Submission("Aino Virtanen", "aino@example.fi", ARGUED)).to_json()
    assert data["substance"] == score(ARGUED).score
