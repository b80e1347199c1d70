"""Spoken, dialect, derived, abbreviated and masked forms of listed words, productive
compounds, and everyday words that look like bad ones."""

import pytest

from comments.policy.civility import find_civility
from comments.policy.finnish import words
from comments.policy.normalise import normalise
from comments.policy.wordlist import lexicon

FLAGGED = {"civility.vulgar", "civility.insult", "civility.slur"}


def codes(text: str) -> set[str]:
    return {f.code for f in find_civility(normalise(text), lexicon())}


@pytest.mark.parametrize(
    "text",
    [
        "Helevetin pitkä jono taas.",  # dialect
        "Voi perkule tätä menoa.",
        "Prkl, kortti jumissa.",  # abbreviated
        "Vtun hidas sovellus.",
        "Vituttaa koko reklamaatio.",  # derived verb
        "Kusinen keli ja myöhässä oleva bussi.",  # derivation Voikko reads as kusi
        "Skeidanen päivitys taas.",  # slang derivation
        "Paskaset kengät, hajosi viikossa.",
        "Mikä v..tun sekoilu.",  # dots instead of letters
        "Mitä helv... nyt taas?",  # cut short
        "Mitä helv*ett*ä te teette?",  # masks inserted among the letters
        "Taas tuli p*askahousun viesti.",
        "Sama s.a.a.t.a.n.a. juttu joka kerta.",  # letters apart, as before
        "Kyllä kyrsii tää touhu.",
    ],
)
def test_spoken_and_masked_vulgar_forms(text):
    assert codes(text) & FLAGGED, text


@pytest.mark.parametrize(
    "text",
    [
        "Kananaivo kirjoittaa taas.",  # "-aivo" as a compound head
        "Pihtiaivot kommentoi.",
        "Paskahousu lähetti viestin.",  # "-housu" head, unknown compound
        "Selkäänpuukottaja kertoi kaiken pomolle.",
        "Hanttimiehet tulivat lakon aikana töihin.",
        "Persaukinen valittaja taas.",
        "Vajakit kommentoi taas.",
        "Aivan kunnon sosiaalipummi.",
    ],
)
def test_productive_insult_compounds_and_derivations(text):
    assert "civility.insult" in codes(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Panin kakun uuniin ja kahvit tippumaan.",
        "Paistinpannu on paras joululahja.",
        "Munakas ja reikäleipä, siinä aamiainen.",
        "Tavaratalon kassalla oli jono.",
        "Kiimassalmen kylätalolla on tanssit lauantaina.",
        "Päätöksen täytäntöönpano siirtyi kesään.",
        "Pikkuaivot ohjaavat tasapainoa.",  # anatomy, not an insult
        "Sadevesiviemäri tulvi taas.",
        "Kiva..mutta en osta.",  # dots between two words
        "Niin...ehkä ensi kerralla.",
        "Housut repesi heti ensimmäisellä käytöllä.",
        "Urpo Lehtinen voitti arpajaisissa.",  # a name that is also slang
    ],
)
def test_everyday_look_alikes_pass(text):
    assert codes(text) == set(), text


def test_masked_word_keeps_its_original_span():
    text = "Mikä v..tun jono"
    [finding] = find_civility(normalise(text), lexicon())
    [span] = finding.spans
    assert text[span.start : span.end] == "v..tun"


def test_dots_after_a_known_word_do_not_mask_it():
    assert [w.text for w in words("Tapan sut...")] == ["Tapan", "sut"]
    assert [w.text for w in words("kiva..mutta ei")] == ["kiva", "mutta", "ei"]


@pytest.mark.parametrize(
    ("spoken", "innocent"),
    [
        ("Te ootte ihan ääliöit.", "Te ootte ihan mukavii."),  # "-itä" without its vowel
        ("Sä oot niin tyhmii.", "Ne oli tosi kivoi ja hyvii."),  # "-iä" assimilated
        ("Oot kyl aika pellee.", "Oli kyl aika kalliit."),  # "-eä" assimilated
    ],
)
def test_spoken_endings_are_read_as_their_written_forms(spoken, innocent):
    assert "civility.insult" in codes(spoken), spoken
    assert codes(innocent) == set(), innocent


@pytest.mark.parametrize(
    ("text", "insult"),
    [
        ("Oot ihan jälkeenjääny.", True),  # the spoken participle without its "t"
        ("Olet niin vinksahtanu, että naurattaa.", True),
        ("Hän on ollu töissä koko viikon.", False),
        ("Paketti on tullu perille ehjänä.", False),
    ],
)
def test_spoken_participles_are_read_as_written(text, insult):
    found = find_civility(normalise(text), lexicon())
    assert ("civility.insult" in {f.code for f in found}) is insult


@pytest.mark.parametrize(
    ("text", "insult"),
    [
        ("Olet narsisti, joka ei kuuntele ketään.", True),
        ("Narsistinen persoonallisuushäiriö on vakava diagnoosi.", False),  # the attribute
    ],
)
def test_narcissist_is_an_insult_of_a_person_not_a_diagnosis(text, insult):
    found = find_civility(normalise(text), lexicon())
    assert ("civility.insult" in {f.code for f in found}) is insult
