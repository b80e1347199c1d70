"""Insults aimed at a person, group words with dehumanising predicates, group-and-animal
compounds, and the civil sentences that use the same words."""

import pytest

from comments.policy.civility import find_civility
from comments.policy.normalise import normalise
from comments.policy.wordlist import lexicon


def codes(text: str) -> set[str]:
    return {f.code for f in find_civility(normalise(text), lexicon())}


@pytest.mark.parametrize(
    "text",
    [
        "Sä oot kyllä ihan kaheli, jos uskot mainoksia.",  # second-person verb, spoken
        "Olet säälittävä, kun kirjoitat tuollaista.",
        "Senkin törppö, lue ensin koko teksti.",
        "Jussi on täys pelle eikä ymmärrä laskuista mitään.",  # labelling intensifier
        "Mikä pelkuri, ei uskalla edes vastata.",  # exclamation
        "Myyjä oli ihan juntti, kun huusi asiakkaalle.",  # copula + noun about a person
        "Bloggaaja on aivoton, sen näkee jo otsikosta.",  # adjective said of a person
        "Valehtelija!",  # the insult is the whole sentence
        "Kiitti vaan. Hölmöläinen.",
        "Pää kiinni jo, kukaan ei kysynyt.",  # rude silencing, a listed phrase
        "Naama kiinni senkin hukkapätkä.",  # "senkin" + any noun
    ],
)
def test_insults_said_of_a_person_are_flagged(text):
    assert "civility.insult" in codes(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Sirkuksen pelle jakoi lapsille ilmapalloja.",
        "Hullu hinta, mutta laatu on hyvä.",
        "Tämä päätös on tyhmä ja se pitää perua.",  # criticism of a decision
        "Tuntuu tyhmältä kysyä, mutta miten palautus tehdään?",
        "Oletko ollut sairaana koko viikon?",  # a state, not a name
        "Minä idiootti unohdin kuitin kotiin.",  # the writer about themself
        "Olin tyhmä, kun en lukenut ehtoja.",
        "Naapurini on homo ja mukava ihminen.",  # a group word is not a name
        "Rotta juoksi kellarin poikki.",
        "Piirrä apina.",  # a two-word command about a thing, not a name for the reader
    ],
)
def test_the_same_words_said_of_things_or_oneself_pass(text):
    assert codes(text) == set(), text


@pytest.mark.parametrize(
    "text",
    [
        "Turvapaikanhakijat ovat loisia, sanon sen suoraan.",
        "Romanit on kuin rottia.",
        "Homoseksuaalisuus on sairaus.",
        "Kaikki muslimit on rikollisia.",
        "Somalit varastavat aina.",  # a crime generalised to the whole group
        "Feministit ovat yhteiskunnan syöpä.",
        "Ministeri on kuulemma homouteen sairastunut.",  # a group as an illness
    ],
)
def test_group_with_dehumanising_predicate_is_an_identity_attack(text):
    assert "civility.slur" in codes(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Maahanmuuttajien työllisyys on parantunut selvästi.",
        "Muslimit viettävät ramadania keväällä.",
        "Somalialaisten yhdistys avasi kerhotilan.",
        "Maahanmuuttajat eivät ole rikollisia, vaikka niin väitetään.",  # negated
        "Romanit ovat asuneet Suomessa satoja vuosia.",
        "Esimies on rikollisen huolimaton, ja se näkyy.",  # no group, "mies" inside a word
        "Naisten palkat jäävät yhä miesten palkoista.",
        "Moni maahanmuuttaja sairastui koronaan keväällä.",
    ],
)
def test_neutral_sentences_about_groups_pass(text):
    assert codes(text) == set(), text


def test_group_and_animal_compound_is_a_slur():
    assert codes("Ne muslimikoirat taas asialla.") == {"civility.slur"}
    assert codes("Koira haukkui muslimien rukoushuoneen pihalla.") == set()


def test_insult_compounded_with_a_person_word_needs_no_address():
    assert codes("Natsipellet marssivat taas.") == {"civility.insult"}
    assert codes("Pöpipää kirjoittaa taas.") == {"civility.insult"}
    assert codes("Sirkuspelle esiintyi torilla.") == set()


def test_construction_finding_names_its_reason_and_spans():
    text = "Pakolaiset ovat loisia."
    [finding] = find_civility(normalise(text), lexicon())
    assert finding.code == "civility.slur"
    assert "rinnastetaan" in finding.message
    assert {s.text for s in finding.spans} == {"Pakolaiset", "loisia"}


def test_sexual_remarks_aimed_at_the_reader_are_harassment():
    assert codes("Panisin sua heti, jos saisin.") == {"civility.harassment"}
    assert codes("Näytä tissit!") == {"civility.harassment"}
    assert codes("Panin sinut odottamaan liian pitkäksi aikaa, anteeksi.") == set()
    assert codes("Voisitko panna kuitin mukaan pakettiin?") == set()


def test_sending_a_group_away_is_an_identity_attack():
    assert codes("Naiset takaisin keittiöön!") == {"civility.slur"}
    assert codes("Pakolaiset palasivat takaisin kotimaahansa.") == set()
    assert codes("Maahanmuuttajat lähtevät kesällä pois lomalle.") == set()


