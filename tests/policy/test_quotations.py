"""Quotations and mentions of bad words stay visible to the moderator but do not flag."""

import pytest

from comments.policy import Submission, evaluate
from comments.policy.quotations import quoted_ranges
from comments.policy.trust import may_skip_queue


def body_findings(text: str) -> list:
    result = evaluate(Submission("Aino Virtanen", "aino@example.fi", text))
    return [f for f in result.findings if f.field == "body"]


def test_a_reported_insult_drops_to_info():
    findings = body_findings('Myyjä sanoi minulle "olet idiootti", ja tein valituksen.')
    [finding] = [f for f in findings if f.code == "civility.insult"]
    assert finding.severity == "info"
    assert finding.message.startswith("Lainauksessa")
    assert finding.public_message is None


def test_a_reported_threat_drops_to_info():
    findings = body_findings('Hän uhkasi minua sanomalla "tapan sut", ja soitin poliisille.')
    assert [f.severity for f in findings if f.code.startswith("illegal.")] == ["info"]


def test_a_word_mentioned_as_a_word_drops_to_info():
    findings = body_findings("Paskiainen-sanaa ei kuulu käyttää asiakaspalvelussa.")
    assert {f.severity for f in findings if f.code.startswith("civility.")} == {"info"}


def test_words_outside_the_quotation_still_flag():
    findings = body_findings('Sanoit "hyvää päivää", senkin idiootti.')
    assert [f.severity for f in findings if f.code == "civility.insult"] == ["mild"]


def test_quotation_marks_around_the_whole_comment_are_not_a_quotation():
    text = '"Olet idiootti."'
    assert quoted_ranges(text) == []
    [finding] = [f for f in body_findings(text) if f.code == "civility.insult"]
    assert finding.severity == "mild"


def test_identity_numbers_in_quotes_still_count():
    findings = body_findings('Kirjoitin lomakkeeseen "131052-308T", eikä se kelvannut.')
    assert [f.severity for f in findings if f.code == "illegal.hetu"] == ["strong"]


def test_quoted_abuse_still_waits_for_a_moderator_when_trusted_commenters_skip_the_queue():
    quoted = evaluate(
        Submission("Aino Virtanen", "aino@example.fi", 'Hän sanoi "olet idiootti", ikävää.')
    )
    plain = evaluate(Submission("Aino Virtanen", "aino@example.fi", "Hyvä kirjoitus, kiitos."))
    history = {"approved": 5}
    assert not may_skip_queue(quoted, history, email_confirmed=True, min_approved=3)
    assert may_skip_queue(plain, history, email_confirmed=True, min_approved=3)


def test_a_name_given_with_niminen_drops_to_info():
    findings = body_findings("Perkele-niminen kuoro esiintyi kauppakeskuksen avajaisissa.")
    assert {f.severity for f in findings if f.code.startswith("civility.")} == {"info"}


def test_the_first_words_of_an_open_compound_are_a_name_not_an_insult():
    findings = body_findings("Turpa kiinni -mainos sai paljon kielteistä palautetta.")
    assert {f.severity for f in findings if f.code.startswith("civility.")} == {"info"}
    # A dash between clauses is no open compound.
    insulting = body_findings("Turpa kiinni - kukaan ei kysynyt sinulta.")
    assert any(f.severity != "info" for f in insulting if f.code.startswith("civility."))


def test_an_insult_reported_in_indirect_speech_drops_to_info():
    findings = body_findings("Eräs asiakas kertoi, että kassa on idiootti, ja lähti kaupasta.")
    assert {f.severity for f in findings if f.code == "civility.insult"} == {"info"}


def test_indirect_speech_about_the_reader_or_in_the_writers_own_voice_still_flags():
    for text in ("Kaikki sanovat, että olet idiootti.", "Sanon suoraan, että olet idiootti."):
        findings = body_findings(text)
        assert [f.severity for f in findings if f.code == "civility.insult"] == ["mild"], text


def test_a_vulgar_word_in_indirect_speech_is_still_the_writers_word():
    findings = body_findings("Naapuri sanoi, että koko palvelu on paskaa.")
    assert [f.severity for f in findings if f.code == "civility.vulgar"] == ["strong"]


@pytest.mark.parametrize(
    "text",
    [
        "Saatanan hyvää pullaa, sanoi vanha rouva kahvilan tiskillä.",
        "Senkin idiootti, totesi myyjä asiakkaalle.",  # "totesi" is also "your truth"
    ],
)
def test_direct_speech_with_a_tag_at_the_end_of_its_sentence_drops_to_info(text):
    findings = body_findings(text)
    assert {f.severity for f in findings if f.code.startswith("civility.")} == {"info"}


def test_a_speech_verb_in_the_middle_of_a_sentence_is_no_tag():
    findings = body_findings("Vitun huono palvelu, sanoi naapuri, ja olen itse samaa mieltä.")
    assert [f.severity for f in findings if f.code == "civility.vulgar"] == ["strong"]


@pytest.mark.parametrize(
    "text",
    [
        "Kusipää on murteissa vanha haukkumasana, jota isoisä ei koskaan käyttänyt.",
        "Paskahousu oli sarjakuvan päähenkilö, ja luin sitä lapsena.",
        "Perkele on elokuvan nimi, ja kriitikot pitivät siitä.",
    ],
)
def test_a_word_the_sentence_defines_as_a_word_or_a_name_drops_to_info(text):
    findings = body_findings(text)
    assert findings
    assert {f.severity for f in findings if f.code.startswith("civility.")} == {"info"}


@pytest.mark.parametrize(
    "text",
    [
        "Idiootti on oikea nimitys sinulle.",  # the definition turns to the reader
        "Paska on tämä palvelu, ei siitä mihinkään pääse.",  # no naming word
    ],
)
def test_a_sentence_that_uses_the_word_is_no_definition(text):
    assert {f.severity for f in body_findings(text) if f.code.startswith("civility.")} - {"info"}


def test_a_speech_tag_names_its_speaker_but_a_command_does_not():
    tagged = body_findings("Senkin idiootti, sanoi naapuri portilla.")
    assert {f.severity for f in tagged if f.code == "civility.insult"} == {"info"}
    commanded = body_findings("Senkin idiootti, vastaa nyt.")
    assert {f.severity for f in commanded if f.code == "civility.insult"} == {"mild"}
