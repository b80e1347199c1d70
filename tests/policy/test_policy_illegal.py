"""Illegal content: identity numbers, card numbers, threats and incitement."""

import pytest

from comments.policy import Submission, evaluate
from comments.policy.illegal import find_illegal, is_card_number, is_valid_hetu, luhn_valid
from comments.policy.normalise import normalise

CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu(ddmmyy: str, sign: str, individual: str) -> str:
    return ddmmyy + sign + individual + CHECK[int(ddmmyy + individual) % 31]


def codes(text: str) -> set[str]:
    return {f.code for f in find_illegal(normalise(text))}


@pytest.mark.parametrize("sign", list("+-YXWVUABCDEF"))
def test_every_century_sign_is_accepted_with_the_right_check_character(sign):
    number = hetu("150385", sign, "432")
    assert is_valid_hetu(number)
    assert codes(f"Tunnukseni on {number}, tarkistakaa.") == {"illegal.hetu"}


def test_known_identity_numbers():
    assert is_valid_hetu("131052-308T")
    assert is_valid_hetu("010101A123N")
    assert is_valid_hetu("010101a123n")  # typed in lowercase


@pytest.mark.parametrize(
    "candidate",
    [
        "131052-308U",  # wrong check character
        "310285-123A",  # 31 February does not exist
        "131052G308T",  # G is not a century sign
        "131052-000T",  # individual number 000 is never issued
    ],
)
def test_invalid_identity_numbers_are_not_flagged(candidate):
    assert not is_valid_hetu(candidate)
    assert codes(f"Esimerkki: {candidate}") == set()


@pytest.mark.parametrize(
    "number",
    ["4111 1111 1111 1111", "4539-1488-0343-6467", "5555555555554444", "378282246310005"],
)
def test_card_numbers_with_valid_luhn_sum(number):
    assert is_card_number(number)
    assert codes(f"Korttini {number} veloitettiin kahdesti.") == {"illegal.card_number"}


def test_card_like_numbers_without_valid_luhn_sum_pass():
    assert not luhn_valid("4111111111111112")
    assert codes("Asiakasnumeroni 4000 1234 5678 9010 ei toimi.") == set()
    assert codes("Tilausnumero 12345678 ja vuosi 2024.") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Tapan sinut.",
        "Tapan sut jos näen sut.",
        "Ammun teidät kaikki.",
        "Sinut pitäisi hakata.",
        "Puukotan sinua huomenna.",
        "Tulen kotiisi.",
        "Tiedän missä asut.",
        "Toivottavasti kuolet pian.",
        "Kuole pois.",
        "Poltan talosi.",
    ],
)
def test_threats_in_many_forms(text):
    assert codes(text) == {"illegal.threat"}, text


@pytest.mark.parametrize(
    "text",
    [
        "Tapan aikaa lukemalla blogia.",
        "Poltan tupakkaa parvekkeella.",
        "Tämä hinnoittelu tappaa pienet kaupat.",
        "Tulen kotiin myöhään.",
        "Tuli ammuttua omaan jalkaan.",
        "Lopetan tilauksen.",
        "Sinun pitäisi lyödä rahoiksi tuollaisella palveluidealla.",
        "Teidän pitäisi lyödä hynttyyt yhteen kilpailijan kanssa.",
    ],
)
def test_ordinary_uses_of_violent_verbs_pass(text):
    assert codes(text) == set(), text


def test_a_verb_form_after_an_attribute_is_the_noun():
    # "tapa" is also the noun "way": after an adjective or a pronoun in its case it is that.
    assert codes("Sinä olet oikeassa, tämä on huono tapa kohdella asiakasta.") == set()
    assert codes("Teillä on outo tapa vastata sinulle kirjoittaneille.") == set()
    assert codes("Tapa sinä se kirjoittaja.") == {"illegal.threat"}


def test_incitement_against_a_group():
    assert codes("Kaikki maahanmuuttajat pitäisi ampua.") == {"illegal.incitement"}
    assert codes("Pakolaiset pitäisi karkottaa maasta.") == {"illegal.incitement"}
    assert codes("Sodassa tapettiin juutalaisia.") == set()  # history, not a call
    assert codes("Kaikki tietävät, että yhteistyö on tapa toimia.") == set()  # "tapa" = way


def test_findings_carry_spans_and_public_message():
    text = "Hei, tunnukseni on 131052-308T."
    result = evaluate(Submission("Aino Virtanen", "aino@example.fi", text))
    [finding] = [f for f in result.findings if f.code == "illegal.hetu"]
    assert finding.spans[0].text == "131052-308T"
    assert text[finding.spans[0].start : finding.spans[0].end] == "131052-308T"
    assert "henkilötunnus" in finding.public_message
    assert result.decision == "pending"


def test_blow_aimed_at_a_body_part_is_a_threat():
    assert codes("Vedän sua turpaan kun nähdään.") == {"illegal.threat"}
    assert codes("Sain pallon päähän pelatessa.") == set()
    assert codes("Lyön vetoa, että hinnat nousevat.") == set()


def test_death_wish_with_an_infinitive():
    assert codes("Ansaitset kuolla.") == {"illegal.threat"}
    assert codes("Sinun pitäisi kuolla.") == {"illegal.threat"}
    assert codes("Mummo ehti kuolla ennen kuin hyvitys tuli.") == set()


def test_coming_home_is_a_threat_only_in_the_first_person():
    assert codes("Tulen kotiisi.") == {"illegal.threat"}
    assert codes("Kun tulet kotiisi, tarkista postilaatikko.") == set()
    assert codes("Tiedätkö, tuleeko lapsesi mukaan?") == set()


def test_violence_described_in_the_third_or_second_person_is_not_a_threat():
    assert codes("Stressi tappaa sinut hitaasti.") == set()
    assert codes("Ammuit itseäsi jalkaan tuolla päätöksellä.") == set()