def test_belittling_words_count_only_when_aimed_at_the_reader():
    assert codes("Älä nyt taas höpötä, lue ensin artikkeli.") == {"civility.insult"}
    assert codes("Lopeta tuo kitinä jo.") == {"civility.insult"}
    assert codes("Poliitikot höpöttävät aina vaalien alla.") == set()
    assert codes("Vauva kitisi koko yön, emmekä nukkuneet.") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Tuo juntti kassalla ei edes tervehtinyt.",
        "Noiden ääliöiden takia koko jono seisoi.",
        "Toi narttu vei viimeisen paketin.",
        "Noita vanhoja hölmöjä ei kiinnosta asiakkaiden mielipide.",
    ],
)
def test_a_person_pointed_at_with_a_demonstrative_is_insulted(text):
    assert "civility.insult" in codes(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Nuo apinat eläintarhassa olivat hauskoja.",  # animals are animals
        "Tuo hullu hinta sai minut lähtemään.",  # the adjective describes the price
        "Tuon koiran omistaja kiitti myyjää.",
    ],
)
def test_animals_and_attributes_pointed_at_pass(text):
    assert codes(text) == set(), text


@pytest.mark.parametrize(
    "text",
    [
        "Sika möyri tarhassa, ja lapset katsoivat sitä aidan takaa.",  # subject of "möyri"
        "Apina kiipesi köyttä pitkin ylös.",
        "Sami Hyypiä pelasi pitkään Englannissa.",  # a family name after a first name
        "Matti Pelle voitti hiihtokisan.",
    ],
)
def test_an_animal_doing_something_or_a_family_name_is_no_insult(text):
    assert "civility.insult" not in codes(text)


@pytest.mark.parametrize(
    "text", ["Senkin sika, mene pois.", "Apina, häivy täältä.", "Matti, senkin idiootti."]
)
def test_an_insult_said_to_the_reader_before_a_command_still_flags(text):
    assert "civility.insult" in codes(text)


@pytest.mark.parametrize(
    ("text", "insult"),
    [
        ("Sinä olet naurettava.", True),
        ("Kirjoittaja on naurettava.", True),
        ("Naurettava hinta tuollaisesta lakanasta.", False),  # describes the price
        ("Lentoyhtiö tarjosi hyvitykseksi kahvilipun. Naurettavaa.", False),  # a matter
        ("Typerää, että kassoja on auki vain yksi.", False),
    ],
)
def test_ridiculous_is_an_insult_of_a_person_not_of_a_matter(text, insult):
    assert ("civility.insult" in codes(text)) is insult


@pytest.mark.parametrize(
    ("text", "insult"),
    [
        ("Pidän sinua ihan idioottina.", True),  # what the reader is held to be
        ("Kutsun teitä valehtelijoiksi, koska valehtelette.", True),
        ("Kirja teki sinusta säälittävän hölmön.", True),
        ("Sinua pidettiin hulluna, mutta olit oikeassa.", False),  # what others thought
        ("Pidän sinua taitavana kirjoittajana.", False),
        ("Senkin raukka, et uskalla edes nimeäsi kertoa.", True),
        ("Raukka koira jäi sateeseen odottamaan.", False),
        ("Olet niin kieroutunut, että ihan pelottaa.", True),
        ("Kieroutunut juoni teki elokuvasta jännittävän.", False),
        ("Matkija olet, et ajattelija.", True),
        ("Mato kiemurteli mullassa sateen jälkeen.", False),
    ],
)
def test_insults_of_the_reader_in_other_cases_and_new_words(text, insult):
    assert ("civility.insult" in codes(text)) is insult


@pytest.mark.parametrize(
    ("text", "attack"),
    [
        ("Suomi ei ole muslimeja varten.", True),  # a country denied to a group
        ("Eurooppa ei ole turvapaikanhakijoita varten.", True),
        ("Suomi ei ole vain suomalaisia varten.", False),  # inclusion
        ("Kurssi ei ole maahanmuuttajia varten, vaan kaikille.", False),  # no country
    ],
)
def test_a_country_denied_to_a_group_is_an_identity_attack(text, attack):
    assert ("civility.slur" in codes(text)) is attack


@pytest.mark.parametrize(
    ("text", "insult"),
    [
        ("Kauppias on aina ollut asiakkaita nylkevä sika.", True),  # the perfect's copula
        ("Naapuri oli ollut melkoinen pelle juhlissa.", True),
        ("Olen aina ollut pelle luokassa.", False),  # said of oneself
        ("Porsas on ollut aina sika syömään, eläinlääkäri totesi.", False),  # an animal
    ],
)
def test_an_insult_after_the_perfect_tense_copula(text, insult):
    assert ("civility.insult" in codes(text)) is insult


def test_group_attacks_in_later_sentences_of_a_long_comment_are_all_found():
    # Only sentences that name a group are searched for an attack: each one still counts.
    text = (
        "Kiitos kirjoituksesta. Palvelu toimi hyvin. Pakolaiset ovat loisia. "
        "Kahvi oli hyvää. Kaikki muslimit on rikollisia."
    )
    [finding] = find_civility(normalise(text), lexicon())
    assert finding.code == "civility.slur"
    assert [s.text for s in finding.spans] == ["Pakolaiset", "loisia", "muslimit", "rikollisia"]
