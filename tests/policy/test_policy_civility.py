"""Civility findings: lemmas, compound parts, disguises, and innocent look-alike words."""

import pytest

from comments.policy import PolicyContext, Submission, evaluate
from comments.policy.civility import find_civility
from comments.policy.normalise import normalise
from comments.policy.wordlist import lexicon

DEFAULT = PolicyContext()


def codes(text: str, context: PolicyContext = DEFAULT) -> set[str]:
    findings = find_civility(normalise(text), lexicon(context.blocked_words))
    return {f.code for f in findings}


@pytest.mark.parametrize(
    "text",
    [
        "Vitun huono palvelu.",  # genitive of "vittu", consonant gradation
        "Ihan paskaa koko firma.",  # partitive
        "Perkeleen asiakaspalvelu.",
        "Kusipäille ei vastata.",  # plural allative of a compound insult
        "Tuollaiset huorat.",
        "Tämä on paskafirma.",  # compound with a vulgar modifier
        "Paskapuhetta alusta loppuun.",
        "Vittumaista touhua.",  # derivation
        "Haistapaska sanon minä.",  # slang compound Voikko does not know
        "Vittupää bloggaaja.",
        "Ai että kyrpii.",  # slang verb Voikko does not know
        "Koko firma on täynnä runkkareita.",
        "Kiitos vitusti.",
    ],
)
def test_inflected_and_compound_forms_are_vulgar(text):
    assert codes(text) & {"civility.vulgar", "civility.insult"}


@pytest.mark.parametrize(
    "text",
    [
        "p.a.s.k.a firma",
        "v i t t u mikä palvelu",
        "V-I-T-T-U",
        "p4sk4 palvelu",
        "V1TTU mikä meno",
        "v*tun firma",
        "p***a juttu",
        "paaaaskaa palvelua",
        "vittuuuu",
        "saaaatana",
        "pаska",  # Cyrillic a
        "pas\u200bka",  # zero-width space inside
        "pâskä",
        "wittu mikä jono",  # slang spelling with w
        "kyrpa otsassa",  # typed without the dots
    ],
)
def test_disguised_forms_are_caught(text):
    assert codes(text) & {"civility.vulgar", "civility.insult"}, text


@pytest.mark.parametrize(
    "text",
    [
        "Kävimme Kiimassalmella kesällä.",
        "Kiimassalmi on kaunis paikka.",
        "Vitsi ei naurattanut.",
        "Vitamiinit loppuivat.",
        "Idioottivarma käyttöliittymä olisi hyvä.",
        "Narttukoira pääsi eläinlääkäriin.",
        "Kasvattajan koira on narttu, ja se sai neljä pentua.",
        "Nartulle ostettiin uusi kaulapanta.",
        "Asiakaspalvelun esimies Jukka Paskanen soitti minulle takaisin.",
        "Kiitos Liisa Paskaselle nopeasta vastauksesta.",
        "Homogeeninen asiakaskunta on harvinaista.",
        "Kusiainen puri minua.",
        "Mulkoilin kassajonossa.",
        "Sirkuksen pelle oli hauska.",
        "Vammaiset asiakkaat jäävät huomiotta.",
        "Onpa typerä päätös.",
        "Kuuusi kuukautta odotin.",  # elongated "kuusi", not "kusi"
        "Hitto, unohdin kuitin.",
        "Läskisoosi oli hyvää.",
    ],
)
def test_innocent_look_alikes_are_not_flagged(text):
    assert codes(text) == set(), text


def test_insult_words_count_only_when_aimed_at_a_person():
    assert codes("Olet pelle.") == {"civility.insult"}
    assert codes("Senkin apina!") == {"civility.insult"}
    assert codes("Sä oot tyhmä.") == {"civility.insult"}
    assert codes("Apina kiipesi puuhun.") == set()
    assert codes("Tyhmä päätös, mutta ymmärrän syyn.") == set()


@pytest.mark.parametrize(
    ("insult", "innocent"),
    [
        ("Olet oikea hihhuli.", "Hihhulit lauloivat torilla, kertoi lehti."),
        ("Senkin sätkynukke!", "Sätkynukke-esitys ilahdutti lapsia."),
        ("Sä oot niin hupsu.", "Hupsu ajatus, mutta kokeillaan."),
        ("Mikä tohelo!", "Tohelo-niminen pelle esiintyi sirkuksessa."),
    ],
)
def test_new_address_insults_count_only_when_aimed_at_a_person(insult, innocent):
    assert codes(insult) == {"civility.insult"}, insult
    assert codes(innocent) == set(), innocent


