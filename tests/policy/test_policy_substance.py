"""The substance score: explainable, bounded, and higher for argued comments."""

from comments.policy import Submission, evaluate

ARGUED = (
    "Olen eri mieltä, koska kyselyyn vastasi vain 80 ihmistä. Otos on liian pieni, joten "
    "johtopäätöksiä ei voi yleistää. Esimerkiksi Tilastokeskuksen selvitys vuodelta 2023 "
    "antaa aivan toisenlaisen kuvan.\n\nToisaalta ymmärrän, miksi kirjoittaja päätyi tähän: "
    "omat kokemukset painavat. Mielestäni lähteet pitäisi silti kertoa."
)


# Written for these tests: a short comment with a reason and an example, a one-sentence comment,
# and the ways people (and bots) pad a comment to look substantial.
SHORT_ARGUED = (
    "Meillä asiakaspalautteen käsittely nopeutui, koska jokaiselle palautteelle nimettiin "
    "omistaja. Esimerkiksi laskutusvirheet korjattiin viikossa, kun aiemmin niihin meni kuukausi. "
    "Siksi suosittelen omistajuutta myös pienille tiimeille, vaikka se vaatii alussa työtä."
)
ONE_SENTENCE = (
    "Tämä on tosi hyvä kirjoitus ja olen aivan samaa mieltä kaikesta, koska näin se menee."
)


def padded_versions(sentence: str) -> dict[str, str]:
    return {
        "toistettu 5000 merkkiin": ((sentence + " ") * 200)[:5000],
        "toistettu kahdesti": f"{sentence} {sentence}",
        "numeroidut toistot": " ".join(f"{sentence[:-1]} {n}." for n in range(80))[:5000],
        "täytesanoja": sentence + " todella" * 600,
        "kappaleiksi toistettu": "\n\n".join([sentence] * 30),
    }


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


def test_repetition_and_padding_never_raise_the_score():
    for sentence in (ONE_SENTENCE, SHORT_ARGUED):
        alone = score(sentence)
        for name, body in padded_versions(sentence).items():
            padded = score(body)
            assert padded.score <= alone.score, (name, padded, alone)
            assert "Toistaa samaa: toistot eivät nosta pisteitä" in padded.reasons, name


def test_a_short_comment_with_a_reason_and_an_example_is_not_a_short_failure():
    short = score(SHORT_ARGUED)
    assert len(SHORT_ARGUED.split()) < 35
    assert any(r.startswith("Tiivis mutta perusteltu") for r in short.reasons), short.reasons
    assert not any("lyhyt" in r.lower() for r in short.reasons), short.reasons
    assert "Antaa esimerkin" in short.reasons
    assert short.score >= 30  # the queue's meter (_item.html) marks below 30 as low
    assert short.score > score("Hyvä juttu.").score + 30
    assert short.score > max(score(b).score for b in padded_versions(ONE_SENTENCE).values())


def test_a_reasoning_word_counts_once_however_often_it_recurs():
    once = score("Olen eri mieltä, koska otos on pieni ja tulokset vaihtelevat paljon.")
    often = score("Olen eri mieltä, koska koska koska otos on pieni, koska tulokset vaihtelevat.")
    assert often.score <= once.score
