"""Threats and calls to violence recognised by their frame, named target or not, and the
descriptions, idioms and negations that use the same verbs."""

import pytest

from comments.policy.illegal import find_illegal
from comments.policy.normalise import normalise

VIOLENT = {"illegal.threat", "illegal.incitement"}


def codes(text: str) -> set[str]:
    return {f.code for f in find_illegal(normalise(text))}


@pytest.mark.parametrize(
    "text",
    [
        "Tuollaiset pitäisi ampua.",  # deontic, no named target
        "Pitäis hirttää koko johtoryhmä.",  # spoken conditional
        "Ne tulee teurastaa.",  # "tulee" + infinitive
        "Sellaisille kuuluisi antaa luoti kalloon.",
        "Sais lyödä kirveellä päähän.",  # a verb that needs a sign of violence gets one
        "Kiduttakaa ne hengiltä!",  # imperative
        "Kuolkoot kaikki petturit.",  # jussive
        "Tappaisin tuon tyypin, jos saisin.",  # first person wish
        "Tulen tappamaan teidät.",
        "Piestä verille ja heittää ulos.",  # bare infinitive opening the sentence
        "Toivottavasti kärsit joka päivä.",  # wish of harm
        "Kunpa kuolisit.",
        "Kuolema kaikille kommunisteille!",  # death to ...
        "Kuolema pettureille.",  # allative of a word Voikko does not know
        "Kaasuun koko porukka.",  # verbless call
        "Ammu vaikka ittes.",  # telling someone to harm themself
        "Kyllä sä vielä saat turpaan.",  # a blow promised
    ],
)
def test_framed_violence_is_a_threat_or_a_call(text):
    assert codes(text) & VIOLENT, text


@pytest.mark.parametrize(
    "text",
    [
        "Metsästäjät ampuivat kaksi hirveä.",  # description in the past
        "Poliisi ampui varoituslaukauksen.",
        "Romaanin sankari tappaa lohikäärmeen.",
        "Pitäisi ampua tuo ehdotus alas.",  # idiom
        "Lyödään vetoa, että juna myöhästyy.",
        "Hakkaa päälle, sanoi valmentaja.",
        "Tapoin aikaa lukemalla lehteä.",
        "Pitäisi tappaa tuo huono idea alkuunsa.",
        "Vanhat tiedostot pitäisi tuhota.",  # no person as target
        "Ei ketään pidä ampua mielipiteen takia.",  # negation before the verb
        "Toivottavasti kukaan ei kuollut.",
        "Et kuole nälkään, vaikka ruoka on kallista.",
        "Kuolema ja verot ovat varmoja asioita.",
        "Laitoin leivät uuniin.",
        "Tapa, jolla myyjä puhui, oli kohtelias.",  # the noun "tapa"
        "Stressi tappaa sinut hitaasti.",
        "Saat päähäsi hyvän idean, kun luet tämän.",
        "Et saa turpaan, älä pelkää.",
    ],
)
def test_description_idiom_and_negation_pass(text):
    assert codes(text) & VIOLENT == set(), text


def test_frame_finding_carries_reason_and_spans():
    text = "Ne pitäisi ampua heti."
    [finding] = find_illegal(normalise(text))
    assert finding.severity == "strong"
    assert "pitäisi" in finding.message
    assert "ampua" in [s.text for s in finding.spans]


def test_frames_in_several_sentences_among_civil_ones_are_all_found():
    # Sentences without a word that can trigger a frame are skipped: the framed ones count.
    text = (
        "Kiitos kirjoituksesta, palvelu toimi hyvin. Kahvi oli hyvää ja pulla tuoretta. "
        "Tuollaiset pitäisi ampua. Muuten kaikki hyvin. Kuolema kaikille kommunisteille!"
    )
    [finding] = find_illegal(normalise(text))
    assert finding.code == "illegal.incitement"
    assert [s.text for s in finding.spans] == ["ampua", "Tuollaiset", "Kuolema", "kaikille"]
