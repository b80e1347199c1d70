"""Belittling the reader's mind, maturity or sanity without an abusive word."""

import pytest

from comments.policy import Submission, evaluate


def insults(text: str) -> list[str]:
    result = evaluate(Submission("Aino Virtanen", "aino@example.fi", text))
    return [
        f.message for f in result.findings if f.code == "civility.insult" and f.severity == "mild"
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Ymmärryksesi ei taida riittää edes otsikon lukemiseen.", "Vähättelee lukijan järkeä"),
        ("Sun järki on kyllä hukassa.", "Vähättelee lukijan järkeä"),
        ("Onko teillä yhtään älyä?", "Vähättelee lukijan järkeä"),
        ("Painu hoitoon siitä.", "Käskee lukijan hoitoon"),
        ("Menisit psykiatrille etkä kommentoisi.", "Käskee lukijan hoitoon"),
        ("Yritä nyt edes käyttäytyä aikuisen tavoin.", "Käskee lukijaa aikuistumaan"),
    ],
)
def test_belittling_the_reader_is_a_mild_insult_with_its_reason(text, reason):
    [message] = insults(text)
    assert reason in message


@pytest.mark.parametrize(
    "text",
    [
        "Ymmärrykseni ei riitä tähän hinnastoon.",  # the writer's own mind
        "Sinun järkesi riittää tähän hyvin, lue ohje rauhassa.",  # not lacking
        "Onko tyttäresi lukutaito jo hyvä?",  # someone else's mind
        "Vein isän hoitoon, ja henkilökunta oli ystävällistä.",  # care, not a command
        "Kun lapsi kasvaa aikuiseksi, hän saa oman tilin.",  # growing, not a command
        "Käytä järkeäsi ja vertaa hintoja.",  # common advice
    ],
)
def test_the_same_words_without_belittling_pass(text):
    assert insults(text) == []


@pytest.mark.parametrize(
    ("text", "belittles"),
    [
        ("Onko sinulla kaikki aivosolut tallella?", True),  # a compound of a mind word
        ("Sun aivokapasiteetti ei riitä tähän keskusteluun.", True),
        ("Onko teillä aivotutkimuksen tuloksia jo?", False),  # research, not the reader's mind
    ],
)
def test_compounds_about_the_mind_belittle_like_the_mind_word(text, belittles):
    assert any("järkeä" in m for m in insults(text)) is belittles


@pytest.mark.parametrize(
    ("text", "belittles"),
    [
        ("Et tiedä koko asiasta mitään.", True),
        ("Ette ymmärrä yhtään mitään siitä, miten kauppa toimii.", True),
        ("Sinä et tajua mitään.", True),
        ("Jos et tiedä mitään sähkösopimuksista, kysy neuvontaa.", False),  # a condition
        ("En tiedä mitään tästä tuotteesta.", False),  # the writer's own
        ("Johto ei tiedä mitään kassan arjesta.", False),  # criticism of a third party
        ("Et osaa sanoa mitään varmaa ennen tarjousta, vai?", False),  # about saying
    ],
)
def test_telling_the_reader_they_know_nothing_belittles(text, belittles):
    assert any("ettei lukija tiedä" in m for m in insults(text)) is belittles


@pytest.mark.parametrize(
    ("text", "sends"),
    [
        ("Mars lääkäriin siitä.", True),
        ("Painu lääkäriin harhojesi kanssa.", True),
        ("Mene lääkäriin, jos kuume ei laske.", False),  # advice
        ("Menin lääkäriin eilen, ja jono oli lyhyt.", False),
    ],
)
def test_sending_the_reader_to_a_doctor_harshly_belittles(text, sends):
    assert any("hoitoon" in m for m in insults(text)) is sends