def test_slur_is_its_own_category():
    assert codes("Asiakaspalvelussa oli neekeri.") == {"civility.slur"}


def test_compound_head_decides_for_insults():
    # "idiootti" as the head is an insult; as a modifier of "varma" it is not.
    assert codes("Mikä täysidiootti!") == {"civility.insult"}
    assert codes("Virkamiesidiootit taas asialla.") == {"civility.insult"}
    assert codes("Idioottivarma ratkaisu.") == set()


def test_span_points_at_the_original_disguised_text():
    text = "Tämä on p.a.s.k.a palvelu"
    [finding] = find_civility(normalise(text), lexicon())
    [span] = finding.spans
    assert text[span.start : span.end] == "p.a.s.k.a" == span.text
    assert span.field == "body"


def test_span_offsets_survive_removed_zero_width_characters():
    text = "Hyvä\u200b juttu, mutta vi\u200bttu mikä jono"
    [finding] = find_civility(normalise(text), lexicon())
    assert finding.spans[0].text == "vi\u200bttu"


def test_moderators_blocked_words_join_the_list_with_inflections():
    context = PolicyContext(blocked_words=frozenset({"kuha"}))
    assert codes("Myyjä oli kuha.") == set()
    assert codes("Myyjät olivat kuhia.", context) == {"civility.blocked"}


def test_evaluation_carries_public_message_but_stays_pending():
    result = evaluate(Submission("Aino Virtanen", "aino@example.fi", "Vitun huono palvelu."))
    assert result.decision == "pending"
    [finding] = [f for f in result.findings if f.code == "civility.vulgar"]
    assert finding.severity == "strong"
    assert "vittu" in finding.message
    assert finding.public_message


def test_name_field_is_checked_for_vulgar_words():
    result = evaluate(Submission("Paska Pää", "aino@example.fi", "Hyvä kirjoitus."))
    assert any(f.code == "civility.vulgar" and f.field == "name" for f in result.findings)


def test_spoken_forms_of_listed_words_are_caught():
    assert codes("Ootte kyllä ihan vammasia.") == {"civility.insult"}


def test_second_person_verb_aims_an_insult():
    assert codes("Typerä ämmä, mene takaisin keittiöön.") == {"civility.insult"}
    assert codes("Ämmä kertoi tarinoita nuotiolla.") == set()


def test_blocked_phrase_matches_any_inflection():
    context = PolicyContext(blocked_words=frozenset({"halvat lainat"}))
    assert codes("Täältä halpoja lainoja!", context) == {"civility.blocked"}
    assert codes("Laina oli halpa.", context) == set()


def test_blocked_word_typed_inflected_blocks_its_lemma():
    context = PolicyContext(blocked_words=frozenset({"kuhia"}))
    assert codes("Myyjä oli kuha.", context) == {"civility.blocked"}


def test_words_written_apart_stay_separate_words():
    [finding] = find_civility(normalise("p.a.s.k.a p.a.s.k.a firma"), lexicon())
    assert [s.text for s in finding.spans] == ["p.a.s.k.a", "p.a.s.k.a"]


def test_a_long_run_of_letters_written_apart_is_searched_inside():
    assert codes("v i t t u " * 50) == {"civility.vulgar"}
    assert codes("a b c d e f g h i j k l m n o p") == set()


@pytest.mark.parametrize(
    ("text", "harassing"),
    [
        ("Voisin työntää sua perseeseen jotain.", True),  # the partitive reader and a part
        ("Potkaisen sut perseeseen.", False),  # a kick: a threat, found as one
        ("Lääkäri pisti sinua pakaraan rokotteen.", False),
        ("Hän kehui sinua, ja perseeseen sattui kaatuessa.", False),  # another clause
    ],
)
def test_the_reader_and_an_intimate_part_as_a_goal_is_harassment(text, harassing):
    result = evaluate(Submission("Aino Virtanen", "aino@example.fi", text))
    assert ("civility.harassment" in {f.code for f in result.findings}) is harassing
