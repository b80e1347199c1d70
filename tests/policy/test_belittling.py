"""Belittling the reader's mind, maturity or sanity without an abusive word."""

import pytest
from comment_fixtures import mild_insults as insults


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
    ("text", "reason"),
    [
        ("Onko sinulla kaikki aivosolut tallella?", "järkeä"),  # a compound of a mind word
        ("Sun aivokapasiteetti ei riitä tähän keskusteluun.", "järkeä"),
        ("Onko teillä aivotutkimuksen tuloksia jo?", None),  # research, not the reader's mind
        ("Et tiedä koko asiasta mitään.", "ettei lukija tiedä"),
        ("Ette ymmärrä yhtään mitään siitä, miten kauppa toimii.", "ettei lukija tiedä"),
        ("Sinä et tajua mitään.", "ettei lukija tiedä"),
        ("Jos et tiedä mitään sähkösopimuksista, kysy neuvontaa.", None),  # a condition
        ("En tiedä mitään tästä tuotteesta.", None),  # the writer's own
        ("Johto ei tiedä mitään kassan arjesta.", None),  # criticism of a third party
        ("Et osaa sanoa mitään varmaa ennen tarjousta, vai?", None),  # about saying
        ("Mars lääkäriin siitä.", "hoitoon"),
        ("Painu lääkäriin harhojesi kanssa.", "hoitoon"),
        ("Mene lääkäriin, jos kuume ei laske.", None),  # advice
        ("Menin lääkäriin eilen, ja jono oli lyhyt.", None),
    ],
)
def test_mind_compounds_knowing_nothing_and_a_harsh_doctor(text, reason):
    found = insults(text)
    if reason is None:
        assert found == []
    else:
        assert any(reason in message for message in found)


@pytest.mark.parametrize(
    ("joke", "civil"),
    [
        ("Olet pelkkä vitsi, kun kirjoitat tuollaista.", "Olet vitsikäs, kiitos hyvästä illasta."),
        ("Te olette farssi koko porukka.", "Olette farssin parhaat näyttelijät."),
        ("Sinä olet nolla tässä asiassa.", "Olit nolla-asteen kohdalla ajoissa."),
        ("Olet yksi naurunaihe.", "Olet pilalla sateesta, tule sisään kuivumaan."),
    ],
)
def test_calling_the_reader_a_joke_is_belittling(joke, civil):
    assert any("Vähättelee lukijaa" in m for m in insults(joke))
    assert insults(civil) == []
