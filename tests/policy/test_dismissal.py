"""Telling the reader to shut up or go away: the command makes innocent words rude."""

import pytest
from comment_fixtures import mild_insults as insults


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Pidä suusi kiinni, jos et ole lukenut juttua.", "Käskee lukijan vaikenemaan"),
        ("Tukkikaa turpanne jo siellä.", "Käskee lukijan vaikenemaan"),
        ("Sulje suusi ja lue uudestaan.", "Käskee lukijan vaikenemaan"),
        ("Ole hiljaa, kukaan ei pyytänyt mielipidettäsi.", "Käskee lukijan vaikenemaan"),
        ("Vaikene jo tästä aiheesta.", "Käskee lukijan vaikenemaan"),
        ("Painu pois palstalta.", "Käskee lukijan häipymään"),
        ("Painukaa takaisin omille foorumeillenne.", "Käskee lukijan häipymään"),
        ("Mene kuuseen koko teoriasi kanssa.", "Käskee lukijan häipymään"),
        ("Lähde hiiteen siitä.", "Käskee lukijan häipymään"),
        ("Haista sinä kukkanen.", "Käskee lukijaa haistamaan"),
        ("No haista pitkä sitten.", "Käskee lukijaa haistamaan"),
    ],
)
def test_a_command_to_shut_up_or_leave_is_a_mild_insult(text, reason):
    assert any(reason in message for message in insults(text))


@pytest.mark.parametrize(
    "text",
    [
        "Pidä suusi auki, kun hammaslääkäri tarkistaa paikan.",  # the dentist
        "Avaa suu ja sano aa.",
        "Painoin nappia, mutta laite ei käynnistynyt.",
        "Mene kauppaan ennen kuutta, niin saat tuoretta leipää.",
        "Mene pois sateesta sisälle lämpimään.",  # only "painu" is rude with any way out
        "Haista kukkaa, se tuoksuu hunajalta.",  # smelling takes the partitive
        "Maito alkoi haista pahalle jo tiistaina.",
        "Tuki loppui kesken vuoden, ja yhdistys haki uutta.",
        "Ole hyvä ja täytä lomake loppuun.",
        "Pysy kuulolla, kerromme lisää ensi viikolla.",
        "Sulje ovi perässäsi, kun lähdet.",
        "Olkaa hiljaa lukusalissa, pyysi kirjastonhoitaja.",  # a speech tag with "pyysi"
    ],
)
def test_the_same_words_without_the_command_pass(text):
    assert insults(text) == []


@pytest.mark.parametrize(
    ("text", "shames"),
    [
        ("Häpeä!", True),
        ("Hävetkää, kun kirjoitatte noin toisista.", True),
        ("Häpeä nyt edes vähän.", True),
        ("Häpeä on raskas tunne, sanoi terapeutti.", False),  # the noun before a verb
        ("Häpeä ei kuulu asiakaspalveluun.", False),
        ("Häpeän myöntää, että unohdin kuitin.", False),  # the writer's own
    ],
)
def test_telling_the_reader_to_be_ashamed_is_a_mild_insult(text, shames):
    assert any("häpeämään" in m for m in insults(text)) is shames


@pytest.mark.parametrize(
    ("instruction", "silencing"),
    [
        ("-q, --quiet: ole hiljaa (ei tulostusta)", "Ole hiljaa, ei tätä kukaan kysynyt."),
        ("Ole hiljaa lukusalissa, siellä muut keskittyvät.", "Ole nyt hiljaa siellä."),
        ("Olkaa hiljaa esityksen aikana.", "Olkaa jo hiljaa!"),
        ("Pysy hiljaa yöllä, naapurit nukkuvat.", "Pysy hiljaa, kun aikuiset puhuvat."),
    ],
)
def test_keeping_quiet_in_a_place_time_or_explained_is_an_instruction(instruction, silencing):
    assert insults(instruction) == []
    assert any("vaikenemaan" in m for m in insults(silencing))
