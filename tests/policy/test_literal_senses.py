"""Listed words in their literal sense pass; the same words used as oaths or insults flag."""

import pytest

from comments.policy import Submission, evaluate


def flagged(text: str) -> set[str]:
    """Codes of the civility findings that would hold the comment (not the "info" notes)."""
    result = evaluate(Submission("Aino Virtanen", "aino@example.fi", text))
    return {
        f.code for f in result.findings if f.code.startswith("civility.") and f.severity != "info"
    }


@pytest.mark.parametrize(
    ("literal", "oath"),
    [
        # A mild oath joined to a noun names a thing; the adjective is an oath.
        ("Helvetinkone pyöri tivolissa koko illan.", "Helvetinmoinen ruuhka oli taas aamulla."),
        ("Helvetintuli loimusi alttaritaulussa.", "Helvetin hidas toimitus tällä kertaa."),
        # Hell in talk about religion, beside the same word sworn in the same setting.
        ("Pappi saarnasi synnistä ja helvetistä.", "Mitä helvettiä pappi oikein höpisi?"),
        ("Perkele kiusasi Jeesusta erämaassa.", "Perkele, kirkon ovi oli taas lukossa."),
        ("Dante kuvaa helvetin piirejä.", "Dante oli helvetin tylsää luettavaa."),
        ("Virressä pelätään helvettiä.", "Painu helvettiin virsinesi."),
        ("Alttaritaulussa näkyy helvetin portti.", "Seurakunnan juhlassa oli helvetin meteliä."),
        # A title or a name given after "nimi on" or "nimeltä".
        (
            "Levyn nimi on Helvetin hyvä ilta, ja kuuntelin sen kahdesti.",
            "Levy on helvetin hyvä, kuuntelin sen kahdesti.",
        ),
        ("Ostin pelin nimeltä Perkeleen pelto.", "Ostin perkeleen kalliin pelin."),
    ],
)
def test_the_literal_sense_passes_and_the_oath_flags(literal, oath):
    assert flagged(literal) == set()
    assert "civility.vulgar" in flagged(oath)


def test_a_strong_word_in_a_compound_stays_vulgar_whatever_it_names():
    assert "civility.vulgar" in flagged("Paskanjauhantakone oli messujen hitti.")


@pytest.mark.parametrize(
    ("deed", "person"),
    [
        ("Idiootin hommaa tuo lomake.", "Sinun lomakkeesi on idiootin hommaa."),
        ("Hölmön touhua, että kuitti tulee vasta jälkeenpäin.", "Olet hölmö, kun teit noin."),
    ],
)
def test_an_insult_judging_a_deed_passes_but_not_said_to_the_reader(deed, person):
    assert flagged(deed) == set()
    assert "civility.insult" in flagged(person)


@pytest.mark.parametrize(
    ("family", "insult"),
    [
        ("Matti Tolvanen vastasi nopeasti.", "Hei Matti Idiootti, vastaa nyt."),
        ("Sami Hyypiä pelasi Liverpoolissa.", "Sami Ääliö ei osaa lukea."),
    ],
)
def test_a_family_name_passes_but_a_listed_insult_after_a_first_name_flags(family, insult):
    assert flagged(family) == set()
    assert "civility.insult" in flagged(insult)


def test_naming_the_reader_is_no_title():
    assert "civility.insult" in flagged("Nimesi on Paskiainen, sano muuta.")
